import { parseRoom, rooms } from '@praxis/contracts';

describe('parseRoom', () => {
  const id = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';

  it('reads a room name in any letter case as the one room it names', () => {
    expect(parseRoom(rooms.thread(id))).toEqual({ kind: 'thread', id });
    // The kind is lowercased too: it indexes `rooms`, and `Thread:` once reached a handler as an unknown kind.
    expect(parseRoom(`Thread:${id.toUpperCase()}`)).toEqual({ kind: 'thread', id });
    expect(parseRoom(`USER:${id}`)).toEqual({ kind: 'user', id });
  });

  it('refuses anything that is not exactly a kind and a UUID', () => {
    for (const name of ['thread:', 'thread:../', '../', 'user:*', `thread:${id} `, ` thread:${id}`, `thread:${id}\n`, `session:${id}`, `thread:${id}/../x`, null, 42, { room: id }]) {
      expect(parseRoom(name)).toBeNull();
    }
  });
});
