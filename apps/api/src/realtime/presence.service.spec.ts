import { PRESENCE_COALESCE_MS, PRESENCE_LISTED, PresenceService } from './presence.service.js';
import type { RealtimeServer } from './realtime.types.js';

/** A room of `viewers` distinct users (one socket each, plus a second tab of the first). */
function roomOf(viewers: number) {
  const emitted: { room: string; users: { id: string }[]; count: number }[] = [];
  let fetches = 0;
  const sockets = Array.from({ length: viewers }, (_, i) => ({ data: { user: { id: `u${i}`, displayName: `Member ${String(i).padStart(4, '0')}` } } }));
  sockets.push({ data: { user: sockets[0].data.user } });
  const target = () => ({
    fetchSockets: () => {
      fetches += 1;
      return Promise.resolve(sockets);
    },
    emit: (_event: string, payload: { room: string; users: { id: string }[]; count: number }) => emitted.push(payload),
  });
  return { server: { to: target, in: target } as unknown as RealtimeServer, emitted, fetches: () => fetches };
}

describe('PresenceService', () => {
  it(`names at most ${PRESENCE_LISTED} viewers by name and counts them all, once each`, async () => {
    const { server } = roomOf(120);
    const { users, count } = await new PresenceService().viewers(server, 'thread:x');
    expect(count).toBe(120);
    expect(users).toHaveLength(PRESENCE_LISTED);
    expect(users[0]).toEqual({ id: 'u0', displayName: 'Member 0000' });
  });

  it('folds the joins of a crowd into one message per room', async () => {
    const { server, emitted, fetches } = roomOf(3);
    const presence = new PresenceService();
    for (let i = 0; i < 100; i += 1) presence.broadcast(server, 'thread:x');
    presence.broadcast(server, 'thread:y');
    expect(emitted).toEqual([]);
    await new Promise((r) => setTimeout(r, PRESENCE_COALESCE_MS + 50));
    expect(emitted.map((e) => [e.room, e.count])).toEqual([['thread:x', 3], ['thread:y', 3]]);
    expect(fetches()).toBe(2);
    // A change after the message went out is told again.
    presence.broadcast(server, 'thread:x');
    await new Promise((r) => setTimeout(r, PRESENCE_COALESCE_MS + 50));
    expect(emitted).toHaveLength(3);
  });
});
