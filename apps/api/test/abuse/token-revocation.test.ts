import { jest } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { rooms } from '@praxis/contracts';
import { createMember, signIn, signInAdmin, startTestApp, tokenFromMail, type SignedIn, type TestApp } from '../support/test-app.js';
import { findRedis } from '../support/redis.js';
import { collect, connectSocket, settle, subscribe, type TestSocket } from '../support/socket-client.js';

/**
 * A3, A8, N4, R1, R2: whatever ends someone's access ends it everywhere, within a bounded time.
 * After a sign-out, a sign-out everywhere, a password change, a password reset, a suspension and a
 * refresh-token reuse, the old access token answers 401 on both API nodes, the old refresh cookie
 * answers 401, every open socket of the ended sessions is cut (the one on the OTHER node too), and
 * a new handshake with the old token is refused. After a network ban, the network's content
 * answers 404 and the sockets leave its rooms, while the rest of the account keeps working.
 *
 * Two API processes share one database and one Redis (as in realtime-multinode); every action goes
 * through node A, and the time until the socket on node B is cut is measured and logged. Without
 * any Redis the suite runs on one node (A and B are the same process) and says so.
 */
const redisUrl = await findRedis();
if (!redisUrl) console.warn('token-revocation: no Redis at TEST_REDIS_URL or 127.0.0.1:6379; checking one node only');

/** How long a revocation may take to cut a socket (or take it out of a room), on either node. */
const CUT_BOUND_MS = 5000;

type Session = { token: string; cookie: string };
type Node = { name: 'A' | 'B'; app: TestApp };

const cookieOf = (response: Response) =>
  ([] as string[])
    .concat(response.headers['set-cookie'] ?? [])
    .map((c) => c.split(';')[0])
    .filter((c) => c.endsWith('=') === false)
    .join('; ');
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const brief = (body: unknown) => JSON.stringify(body ?? null).slice(0, 160);

describe(redisUrl ? 'token revocation across two API nodes sharing Redis' : 'token revocation on one API node (no Redis)', () => {
  jest.setTimeout(120_000);
  let a: TestApp;
  let b: TestApp;
  let nodes: Node[];
  let admin: SignedIn;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    if (redisUrl) {
      const shared = { REDIS_URL: redisUrl, REDIS_PREFIX: `praxis-test-tr-${randomBytes(6).toString('hex')}` };
      a = await startTestApp(shared);
      b = await startTestApp({ ...shared, JWT_SECRET: a.config.jwtSecret }, {}, { databaseUrl: a.databaseUrl });
      nodes = [{ name: 'A', app: a }, { name: 'B', app: b }];
    } else {
      a = await startTestApp();
      b = a;
      nodes = [{ name: 'A', app: a }];
    }
    admin = await signInAdmin(a);
  });
  afterAll(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    if (b && b !== a) await b.close();
    await a?.close();
  });

  it('refuses old access tokens, refresh cookies and sockets on every node once access ends', async () => {
    const failures: string[] = [];
    /** Time from the revoking request to the cut of a socket on node B (the other node), per scenario. */
    const otherNode: { label: string; ms: number }[] = [];
    const sameNode: { label: string; ms: number }[] = [];

    const expectStatus = async (label: string, pending: PromiseLike<Response>, expected: number | ((s: number) => boolean)) => {
      const response = await pending;
      const good = typeof expected === 'number' ? response.status === expected : expected(response.status);
      if (!good) failures.push(`${label}: expected ${typeof expected === 'number' ? expected : 'success'}, got ${response.status} ${brief(response.body)}`);
      return response;
    };
    const success = (s: number) => s >= 200 && s < 300;

    const open = async (node: TestApp, token: string) => {
      const socket = await connectSocket(node.url, { token });
      sockets.push(socket);
      return socket;
    };

    /** Starts watching a socket for its cut; `check` then waits for it until CUT_BOUND_MS after `since`. */
    function cutWatch(socket: TestSocket) {
      let at: number | null = null;
      let reason = '';
      const cut = new Promise<void>((resolve) => {
        socket.once('disconnect', (why) => {
          at = Date.now();
          reason = why;
          resolve();
        });
      });
      return async (label: string, since: number, into: { label: string; ms: number }[]) => {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([cut, new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, since + CUT_BOUND_MS - Date.now()))))]);
        clearTimeout(timer);
        if (at === null) return failures.push(`${label}: socket still connected ${CUT_BOUND_MS} ms after the revocation`);
        if (reason !== 'io server disconnect') failures.push(`${label}: socket closed with reason "${reason}", not by the server`);
        into.push({ label, ms: at - since });
      };
    }

    /** Opens a socket with `session` on each node, each watched for its cut. */
    async function socketsOf(session: Session) {
      const onA = await open(a, session.token);
      const onB = b === a ? onA : await open(b, session.token);
      return { onA, onB, cutA: cutWatch(onA), cutB: b === a ? null : cutWatch(onB) };
    }
    type Watched = Awaited<ReturnType<typeof socketsOf>>;

    async function expectCut(scenario: string, watched: Watched, since: number) {
      await watched.cutA(`${scenario}: socket on node A`, since, b === a ? otherNode : sameNode);
      if (watched.cutB) await watched.cutB(`${scenario}: socket on node B (other node)`, since, otherNode);
    }

    /** The old token, the old cookie and a new handshake with the old token, refused on every node. */
    async function expectEnded(scenario: string, who: string, session: Session) {
      for (const { name, app } of nodes) {
        await expectStatus(`${scenario}: ${who} GET /me with the old access token on node ${name}`, app.http.get('/api/v1/me').set(bearer(session.token)), 401);
        await expectStatus(`${scenario}: ${who} GET /notifications with the old access token on node ${name}`, app.http.get('/api/v1/notifications').set(bearer(session.token)), 401);
        await expectStatus(`${scenario}: ${who} GET /auth/sessions with the old access token on node ${name}`, app.http.get('/api/v1/auth/sessions').set(bearer(session.token)), 401);
      }
      for (const { name, app } of nodes) {
        await expectStatus(`${scenario}: ${who} POST /auth/refresh with the old cookie on node ${name}`, app.http.post('/api/v1/auth/refresh').set('Cookie', session.cookie), 401);
      }
      for (const { name, app } of nodes) {
        const outcome = await connectSocket(app.url, { token: session.token }).then(
          (socket) => {
            socket.close();
            return 'accepted';
          },
          (error: Error & { data?: { code?: string } }) => `${error.message} (${error.data?.code})`,
        );
        if (outcome !== 'invalid or expired token (unauthorized)') failures.push(`${scenario}: ${who} reconnecting a socket with the old token on node ${name}: ${outcome}`);
      }
    }

    /** A session that must be untouched: its token works and its refresh rotates on every node. */
    async function expectAlive(scenario: string, who: string, session: Session): Promise<Session> {
      let current = session;
      for (const { name, app } of nodes) {
        await expectStatus(`${scenario}: ${who} GET /me on node ${name}`, app.http.get('/api/v1/me').set(bearer(current.token)), 200);
        const refreshed = await expectStatus(`${scenario}: ${who} POST /auth/refresh on node ${name}`, app.http.post('/api/v1/auth/refresh').set('Cookie', current.cookie), 200);
        if (refreshed.status === 200) current = { token: refreshed.body.accessToken as string, cookie: cookieOf(refreshed) };
      }
      return current;
    }

    /** A member signed in on two devices: one through node A, one through node B, each with a socket on both nodes. */
    async function twoDevices() {
      const member = await createMember(a);
      const second = await signIn(b, member.user.email, member.password);
      const first: Session = { token: member.token, cookie: member.cookie };
      const other: Session = { token: second.token, cookie: second.cookie };
      return { member, first, other, firstSockets: await socketsOf(first), otherSockets: await socketsOf(other) };
    }

    async function scenario(name: string, work: () => Promise<void>) {
      try {
        await work();
      } catch (error) {
        failures.push(`${name}: ${(error as Error).stack ?? String(error)}`);
      }
    }

    const started = Date.now();

    await scenario('logout', async () => {
      const { first, other, firstSockets, otherSockets } = await twoDevices();
      const since = Date.now();
      await expectStatus('logout: POST /auth/logout on node A', a.http.post('/api/v1/auth/logout').set(bearer(first.token)).set('Cookie', first.cookie), 204);
      await expectCut('logout', firstSockets, since);
      await expectEnded('logout', 'the signed-out device', first);
      // Only this session ends: the other device keeps its token, its cookie and its sockets.
      await expectAlive('logout', 'the other device', other);
      if (!otherSockets.onA.connected || !otherSockets.onB.connected) failures.push('logout: the other device’s sockets were closed too');
    });

    await scenario('logout-all', async () => {
      const { first, other, firstSockets, otherSockets } = await twoDevices();
      const since = Date.now();
      await expectStatus('logout-all: POST /auth/logout-all on node A', a.http.post('/api/v1/auth/logout-all').set(bearer(first.token)).set('Cookie', first.cookie), 204);
      await expectCut('logout-all (this device)', firstSockets, since);
      await expectCut('logout-all (other device)', otherSockets, since);
      await expectEnded('logout-all', 'this device', first);
      await expectEnded('logout-all', 'the other device', other);
    });

    await scenario('password change', async () => {
      const { member, first, other, firstSockets, otherSockets } = await twoDevices();
      const password = `a new passphrase ${randomBytes(4).toString('hex')} for tests`;
      // A wrong current password changes nothing and ends nothing.
      await expectStatus(
        'password change: POST /auth/password with a wrong current password',
        a.http.post('/api/v1/auth/password').set(bearer(first.token)).send({ currentPassword: 'not the password at all', password }),
        (s) => s === 400 || s === 403,
      );
      await expectStatus('password change: the session after a refused change', a.http.get('/api/v1/me').set(bearer(first.token)), 200);
      const since = Date.now();
      const changed = await expectStatus(
        'password change: POST /auth/password on node A',
        a.http.post('/api/v1/auth/password').set(bearer(first.token)).set('Cookie', first.cookie).send({ currentPassword: member.password, password }),
        200,
      );
      await expectCut('password change (this device)', firstSockets, since);
      await expectCut('password change (other device)', otherSockets, since);
      await expectEnded('password change', 'this device', first);
      await expectEnded('password change', 'the other device', other);
      // The device that changed it carries on with the new session it was given.
      if (typeof changed.body?.accessToken !== 'string' || !cookieOf(changed)) {
        failures.push(`password change: no new access token and refresh cookie in the answer: ${brief(changed.body)}`);
      } else {
        const renewed = await expectAlive('password change', 'the new session', { token: changed.body.accessToken as string, cookie: cookieOf(changed) });
        const socket = await open(b, renewed.token).catch((error: Error) => error);
        if (socket instanceof Error) failures.push(`password change: a socket with the new session's token on node B was refused: ${socket.message}`);
      }
      await expectStatus('password change: signing in with the old password', b.http.post('/api/v1/auth/login').send({ email: member.user.email, password: member.password }), 401);
      await expectStatus('password change: signing in with the new password', b.http.post('/api/v1/auth/login').send({ email: member.user.email, password }), 200);
    });

    await scenario('password reset', async () => {
      const { member, first, other, firstSockets, otherSockets } = await twoDevices();
      await expectStatus('password reset: POST /auth/password-reset', a.http.post('/api/v1/auth/password-reset').send({ email: member.user.email }), 202);
      const token = await tokenFromMail(a, member.user.email, '/reset-password');
      const password = `a reset passphrase ${randomBytes(4).toString('hex')} for tests`;
      const since = Date.now();
      await expectStatus('password reset: POST /auth/password-reset/confirm on node A', a.http.post('/api/v1/auth/password-reset/confirm').send({ token, password }), 200);
      await expectCut('password reset (first device)', firstSockets, since);
      await expectCut('password reset (other device)', otherSockets, since);
      await expectEnded('password reset', 'the first device', first);
      await expectEnded('password reset', 'the other device', other);
    });

    await scenario('suspension', async () => {
      const { member, first, other, firstSockets, otherSockets } = await twoDevices();
      const since = Date.now();
      await expectStatus(
        'suspension: POST /admin/users/:id/suspend on node A',
        a.http.post(`/api/v1/admin/users/${member.user.id}/suspend`).set(bearer(admin.token)).send({ reason: 'Token revocation suite' }),
        success,
      );
      await expectCut('suspension (first device)', firstSockets, since);
      await expectCut('suspension (other device)', otherSockets, since);
      await expectEnded('suspension', 'the first device', first);
      await expectEnded('suspension', 'the other device', other);
      await expectStatus('suspension: signing in again on node B', b.http.post('/api/v1/auth/login').send({ email: member.user.email, password: member.password }), 403);
    });

    await scenario('refresh-token reuse', async () => {
      const { first, other, otherSockets } = await twoDevices();
      // Rotate once through node A: the first cookie is now spent, the rotated-to one is live.
      const rotated = await expectStatus('refresh reuse: first rotation on node A', a.http.post('/api/v1/auth/refresh').set('Cookie', first.cookie), 200);
      const next: Session = { token: rotated.body.accessToken as string, cookie: cookieOf(rotated) };
      const nextSockets = await socketsOf(next);
      const since = Date.now();
      // The spent cookie presented again (a thief's copy): the whole family ends.
      await expectStatus('refresh reuse: the spent cookie presented again on node A', a.http.post('/api/v1/auth/refresh').set('Cookie', first.cookie), 401);
      await expectCut('refresh reuse (rotated-to token)', nextSockets, since);
      await expectEnded('refresh reuse', 'the rotated-to session', next);
      await expectEnded('refresh reuse', 'the original token', first);
      // Another sign-in of the same person is another family and carries on.
      await expectAlive('refresh reuse', 'another device', other);
      if (!otherSockets.onA.connected || !otherSockets.onB.connected) failures.push('refresh reuse: another device’s sockets were closed too');
    });

    await scenario('network ban', async () => {
      const slug = `tr-${randomUUID().slice(0, 8)}`;
      const network = await a.http.post('/api/v1/networks').set(bearer(admin.token)).send({ name: `Network ${slug}`, slug, description: 'Banned from here.', visibility: 'restricted' }).expect(201);
      const networkId = network.body.id as string;
      const control = await a.http.post('/api/v1/networks').set(bearer(admin.token)).send({ name: `Network ${slug}-open`, slug: `${slug}-open`, description: 'Still here.', visibility: 'open' }).expect(201);
      const controlId = control.body.id as string;
      const member = await createMember(a);
      await a.http.post(`/api/v1/networks/${networkId}/join`).set(bearer(member.token)).send({ message: 'I work on these cases' }).expect(201);
      await a.http.post(`/api/v1/networks/${networkId}/join-requests/${member.user.id}/approve`).set(bearer(admin.token)).expect(201);
      await a.http.post(`/api/v1/networks/${controlId}/join`).set(bearer(member.token)).send({}).expect(201);
      const thread = await a.http.post(`/api/v1/networks/${networkId}/threads`).set(bearer(admin.token)).send({ title: 'Referral pathways', body: 'Who takes the case first?', clientId: randomUUID() }).expect(201);
      const threadId = thread.body.id as string;
      const startsAt = new Date(Date.now() + 86_400_000);
      const event = await a.http
        .post('/api/v1/events')
        .set(bearer(admin.token))
        .send({ title: 'Case briefing', description: 'Network only.', kind: 'briefing', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(), timeZone: 'Europe/Vienna', registrationMode: 'open', visibility: 'network', networkId })
        .expect(201);
      const eventId = event.body.id as string;
      await a.http.post(`/api/v1/events/${eventId}/registrations`).set(bearer(member.token)).send({}).expect(201);

      const banned = [rooms.network(networkId), rooms.thread(threadId), rooms.event(eventId)];
      const session: Session = { token: member.token, cookie: member.cookie };
      // The member's socket on each node, in the network's three rooms and in the open network's.
      const seen = [];
      for (const { name, app } of nodes) {
        const socket = await open(app, session.token);
        for (const room of [...banned, rooms.network(controlId)]) {
          const ack = await subscribe(socket, room);
          if (!ack.ok) failures.push(`network ban: the member could not subscribe to ${room} on node ${name} before the ban: ${brief(ack)}`);
        }
        seen.push({ name, socket, notices: collect(socket, 'room.unsubscribed', 'post.created') });
      }

      const since = Date.now();
      await expectStatus('network ban: POST /networks/:id/members/:userId/ban on node A', a.http.post(`/api/v1/networks/${networkId}/members/${member.user.id}/ban`).set(bearer(admin.token)).send({ reason: 'Token revocation suite' }), success);
      for (const { name, socket, notices } of seen) {
        const label = `network ban: socket on node ${name}${name === 'B' ? ' (other node)' : ''}`;
        const deadline = since + CUT_BOUND_MS;
        const left = () => new Set(notices.received.filter((r) => r.event === 'room.unsubscribed').map((r) => (r.payload as { room: string }).room));
        while (banned.some((room) => !left().has(room)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        const missing = banned.filter((room) => !left().has(room));
        if (missing.length) failures.push(`${label}: not taken out of ${missing.join(', ')} within ${CUT_BOUND_MS} ms`);
        else (name === 'B' || b === a ? otherNode : sameNode).push({ label, ms: Date.now() - since });
        if (left().has(rooms.network(controlId))) failures.push(`${label}: taken out of the open network it still belongs to`);
        if (!socket.connected) failures.push(`${label}: the whole socket was closed, not just the network's rooms`);
      }
      // Nothing from the thread reaches the banned member any more, on either node.
      await a.http.post(`/api/v1/threads/${threadId}/posts`).set(bearer(admin.token)).send({ body: 'Posted after the ban', clientId: randomUUID() }).expect(201);
      for (const { name, app } of nodes) {
        await expectStatus(`network ban: GET /networks/:id/threads on node ${name}`, app.http.get(`/api/v1/networks/${networkId}/threads`).set(bearer(session.token)), 404);
        await expectStatus(`network ban: GET /threads/:id on node ${name}`, app.http.get(`/api/v1/threads/${threadId}`).set(bearer(session.token)), 404);
        await expectStatus(`network ban: GET /threads/:id/posts on node ${name}`, app.http.get(`/api/v1/threads/${threadId}/posts`).set(bearer(session.token)), 404);
        await expectStatus(`network ban: GET /events/:id on node ${name}`, app.http.get(`/api/v1/events/${eventId}`).set(bearer(session.token)), 404);
        // The rest of the account keeps working.
        await expectStatus(`network ban: GET /me on node ${name}`, app.http.get('/api/v1/me').set(bearer(session.token)), 200);
        await expectStatus(`network ban: GET /networks/:open/threads on node ${name}`, app.http.get(`/api/v1/networks/${controlId}/threads`).set(bearer(session.token)), 200);
      }
      await expectAlive('network ban', 'the banned member', session);
      for (const { name, socket } of seen) {
        for (const room of banned) {
          const ack = await subscribe(socket, room);
          if (ack.ok) failures.push(`network ban: node ${name} let the banned member subscribe to ${room} again`);
        }
        if (!socket.connected) failures.push(`network ban: socket on node ${name} closed`);
      }
      // The post went out before the REST checks above; a short settle covers a slow broadcast.
      await settle(200);
      for (const { name, notices } of seen) {
        const posts = notices.received.filter((r) => r.event === 'post.created');
        if (posts.length) failures.push(`network ban: socket on node ${name} received ${posts.length} post(s) of the network after the ban`);
      }
    });

    const max = (list: { ms: number }[]) => (list.length ? Math.max(...list.map((c) => c.ms)) : NaN);
    const each = otherNode.map((c) => `${c.label.split(':')[0]} ${c.ms}`).join(', ');
    console.log(
      b === a
        ? `token-revocation (one node, no Redis): max time to cut a socket ${max(otherNode)} ms (${each}); ` +
            `suite ${Date.now() - started} ms; ${failures.length} failures`
        : `token-revocation (two nodes sharing Redis): max time to cut a socket on the other node ${max(otherNode)} ms (${each}); ` +
            `on the node that took the request ${max(sameNode)} ms; suite ${Date.now() - started} ms; ${failures.length} failures`,
    );
    expect(failures).toEqual([]);
  });
});
