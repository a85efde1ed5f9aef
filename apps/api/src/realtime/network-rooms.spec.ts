import { registerNetworkRooms } from './network-rooms.js';
import { RoomAuthorizer } from './room-authorizer.js';

describe('registerNetworkRooms', () => {
  const user = '00000000-0000-4000-8000-00000000000a';
  const network = '00000000-0000-4000-8000-0000000000aa';
  const thread = '00000000-0000-4000-8000-0000000000bb';

  it('asks the networks policy for network and thread rooms, every time', async () => {
    const asked: string[] = [];
    let threadReadable = true;
    const authorizer = new RoomAuthorizer();
    registerNetworkRooms(authorizer, {
      canReadNetwork: (u, id) => (asked.push(`network ${u} ${id}`), Promise.resolve(false)),
      canReadThread: (u, id) => (asked.push(`thread ${u} ${id}`), Promise.resolve(threadReadable)),
    });
    expect(await authorizer.mayRead(user, { kind: 'network', id: network })).toBe(false);
    expect(await authorizer.mayRead(user, { kind: 'thread', id: thread })).toBe(true);
    threadReadable = false;
    expect(await authorizer.mayRead(user, { kind: 'thread', id: thread })).toBe(false);
    expect(asked).toEqual([`network ${user} ${network}`, `thread ${user} ${thread}`, `thread ${user} ${thread}`]);
    expect(await authorizer.mayRead(user, { kind: 'event', id: thread })).toBe(false);
  });
});
