import { randomBytes } from 'node:crypto';
import { rooms } from '@praxis/contracts';
import { createMember, signInAdmin, startTestApp, type SignedIn, type TestApp } from '../support/test-app.js';
import { findRedis } from '../support/redis.js';
import { connectSocket, subscribe, type TestSocket } from '../support/socket-client.js';

/**
 * E6 attendance with two API nodes sharing one database and one Redis (R5): a member's sockets
 * may live on both nodes; only the last one leaving the event room is a leave, and a session
 * started through one node joins the attendees waiting in the room on the other. Redis is
 * TEST_REDIS_URL, or the machine's at 127.0.0.1:6379; without one there are no shared rooms to
 * test and the file says so.
 */
const redisUrl = await findRedis();
if (!redisUrl) console.warn('events-multinode: no Redis at TEST_REDIS_URL or 127.0.0.1:6379; attendance across nodes is not tested');

(redisUrl ? describe : describe.skip)('event attendance across two API nodes', () => {
  let a: TestApp;
  let b: TestApp;
  const sockets: TestSocket[] = [];
  const auth = (who: SignedIn) => ({ Authorization: `Bearer ${who.token}` });
  const open = async (node: TestApp, who: SignedIn) => {
    const socket = await connectSocket(node.url, { token: who.token });
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    const shared = { REDIS_URL: redisUrl!, REDIS_PREFIX: `praxis-test-ev-${randomBytes(6).toString('hex')}` };
    a = await startTestApp(shared);
    b = await startTestApp({ ...shared, JWT_SECRET: a.config.jwtSecret }, {}, { databaseUrl: a.databaseUrl });
  }, 90_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await b?.close();
    await a?.close();
  });

  it('joins at the start from the other node, and leaves only when the last socket on either node is gone', async () => {
    const admin = await signInAdmin(a);
    const member = await createMember(a);
    const startsAt = new Date(Date.now() + 10 * 60_000);
    const id = (
      await a.http.post('/api/v1/events').set(auth(admin)).send({
        title: 'Two-node briefing', kind: 'briefing', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
        timeZone: 'UTC', registrationMode: 'open', visibility: 'members',
      }).expect(201)
    ).body.id as string;
    await a.http.post(`/api/v1/events/${id}/registrations`).set(auth(member)).expect(201);
    const stays = () =>
      a.sql<{ leftAt: Date | null }>(`SELECT left_at AS "leftAt" FROM event_attendance WHERE event_id = $1 AND user_id = $2 ORDER BY joined_at`, [id, member.user.id]);
    const until = async (check: () => Promise<boolean>, what: string) => {
      for (let i = 0; i < 100; i += 1) {
        if (await check()) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`timed out waiting for ${what}`);
    };

    // The member waits in the room on node B; the host starts the session through node A.
    const onB = await open(b, member);
    expect((await subscribe(onB, rooms.event(id))).ok).toBe(true);
    await a.http.post(`/api/v1/events/${id}/live/start`).set(auth(admin)).expect(200);
    expect(await stays()).toEqual([{ leftAt: null }]);

    // A second tab on node A; the tab on node B closes: still in the room on A, so no leave.
    const onA = await open(a, member);
    expect((await subscribe(onA, rooms.event(id))).ok).toBe(true);
    onB.disconnect();
    await new Promise((r) => setTimeout(r, 500));
    expect(await stays()).toEqual([{ leftAt: null }]);

    // The last socket, on node A, closes: the leave is recorded.
    onA.disconnect();
    await until(async () => (await stays())[0]?.leftAt !== null, 'the leave');
    expect(await stays()).toHaveLength(1);
    await a.http.post(`/api/v1/events/${id}/live/end`).set(auth(admin)).expect(200);
  }, 60_000);
});
