import { jest } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { access, constants } from 'node:fs/promises';
import { Redis } from 'ioredis';
import { rooms } from '@praxis/contracts';
import { freePort } from '../../src/database/embedded-postgres.js';
import { createMember, signInAdmin, startTestApp, type TestApp } from '../support/test-app.js';
import { connectSocket, subscribe, type TestSocket } from '../support/socket-client.js';

/**
 * Issue 10, item 2: Redis restarted under load. Two API nodes share one database and a PRIVATE
 * redis-server (a free port, no persistence; the machine's Redis is never touched), which the test
 * restarts twice on the same port: once with SHUTDOWN NOSAVE, once with SIGKILL, each time starting
 * it again empty after a few seconds, while members post through node A (each post with a clientId,
 * retried until acknowledged) and sockets on node B follow the thread.
 *
 * Checks: posting through node A never fails while Redis is away (201 only); every socket on B
 * holds every post after catch-up (what it missed live is fetched with afterSeq, as the web client
 * does), so 0 cross-node events are missing; posts made once Redis is back reach every socket on B
 * live, without the test re-subscribing (the adapter's stream reader and pub/sub come back by
 * themselves); the sign-in limit per account is still enforced on a node while Redis is down (429
 * after the limit, never a 500) while a member with the right password still signs in; /api/ready
 * reports Redis down on both nodes during the outage and ready after. Figures: time to heal (Redis
 * back to the first live delivery on B of a post made after it) and how many events needed catch-up.
 *
 * Without /usr/bin/redis-server (REDIS_SERVER overrides the path) the suite is skipped with a warning.
 */
const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';
const haveRedisServer = await access(REDIS_SERVER, constants.X_OK).then(
  () => true,
  () => false,
);
if (!haveRedisServer) console.warn(`redis-restart: ${REDIS_SERVER} is missing; the Redis restart suite is skipped`);

const FULL = process.env.FAULTS_SCALE === 'full';
const WRITERS = FULL ? 30 : 8;
const SOCKETS_ON_B = FULL ? 20 : 6;
const DOWN_MS = FULL ? 5000 : 3000;
const AFTER_HEAL_MS = FULL ? 4000 : 2000;
/** The sign-in limit per account in this suite (per node while Redis is down). */
const LOGIN_LIMIT = 5;
const WRONG_LOGINS = LOGIN_LIMIT + 4;
const REQUEST_BOUND_MS = 30_000;
const HEAL_BOUND_MS = 30_000;
const POST_BOUND_MS = 60_000;

/** status 0: no answer (error says why). */
type Answer = { status: number; body: unknown; ms: number; error?: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const brief = (body: unknown) => JSON.stringify(body ?? null).slice(0, 200);

/** A redis-server of this test's own, restartable on the same port. */
class PrivateRedis {
  private child: ChildProcess | null = null;
  constructor(readonly port: number) {}

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(REDIS_SERVER, ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'], { stdio: 'ignore' });
    this.child = child;
    const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`))));
    exited.catch(() => undefined);
    const deadline = Date.now() + 10_000;
    for (;;) {
      const probe = new Redis(this.url, { lazyConnect: true, connectTimeout: 500, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined);
      try {
        await Promise.race([probe.connect().then(() => probe.ping()), exited]);
        return;
      } catch (error) {
        if (Date.now() > deadline || child.exitCode !== null) throw error;
        await sleep(50);
      } finally {
        probe.disconnect();
      }
    }
  }

  /** SHUTDOWN NOSAVE (the server closes every connection and exits) or SIGKILL. */
  async stop(how: 'shutdown' | 'kill'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (how === 'kill') child.kill('SIGKILL');
    else {
      const client = new Redis(this.url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
      client.on('error', () => undefined);
      await client.call('SHUTDOWN', 'NOSAVE').catch(() => undefined);
      client.disconnect();
    }
    await exited;
    this.child = null;
  }
}

(haveRedisServer ? describe : describe.skip)('Redis restarted under load (two API nodes)', () => {
  jest.setTimeout(FULL ? 600_000 : 240_000);
  let redis: PrivateRedis;
  let a: TestApp | undefined;
  let b: TestApp | undefined;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    redis = new PrivateRedis(await freePort());
    await redis.start();
    const shared = {
      REDIS_URL: redis.url,
      REDIS_PREFIX: `praxis-fault-redis-${randomBytes(6).toString('hex')}`,
      RATE_LIMIT_POSTS_PER_USER: '1000000/1m',
      RATE_LIMIT_LOGIN_PER_ACCOUNT: `${LOGIN_LIMIT}/1m`,
    };
    a = await startTestApp(shared);
    b = await startTestApp({ ...shared, JWT_SECRET: a.config.jwtSecret }, {}, { databaseUrl: a.databaseUrl });
  });
  afterAll(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await b?.close();
    await a?.close();
    // The adapter's stream readers leave after their blocking XREAD returns (blockTimeInMs 2000): a
    // server killed before that leaves them reconnecting forever and jest never exits.
    await sleep(2500);
    await redis?.stop('kill');
  });

  it('misses no cross-node event after catch-up, resubscribes by itself and keeps rate limits', async () => {
    const nodeA = a!;
    const nodeB = b!;
    const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
    const admin = await signInAdmin(nodeA);
    const slug = `redis-${randomBytes(4).toString('hex')}`;
    const network = await nodeA.http.post('/api/v1/networks').set(bearer(admin.token)).send({ name: `Network ${slug}`, slug, description: 'Restarts.', visibility: 'open' }).expect(201);
    const thread = await nodeA.http
      .post(`/api/v1/networks/${network.body.id}/threads`)
      .set(bearer(admin.token))
      .send({ title: 'Through Redis restarts', body: 'Every reply must reach node B.', clientId: randomUUID() })
      .expect(201);
    const threadId = thread.body.id as string;
    const room = rooms.thread(threadId);
    const members: { token: string; email: string; password: string }[] = [];
    for (let i = 0; i < Math.max(WRITERS, SOCKETS_ON_B) + 4; i++) {
      const member = await createMember(nodeA);
      await nodeA.http.post(`/api/v1/networks/${network.body.id}/join`).set(bearer(member.token)).send({}).expect(201);
      members.push({ token: member.token, email: member.user.email, password: member.password });
    }
    // Four accounts kept aside: one for the shared-limit control, one per outage for the sign-in burst, one to sign in rightly.
    const [controlTarget, target1, target2, rightful] = members.splice(members.length - 4, 4);

    const problems = new Map<string, { count: number; example: string }>();
    const fail = (kind: string, example: string) => {
      const known = problems.get(kind);
      if (known) known.count += 1;
      else problems.set(kind, { count: 1, example });
    };
    const unhandled = (reason: unknown) => fail('unhandled rejection in an API process', String((reason as Error)?.stack ?? reason).slice(0, 300));
    process.on('unhandledRejection', unhandled);

    async function call(node: TestApp, method: 'GET' | 'POST', url: string, token: string | null, body?: unknown): Promise<Answer> {
      const started = Date.now();
      try {
        const response = await fetch(`${node.url}${url}`, {
          method,
          headers: { ...(token ? bearer(token) : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
          signal: AbortSignal.timeout(REQUEST_BOUND_MS),
        });
        const text = await response.text();
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // kept as text
        }
        return { status: response.status, body: parsed, ms: Date.now() - started };
      } catch (error) {
        return { status: 0, body: null, error: (error as Error).name === 'TimeoutError' ? `no answer within ${REQUEST_BOUND_MS} ms` : String(error), ms: Date.now() - started };
      }
    }
    const wrongLogin = (node: TestApp, email: string) => call(node, 'POST', '/api/v1/auth/login', null, { email, password: 'not the password at all' });

    // ---- control, Redis up: the per-account limit is shared by both nodes --------------------------
    for (let i = 0; i < LOGIN_LIMIT; i++) {
      const answer = await wrongLogin(nodeA, controlTarget.email);
      if (answer.status !== 401) fail('control: wrong password on node A not answered 401', `attempt ${i + 1}: ${answer.status}`);
    }
    const shared = await wrongLogin(nodeB, controlTarget.email);
    if (shared.status !== 429) fail('control: the limit reached on node A does not hold on node B (Redis up)', `${shared.status}`);

    // ---- sockets on node B ---------------------------------------------------------------------
    type Seen = { seq: number; at: number };
    const views: { socket: TestSocket; seen: Seen[]; disconnected: string | null }[] = [];
    for (let i = 0; i < SOCKETS_ON_B; i++) {
      const socket = await connectSocket(nodeB.url, { token: members[i].token });
      sockets.push(socket);
      const ack = await subscribe(socket, room);
      if (!ack.ok) throw new Error(`subscribe on node B refused: ${JSON.stringify(ack)}`);
      const view = { socket, seen: [] as Seen[], disconnected: null as string | null };
      socket.on('post.created', (payload) => view.seen.push({ seq: payload.seq, at: Date.now() }));
      socket.on('disconnect', (reason) => (view.disconnected = reason));
      views.push(view);
    }

    // ---- writers through node A ------------------------------------------------------------------
    type Ack = { postId: string; seq: number; at: number; startedAt: number };
    const acks = new Map<string, Ack>();
    const generated = new Set<string>();
    let stopping = false;
    let redisDown = false;
    const postAnswers = new Map<string, number>();

    async function writer(i: number) {
      const token = members[i].token;
      for (let index = 0; !stopping; index++) {
        const clientId = randomUUID();
        generated.add(clientId);
        const text = `Reply ${index} of writer ${i}`;
        const startedAt = Date.now();
        for (;;) {
          if (Date.now() - startedAt > POST_BOUND_MS) {
            fail('post never acknowledged', clientId);
            break;
          }
          const down = redisDown;
          const answer = await call(nodeA, 'POST', `/api/v1/threads/${threadId}/posts`, token, { body: text, clientId });
          const key = `${answer.status} while Redis ${down ? 'down' : 'up'}`;
          postAnswers.set(key, (postAnswers.get(key) ?? 0) + 1);
          if (answer.status === 201) {
            const post = answer.body as { id: string; seq: number };
            acks.set(clientId, { postId: post.id, seq: post.seq, at: Date.now(), startedAt });
            break;
          }
          fail(`POST through node A answered ${answer.status || answer.error}`, `while Redis ${down ? 'down' : 'up'}: ${answer.status ? brief(answer.body) : ''}`);
          await sleep(500);
        }
        await sleep(20 + Math.random() * 60);
      }
    }
    const writers = members.slice(0, WRITERS).map((_, i) => writer(i));

    // ---- the restarts ----------------------------------------------------------------------------
    const waitFor = async (condition: () => boolean, boundMs: number) => {
      const deadline = Date.now() + boundMs;
      while (!condition()) {
        if (Date.now() > deadline) return false;
        await sleep(50);
      }
      return true;
    };
    const rounds: { how: 'shutdown' | 'kill'; target: typeof target1; stopAt: number; backAt: number; healAt: number; readyMs: number; login: string }[] = [];
    try {
      for (const [how, target] of [['shutdown', target1], ['kill', target2]] as const) {
        const before = acks.size;
        await waitFor(() => acks.size >= before + WRITERS * 3, 60_000);
        const stopAt = Date.now();
        await redis.stop(how);
        redisDown = true;
        const downAt = Date.now();

        // While Redis is away: the per-account sign-in limit still holds on a node, the right password still works.
        const statuses: number[] = [];
        for (let i = 0; i < WRONG_LOGINS; i++) statuses.push((await wrongLogin(nodeA, target.email)).status);
        const firstRefusal = statuses.indexOf(429);
        if (statuses.some((s) => s !== 401 && s !== 429)) fail('sign-in while Redis is down answered neither 401 nor 429', statuses.join(','));
        if (firstRefusal === -1) fail('sign-in limit not enforced while Redis is down', `${WRONG_LOGINS} wrong passwords: ${statuses.join(',')}`);
        else if (firstRefusal > LOGIN_LIMIT) fail('sign-in limit enforced late while Redis is down', statuses.join(','));
        else if (statuses.slice(firstRefusal).some((s) => s !== 429)) fail('sign-in limit let an attempt through after refusing', statuses.join(','));
        const right = await call(nodeA, 'POST', '/api/v1/auth/login', null, { email: rightful.email, password: rightful.password });
        if (right.status !== 200) fail('the right password refused while Redis is down', `${right.status || right.error} ${brief(right.body)}`);
        for (const [name, node] of [['A', nodeA], ['B', nodeB]] as const) {
          const ready = await call(node, 'GET', '/api/ready', null);
          const redisCheck = (ready.body as { details?: { redis?: string } } | null)?.details?.redis;
          if (ready.status !== 503 || redisCheck !== 'down') fail(`GET /api/ready on node ${name} did not report Redis down`, `${ready.status} ${brief(ready.body)}`);
        }
        await sleep(Math.max(0, DOWN_MS - (Date.now() - downAt)));

        await redis.start();
        redisDown = false;
        const backAt = Date.now();
        // Healed: a post made after Redis was back reached a socket on node B live, and both nodes are ready.
        let healAt = 0;
        let readyAt = 0;
        const probeReady = (async () => {
          while (!readyAt && Date.now() - backAt < HEAL_BOUND_MS) {
            const [ra, rb] = await Promise.all([call(nodeA, 'GET', '/api/ready', null), call(nodeB, 'GET', '/api/ready', null)]);
            if (ra.status === 200 && rb.status === 200) readyAt = Date.now();
            else await sleep(100);
          }
        })();
        const healed = await waitFor(() => {
          const fresh = new Set([...acks.values()].filter((x) => x.startedAt > backAt).map((x) => x.seq));
          const first = views.flatMap((v) => v.seen.filter((s) => fresh.has(s.seq)).map((s) => s.at));
          if (first.length) healAt = Math.min(...first);
          return healAt > 0;
        }, HEAL_BOUND_MS);
        await probeReady;
        if (!healed) fail('no post made after Redis was back reached node B live', `${how}: within ${HEAL_BOUND_MS} ms`);
        if (!readyAt) fail('/api/ready did not recover on both nodes', `${how}: within ${HEAL_BOUND_MS} ms`);
        rounds.push({ how, target, stopAt, backAt, healAt, readyMs: readyAt ? readyAt - backAt : -1, login: statuses.join(',') });
        await sleep(AFTER_HEAL_MS);
      }
    } finally {
      stopping = true;
      await Promise.all(writers);
    }

    // ---- live delivery after each heal, then catch-up ----------------------------------------------
    const ackList = [...acks.values()];
    const maxSeq = Math.max(...ackList.map((x) => x.seq));
    // Let the last posts arrive (a bounded wait, then judge).
    await waitFor(() => views.every((v) => v.seen.some((s) => s.seq === maxSeq)), 15_000);

    const mustBeLive = ackList.filter((x) =>
      rounds.some((r, i) => {
        const nextStop = rounds[i + 1]?.stopAt ?? Infinity;
        return r.healAt > 0 && x.startedAt > r.healAt && x.at < nextStop - 500;
      }),
    );
    let missedLive = 0;
    let duplicates = 0;
    let outOfOrder = 0;
    for (const [i, view] of views.entries()) {
      if (view.disconnected) fail('a socket on node B was disconnected', `socket ${i}: ${view.disconnected}`);
      const seqs = view.seen.map((s) => s.seq);
      const live = new Set(seqs);
      duplicates += seqs.length - live.size;
      for (let k = 1; k < seqs.length; k++) if (seqs[k] < seqs[k - 1]) outOfOrder += 1;
      for (const x of mustBeLive) if (!live.has(x.seq)) fail('a post made after Redis was back did not reach a socket on node B live', `socket ${i}, seq ${x.seq}`);

      // Catch-up as the client does it: from the last seq it holds without a gap, page on through node B.
      let contiguous = 1;
      while (live.has(contiguous + 1)) contiguous += 1;
      const view2 = new Set(live);
      let cursor: string | null = null;
      let afterSeq = contiguous;
      for (let page = 0; page < 100; page++) {
        const answer = await call(nodeB, 'GET', `/api/v1/threads/${threadId}/posts?${cursor ? `cursor=${cursor}` : `afterSeq=${afterSeq}`}&limit=100`, members[i].token);
        if (answer.status !== 200) {
          fail('catch-up on node B failed', `${answer.status}`);
          break;
        }
        const pageBody = answer.body as { items: { seq: number }[]; nextCursor: string | null };
        for (const item of pageBody.items) view2.add(item.seq);
        if (!pageBody.nextCursor) break;
        cursor = pageBody.nextCursor;
        afterSeq = pageBody.items[pageBody.items.length - 1]?.seq ?? afterSeq;
      }
      for (let seq = 2; seq <= maxSeq; seq++) {
        if (!live.has(seq)) missedLive += 1;
        if (!view2.has(seq)) fail('cross-node event missing after catch-up', `socket ${i}, seq ${seq}`);
      }
    }

    // ---- every acknowledged post stored once ----------------------------------------------------
    const rows = await nodeA.sql<{ id: string; clientId: string | null; seq: number }>(`SELECT id, client_id AS "clientId", seq::int AS seq FROM posts WHERE thread_id = $1`, [threadId]);
    const byClientId = new Map(rows.filter((r) => r.clientId).map((r) => [r.clientId!, r]));
    for (const [clientId, x] of acks) {
      const row = byClientId.get(clientId);
      if (!row || row.id !== x.postId || row.seq !== x.seq) fail('acknowledged post not stored as acknowledged', clientId);
    }
    for (const clientId of generated) if (!acks.has(clientId)) fail('post never acknowledged', clientId);
    if (rows.length !== acks.size + 1) fail('posts in the thread differ from those acknowledged', `${rows.length - 1} rows, ${acks.size} acknowledged`);
    process.off('unhandledRejection', unhandled);

    const report = [...problems].map(([kind, { count, example }]) => `${kind}: ${count}× (e.g. ${example})`);
    console.log(
      `redis-restart: ${WRITERS} writers on node A, ${SOCKETS_ON_B} sockets on node B, 2 restarts (down ${DOWN_MS} ms); ` +
        `${acks.size} posts acknowledged; POST answers ${JSON.stringify(Object.fromEntries(postAnswers))}; ` +
        rounds
          .map((r) => `${r.how}: heal ${r.healAt ? r.healAt - r.backAt : -1} ms (first live post on B after Redis was back), ready on both nodes ${r.readyMs} ms; wrong sign-ins while down ${r.login}`)
          .join('; ') +
        `; ${mustBeLive.length} posts made after a heal, checked live on every socket; ${missedLive} socket-events missed live and recovered by catch-up, ` +
        `${duplicates} duplicate and ${outOfOrder} out-of-order live deliveries; ${report.length} kinds of failure`,
    );
    expect(report).toEqual([]);
    expect(rounds).toHaveLength(2);
  });
});
