import { rooms } from '@praxis/contracts';
import { DomainEvents } from '../common/domain-events.js';
import { PRESENCE_COALESCE_MS, PresenceService } from './presence.service.js';
import { RealtimeFanout } from './realtime-fanout.js';
import { RoomAuthorizer } from './room-authorizer.js';
import type { RealtimeServer } from './realtime.types.js';

const user = '00000000-0000-4000-8000-00000000000a';
const network = '00000000-0000-4000-8000-0000000000aa';
const readableThread = '00000000-0000-4000-8000-0000000000b1';
const lostThread = '00000000-0000-4000-8000-0000000000b2';
const otherNetwork = '00000000-0000-4000-8000-0000000000cc';

/** A stand-in for the socket.io server that records what the fan-out asks of it. */
function fakeServer(joined: string[][]) {
  const calls: string[] = [];
  const target = (room: string | string[]) => ({
    emit: (event: string, payload: unknown) => calls.push(`emit ${String(room)} ${event} ${JSON.stringify(payload)}`),
    socketsLeave: (left: string) => calls.push(`leave ${String(room)} ${left}`),
    disconnectSockets: () => calls.push(`disconnect ${String(room)}`),
    fetchSockets: () =>
      Promise.resolve(
        joined.map((r, i) => ({
          rooms: new Set(r),
          data: { user: { id: user, displayName: 'A' } },
          leave: (left: string) => calls.push(`leave socket${i} ${left}`),
          emit: (event: string, payload: unknown) => calls.push(`emit socket${i} ${event} ${JSON.stringify(payload)}`),
        })),
      ),
  });
  return { server: { to: target, in: target } as unknown as RealtimeServer, calls };
}

describe('RealtimeFanout', () => {
  const authorizer = new RoomAuthorizer();
  authorizer.register('network', (_u, id) => Promise.resolve(id === otherNetwork));
  authorizer.register('thread', (_u, id) => Promise.resolve(id === readableThread));
  const fanout = new RealtimeFanout(new DomainEvents(), authorizer, new PresenceService());

  it('emits a room event to its room, and refuses private rooms', () => {
    const { server, calls } = fakeServer([]);
    const room = rooms.thread(readableThread);
    fanout.roomEvent(server, { room, event: 'post.deleted', payload: { room, seq: 7, postId: 'p' } });
    fanout.roomEvent(server, { room: rooms.user(user), event: 'post.deleted', payload: { room: rooms.user(user), seq: 1, postId: 'p' } });
    expect(calls).toEqual([`emit ${room} post.deleted {"room":"${room}","seq":7,"postId":"p"}`]);
  });

  it('makes every socket of the user leave the network and thread rooms it may no longer read', async () => {
    const { server, calls } = fakeServer([
      [rooms.user(user), rooms.network(network), rooms.thread(readableThread)],
      [rooms.user(user), rooms.thread(lostThread), rooms.network(otherNetwork)],
    ]);
    await fanout.accessChanged(server, { userId: user, networkId: network });
    const leaves = calls.filter((c) => c.startsWith('leave'));
    expect(leaves.sort()).toEqual([`leave ${rooms.user(user)} ${rooms.network(network)}`, `leave socket1 ${rooms.thread(lostThread)}`].sort());
    expect(calls).toContain(`emit socket1 room.unsubscribed {"room":"${rooms.thread(lostThread)}","reason":"access-changed"}`);
  });

  it('re-asks the policy for every socket in rooms whose access changed, then sends what follows', async () => {
    const lost = rooms.thread(lostThread);
    const kept = rooms.thread(readableThread);
    const { server, calls } = fakeServer([[rooms.user(user), lost, kept]]);
    // Its own presence service: one shared with the test before could still hold that test's pending message.
    const fanout = new RealtimeFanout(new DomainEvents(), authorizer, new PresenceService());
    await fanout.roomsAccessChanged(server, { rooms: [lost, kept], then: [{ room: kept, event: 'post.deleted', payload: { room: kept, seq: 3, postId: 'p' } }] });
    await new Promise((r) => setTimeout(r, PRESENCE_COALESCE_MS + 50));
    // The room that lost a viewer is told who is left (the fake still lists the socket there).
    expect(calls.filter((c) => c.includes(' presence ')).map((c) => c.split(' ')[1])).toEqual([lost]);
    expect(calls.filter((c) => !c.includes(' presence '))).toEqual([
      `leave socket0 ${lost}`,
      `emit socket0 room.unsubscribed {"room":"${lost}","reason":"access-changed"}`,
      `emit ${kept} post.deleted {"room":"${kept}","seq":3,"postId":"p"}`,
    ]);
  });

  it('closes the sockets of revoked sessions and of users whose access ended', () => {
    const { server, calls } = fakeServer([]);
    fanout.sessionsRevoked(server, { userId: user, sessionIds: ['s1', 's2'] });
    fanout.sessionsRevoked(server, { userId: user, sessionIds: [] });
    fanout.accessEnded(server, { userId: user });
    expect(calls).toEqual(['disconnect session:s1,session:s2', `disconnect ${rooms.user(user)}`]);
  });
});
