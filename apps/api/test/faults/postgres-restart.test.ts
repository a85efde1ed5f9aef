import { jest } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { rooms } from '@praxis/contracts';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { createMember, signInAdmin, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Issue 10, item 3: PostgreSQL restarted under load. The API runs on a PRIVATE embedded PostgreSQL
 * (a temporary folder, a port of its own; the machine's server is never touched), which the test
 * stops with a fast shutdown (SIGINT: open sessions are cut, open transactions roll back), keeps
 * down for a few seconds and starts again on the same port, twice, while members post to one thread
 * with a clientId each, retrying every post until it is acknowledged, and readers page through it.
 *
 * Checks: every 201 names a post that exists afterwards with its clientId and seq (0 false
 * acknowledgements, 0 acknowledged writes lost), every post is there exactly once, each member's
 * posts in the order they were acknowledged, the thread's room log and counters whole (no
 * half-written post); while the database is away every request gets an answer within
 * REQUEST_BOUND_MS, and that answer is a 201/200 or a 503 in the one error shape with Retry-After
 * (never a 500, a 401 or a hang); /api/ready answers 503 while the server is down and 200 after; the
 * same process heals within HEAL_BOUND_MS of the server's return. Figures: time to heal per restart.
 */
const FULL = process.env.FAULTS_SCALE === 'full';
const CLIENTS = FULL ? 40 : 10;
const READERS = FULL ? 6 : 2;
const RESTARTS = 2;
const DOWN_MS = FULL ? 5000 : 3000;
/** Load kept up after each heal, so that the healed pool serves real traffic before the next restart. */
const AFTER_HEAL_MS = FULL ? 4000 : 2000;
/**
 * No request may go unanswered for longer than this, outage or not. Generous: on a loaded 2-core
 * machine ten writers contending for one thread's row lock already take seconds per post; a hang
 * (a request waiting on a dead connection) would last until the test ends.
 */
const REQUEST_BOUND_MS = 30_000;
/** The app must serve again (ready and a post acknowledged) within this time of the server's return. */
const HEAL_BOUND_MS = 30_000;
/** A client retrying one post gives up after this long (it then counts as never acknowledged). */
const POST_BOUND_MS = 60_000;

type Phase = 'up' | 'stopping' | 'down' | 'starting' | 'healing' | 'healed';
/** status 0: no answer (error says why). */
type Answer = { status: number; body: unknown; retryAfter: string | null; ms: number; error?: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const brief = (body: unknown) => JSON.stringify(body ?? null).slice(0, 200);

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

describe('PostgreSQL restarted under load', () => {
  jest.setTimeout(FULL ? 600_000 : 240_000);
  const logger = { log: () => undefined, warn: (m: string) => console.warn(m) };
  let dataDir: string;
  let server: Awaited<ReturnType<typeof startEmbeddedPostgres>> | null = null;
  let port: number;
  let t: TestApp | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'praxis-fault-pg-'));
    server = await startEmbeddedPostgres({ dataDir, persistent: true, logger });
    port = Number(new URL(server.url).port);
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('CREATE DATABASE praxis_fault');
    await admin.end();
    t = await startTestApp({ RATE_LIMIT_POSTS_PER_USER: '1000000/1m' }, {}, { databaseUrl: withDatabase(server.url, 'praxis_fault') });
  });
  afterAll(async () => {
    await t?.close();
    await server?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('loses no acknowledged post, acknowledges no lost one, answers 503 in the gap and heals by itself', async () => {
    const app = t!;
    const admin = await signInAdmin(app);
    const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
    const slug = `pg-${randomBytes(4).toString('hex')}`;
    const network = await app.http.post('/api/v1/networks').set(bearer(admin.token)).send({ name: `Network ${slug}`, slug, description: 'Restarts.', visibility: 'open' }).expect(201);
    const thread = await app.http
      .post(`/api/v1/networks/${network.body.id}/threads`)
      .set(bearer(admin.token))
      .send({ title: 'Through a restart', body: 'Every reply must survive.', clientId: randomUUID() })
      .expect(201);
    const threadId = thread.body.id as string;
    const members: string[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const member = await createMember(app);
      await app.http.post(`/api/v1/networks/${network.body.id}/join`).set(bearer(member.token)).send({}).expect(201);
      members.push(member.token);
    }

    // ---- bookkeeping ----------------------------------------------------------------------------
    const problems = new Map<string, { count: number; example: string }>();
    const fail = (kind: string, example: string) => {
      const known = problems.get(kind);
      if (known) known.count += 1;
      else problems.set(kind, { count: 1, example });
    };
    const unhandled = (reason: unknown) => fail('unhandled rejection in the API process', String((reason as Error)?.stack ?? reason).slice(0, 300));
    process.on('unhandledRejection', unhandled);

    let phase: Phase = 'up';
    const tally = new Map<string, number>();
    const count = (key: string) => tally.set(key, (tally.get(key) ?? 0) + 1);
    let slowestAnswer = 0;
    /** 503s to requests that began and ended while PostgreSQL was up (a stale pooled connection would show here). */
    let unavailableWhileUp = 0;

    async function call(method: 'GET' | 'POST', url: string, token: string | null, body?: unknown): Promise<Answer> {
      const started = Date.now();
      try {
        const response = await fetch(`${app.url}${url}`, {
          method,
          headers: { ...(token ? bearer(token) : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
          signal: AbortSignal.timeout(REQUEST_BOUND_MS),
        });
        const text = await response.text();
        const ms = Date.now() - started;
        slowestAnswer = Math.max(slowestAnswer, ms);
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // kept as text: the shape check below reports it
        }
        return { status: response.status, body: parsed, retryAfter: response.headers.get('retry-after'), ms };
      } catch (error) {
        return { status: 0, body: null, retryAfter: null, error: (error as Error).name === 'TimeoutError' ? `no answer within ${REQUEST_BOUND_MS} ms` : String(error), ms: Date.now() - started };
      }
    }

    /** A 503 must be the one error shape with a Retry-After a client can honour; answers its seconds. */
    function checkUnavailable(label: string, answer: Answer): number {
      const body = answer.body as Record<string, unknown>;
      const keys = body && typeof body === 'object' ? Object.keys(body).filter((k) => !['statusCode', 'error', 'message', 'details'].includes(k)) : ['(not JSON)'];
      if (body?.statusCode !== 503 || body.error !== 'Service Unavailable' || typeof body.message !== 'string' || !body.message || keys.length) {
        fail(`${label} answered a 503 outside the error shape`, brief(answer.body));
      }
      const seconds = Number(answer.retryAfter);
      if (!Number.isInteger(seconds) || seconds < 1) fail(`${label} answered a 503 without a usable Retry-After`, String(answer.retryAfter));
      return Number.isInteger(seconds) && seconds > 0 ? seconds : 1;
    }

    // ---- writers: each member posts one reply after another, each retried until acknowledged -----
    type Ack = { postId: string; seq: number; client: number; index: number; at: number; startedAt: number };
    const generated = new Map<string, { client: number; index: number; body: string }>();
    const acks = new Map<string, Ack>();
    let stopping = false;
    let longestWait = 0;

    async function writer(client: number) {
      const token = members[client];
      for (let index = 0; !stopping; index++) {
        const clientId = randomUUID();
        const text = `Reply ${index} of member ${client} (${clientId.slice(0, 8)})`;
        generated.set(clientId, { client, index, body: text });
        const startedAt = Date.now();
        for (;;) {
          if (Date.now() - startedAt > POST_BOUND_MS) {
            fail('post never acknowledged', `${clientId} after ${POST_BOUND_MS} ms of retries`);
            break;
          }
          const phaseAtStart = phase;
          const answer = await call('POST', `/api/v1/threads/${threadId}/posts`, token, { body: text, clientId });
          count(`POST ${answer.status} while ${phaseAtStart}`);
          if (answer.status === 201) {
            const post = answer.body as { id?: string; seq?: number; body?: string };
            if (typeof post.id !== 'string' || typeof post.seq !== 'number' || post.body !== text) fail('201 not answering the post sent', brief(answer.body));
            acks.set(clientId, { postId: post.id!, seq: post.seq!, client, index, at: Date.now(), startedAt });
            longestWait = Math.max(longestWait, Date.now() - startedAt);
            break;
          }
          if (answer.status === 503) {
            if ((phaseAtStart === 'up' || phaseAtStart === 'healed') && phase === phaseAtStart) {
              unavailableWhileUp += 1;
              fail('POST /threads/:id/posts answered 503 while PostgreSQL was up', `while ${phaseAtStart}: ${brief(answer.body)}`);
            }
            const seconds = checkUnavailable('POST /threads/:id/posts', answer);
            // An honest client honours Retry-After (with jitter, so that retries do not arrive in a wave).
            await sleep(seconds * 1000 * (0.5 + Math.random() / 2));
            continue;
          }
          if (answer.status === 0) fail(`POST /threads/:id/posts: ${answer.error}`, `while ${phaseAtStart}`);
          else fail(`POST /threads/:id/posts answered ${answer.status}`, `while ${phaseAtStart}: ${brief(answer.body)}`);
          await sleep(200);
        }
        await sleep(Math.random() * 40);
      }
    }

    // ---- readers: page through the thread from where they are ------------------------------------
    async function reader(i: number) {
      const token = members[i % members.length];
      let afterSeq = 0;
      while (!stopping) {
        const phaseAtStart = phase;
        const answer = await call('GET', `/api/v1/threads/${threadId}/posts?afterSeq=${afterSeq}&limit=50`, token);
        count(`GET ${answer.status} while ${phaseAtStart}`);
        if (answer.status === 200) {
          const items = (answer.body as { items: { seq: number }[] }).items;
          if (items.length) afterSeq = items[items.length - 1].seq;
          await sleep(100);
        } else if (answer.status === 503) {
          if ((phaseAtStart === 'up' || phaseAtStart === 'healed') && phase === phaseAtStart) {
            unavailableWhileUp += 1;
            fail('GET /threads/:id/posts answered 503 while PostgreSQL was up', `while ${phaseAtStart}: ${brief(answer.body)}`);
          }
          await sleep(checkUnavailable('GET /threads/:id/posts', answer) * 500);
        } else {
          fail(answer.status === 0 ? `GET /threads/:id/posts: ${answer.error}` : `GET /threads/:id/posts answered ${answer.status}`, `while ${phaseAtStart}: ${answer.status ? brief(answer.body) : ''}`);
          await sleep(200);
        }
      }
    }

    // ---- readiness probe: every 100 ms, judged by the phase at both ends of the request -----------
    const readyLog: { at: number; status: number }[] = [];
    let probing = true;
    async function readyProbe() {
      while (probing) {
        const before = phase;
        const answer = await call('GET', '/api/ready', null);
        const after = phase;
        readyLog.push({ at: Date.now(), status: answer.status });
        if (answer.status === 0) fail(`GET /api/ready: ${answer.error}`, `while ${before}`);
        else if (answer.status !== 200 && answer.status !== 503) fail(`GET /api/ready answered ${answer.status}`, brief(answer.body));
        else if (before === 'down' && after === 'down') {
          count(`ready ${answer.status} while down`);
          if (answer.status === 200) fail('GET /api/ready answered 200 while PostgreSQL was down', brief(answer.body));
          else if ((answer.body as { details?: { database?: string } })?.details?.database !== 'down') fail('GET /api/ready did not name the database as down', brief(answer.body));
        }
        await sleep(100);
      }
    }

    const writers = members.map((_, i) => writer(i));
    const readers = Array.from({ length: READERS }, (_, i) => reader(i));
    const probe = readyProbe();

    // ---- the restarts ----------------------------------------------------------------------------
    const figures: { stopMs: number; downMs: number; startMs: number; readyMs: number; firstAckMs: number; blindMs: number }[] = [];
    const waitFor = async (what: string, condition: () => boolean, boundMs: number) => {
      const deadline = Date.now() + boundMs;
      while (!condition()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await sleep(50);
      }
    };
    try {
      for (let round = 0; round < RESTARTS; round++) {
        const before = acks.size;
        await waitFor('acknowledged posts before the restart', () => acks.size >= before + CLIENTS * 3, 60_000);
        phase = 'stopping';
        const stopAt = Date.now();
        await server!.stop();
        server = null;
        phase = 'down';
        const downAt = Date.now();
        const lastAckBefore = Math.max(...[...acks.values()].map((a) => a.at));
        await sleep(DOWN_MS);
        phase = 'starting';
        const startAt = Date.now();
        server = await startEmbeddedPostgres({ dataDir, persistent: true, port, logger });
        phase = 'healing';
        const backAt = Date.now();
        let readyAt = 0;
        let firstAckAt = 0;
        await waitFor(
          'the app to heal',
          () => {
            readyAt ||= readyLog.find((r) => r.at > backAt && r.status === 200)?.at ?? 0;
            const since = [...acks.values()].filter((a) => a.at > backAt).map((a) => a.at);
            firstAckAt ||= since.length ? Math.min(...since) : 0;
            return readyAt > 0 && firstAckAt > 0;
          },
          HEAL_BOUND_MS,
        ).catch(() => fail('the app did not heal', `round ${round + 1}: ready ${readyAt ? 'yes' : 'no'}, a post acknowledged ${firstAckAt ? 'yes' : 'no'} ${HEAL_BOUND_MS} ms after PostgreSQL was back`));
        phase = 'healed';
        figures.push({
          stopMs: downAt - stopAt,
          downMs: startAt - downAt,
          startMs: backAt - startAt,
          readyMs: readyAt ? readyAt - backAt : -1,
          firstAckMs: firstAckAt ? firstAckAt - backAt : -1,
          blindMs: firstAckAt ? firstAckAt - lastAckBefore : -1,
        });
        await sleep(AFTER_HEAL_MS);
      }
    } finally {
      stopping = true;
      await Promise.all([...writers, ...readers]);
      probing = false;
      await probe;
      process.off('unhandledRejection', unhandled);
    }

    // ---- what the database holds afterwards ------------------------------------------------------
    const rows = await app.sql<{ id: string; clientId: string | null; seq: number; authorId: string }>(
      `SELECT id, client_id AS "clientId", seq::int AS seq FROM posts WHERE thread_id = $1 ORDER BY seq`,
      [threadId],
    );
    const byClientId = new Map<string, typeof rows>();
    for (const row of rows) {
      if (!row.clientId) continue;
      byClientId.set(row.clientId, [...(byClientId.get(row.clientId) ?? []), row]);
    }
    for (const [clientId, ack] of acks) {
      const found = byClientId.get(clientId) ?? [];
      if (!found.length) fail('acknowledged post lost (false acknowledgement)', `${clientId} acknowledged as ${ack.postId} seq ${ack.seq}`);
      else if (found[0].id !== ack.postId || found[0].seq !== ack.seq) fail('acknowledged post differs from the row', `${clientId}: ack ${ack.postId}#${ack.seq}, row ${found[0].id}#${found[0].seq}`);
    }
    for (const [clientId, posts] of byClientId) {
      if (posts.length > 1) fail('post stored twice', clientId);
      if (!generated.has(clientId)) fail('post nobody wrote', clientId);
    }
    for (const clientId of generated.keys()) {
      if (!acks.has(clientId)) fail('post never acknowledged', clientId);
      if (!byClientId.has(clientId)) fail('post missing from the thread', clientId);
    }
    // Each member wrote one post after another: their seqs rise in the order they were acknowledged.
    for (let client = 0; client < CLIENTS; client++) {
      const mine = [...acks.values()].filter((a) => a.client === client).sort((x, y) => x.index - y.index);
      for (let i = 1; i < mine.length; i++) if (mine[i].seq <= mine[i - 1].seq) fail('a member’s posts out of order', `member ${client}: #${mine[i - 1].index} seq ${mine[i - 1].seq}, #${mine[i].index} seq ${mine[i].seq}`);
    }
    // Nothing half-written: seqs 1..N without a gap, a post.created room event for every post, the counters agree.
    rows.forEach((row, i) => {
      if (row.seq !== i + 1) fail('gap or repeat in the thread’s seqs', `position ${i + 1} has seq ${row.seq}`);
    });
    const room = rooms.thread(threadId);
    const events = await app.sql<{ seq: number; event: string; postId: string | null }>(
      `SELECT seq::int AS seq, event, payload->'post'->>'id' AS "postId" FROM room_events WHERE room = $1 ORDER BY seq`,
      [room],
    );
    const eventBySeq = new Map(events.map((e) => [e.seq, e]));
    for (const row of rows) {
      const event = eventBySeq.get(row.seq);
      if (row.seq > 1 && (event?.event !== 'post.created' || event.postId !== row.id)) fail('post without its room event', `${row.id} seq ${row.seq}: ${JSON.stringify(event ?? null)}`);
    }
    for (const event of events) if (event.event === 'post.created' && !rows.some((r) => r.id === event.postId)) fail('room event of a post that does not exist', `seq ${event.seq}`);
    const [sequence] = await app.sql<{ seq: number }>(`SELECT seq::int AS seq FROM room_sequences WHERE room = $1`, [room]);
    const maxSeq = Math.max(0, ...events.map((e) => e.seq));
    if ((sequence?.seq ?? 0) !== maxSeq) fail('room sequence disagrees with its log', `room_sequences ${sequence?.seq}, last event ${maxSeq}`);
    const [counters] = await app.sql<{ postCount: number }>(`SELECT post_count AS "postCount" FROM threads WHERE id = $1`, [threadId]);
    if (Number(counters.postCount) !== rows.length) fail('thread post_count disagrees with its posts', `${counters.postCount} vs ${rows.length}`);

    // ---- figures --------------------------------------------------------------------------------
    const errorsWhileUp = [...tally].filter(([k]) => / while (up|healed)$/.test(k) && !/ (200|201) /.test(k));
    const report = [...problems].map(([kind, { count: n, example }]) => `${kind}: ${n}× (e.g. ${example})`);
    console.log(
      `postgres-restart: ${CLIENTS} writers, ${READERS} readers, ${RESTARTS} restarts (down ${DOWN_MS} ms each); ` +
        `${generated.size} posts written, ${acks.size} acknowledged, ${rows.length - 1} replies in the thread; ` +
        `answers ${JSON.stringify(Object.fromEntries([...tally].sort()))}; ` +
        figures
          .map((f, i) => `restart ${i + 1}: stop ${f.stopMs} ms, down ${f.downMs} ms, start ${f.startMs} ms, ready ${f.readyMs} ms and first post ${f.firstAckMs} ms after the server was back (no post acknowledged for ${f.blindMs} ms)`)
          .join('; ') +
        `; longest wait for one acknowledgement ${longestWait} ms; slowest answer ${slowestAnswer} ms; ` +
        `${unavailableWhileUp} answers of 503 to requests made while PostgreSQL was up; ${report.length} kinds of failure` +
        (errorsWhileUp.length ? `; non-2xx while up or healed: ${JSON.stringify(errorsWhileUp)}` : ''),
    );
    expect(report).toEqual([]);
    expect(figures).toHaveLength(RESTARTS);
  });
});
