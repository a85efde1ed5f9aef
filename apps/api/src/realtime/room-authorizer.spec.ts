import { RoomAuthorizer } from './room-authorizer.js';

describe('RoomAuthorizer', () => {
  const alice = '00000000-0000-4000-8000-00000000000a';
  const bob = '00000000-0000-4000-8000-00000000000b';
  const thread = '00000000-0000-4000-8000-0000000000ff';

  it('lets a user read only their own private room', async () => {
    const authorizer = new RoomAuthorizer();
    expect(await authorizer.mayRead(alice, { kind: 'user', id: alice })).toBe(true);
    expect(await authorizer.mayRead(alice, { kind: 'user', id: bob })).toBe(false);
  });

  it('refuses a room kind nobody registered', async () => {
    expect(await new RoomAuthorizer().mayRead(alice, { kind: 'event', id: thread })).toBe(false);
  });

  it('asks the registered resolver on every call', async () => {
    const authorizer = new RoomAuthorizer();
    const answers = [true, false];
    const calls: [string, string][] = [];
    authorizer.register('thread', (userId, id) => {
      calls.push([userId, id]);
      return Promise.resolve(answers.shift() ?? false);
    });
    expect(await authorizer.mayRead(alice, { kind: 'thread', id: thread })).toBe(true);
    expect(await authorizer.mayRead(alice, { kind: 'thread', id: thread })).toBe(false);
    expect(calls).toEqual([[alice, thread], [alice, thread]]);
  });

  it('refuses a second resolver for the same kind', () => {
    const authorizer = new RoomAuthorizer();
    authorizer.register('event', () => Promise.resolve(true));
    expect(() => authorizer.register('event', () => Promise.resolve(true))).toThrow(/already registered/);
  });
});
