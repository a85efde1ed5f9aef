import { jest } from '@jest/globals';
import { fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Socket } from 'socket.io-client';
import { rooms, type ClientToServerEvents } from '@praxis/contracts';
import { createMember, signInAdmin, startTestApp, type SignedIn, type TestApp } from '../support/test-app.js';
import { collect, connectSocket, request, subscribe } from '../support/socket-client.js';

/**
 * Issue 10 item 8: hostile traffic on the socket door. Signed-in fuzzing sockets send, for a bounded
 * time, random event names and every real client event with malformed payloads (wrong types, null,
 * huge strings, 1 MB messages, deep nesting, binary, too many arguments, with and without acks) and
 * room names aimed at rooms they may not read; raw WebSocket clients send broken engine.io and
 * socket.io packets. The hostile clients run in a process of their own (socket-fuzzer.mjs), as an
 * attacker's would. Meanwhile a quiet member subscribed to a thread receives posts made at a steady
 * rate, and canary posts, notifications and event changes are made in rooms the fuzzers may not read.
 *
 * Holds when: the quiet socket never disconnects and receives every post once, in order; /api/health
 * always answers; no ack is ever an internal error; no canary reaches any fuzzing client (while the
 * insider's own socket receives all of them, so the canaries are really sent); RSS grows by less than
 * 300 MB. The quiet socket's delivery time (REST send to socket arrival) is measured in a quiet phase and
 * during the fuzz and logged, with the event loop's delay and the CPU each party used in each phase.
 * FUZZ_SECONDS sets the fuzz length (default 30; 600 for the bench); the quiet phase is a tenth of it,
 * 8 to 60 s.
 */
const FUZZ_SECONDS = Number(process.env.FUZZ_SECONDS ?? 30);
const QUIET_SECONDS = Math.min(60, Math.max(8, FUZZ_SECONDS / 10));
const FUZZ_SOCKETS = Number(process.env.FUZZ_SOCKETS ?? 4);
const RAW_SOCKETS = 2;
const POST_EVERY_MS = 200;
const RSS_BOUND_MB = 300;
const FUZZER = fileURLToPath(new URL('./socket-fuzzer.mjs', import.meta.url));

/** What the fuzzing process reports when it is done. */
interface FuzzerStats {
  emitted: number;
  acks: number;
  ackErrors: Record<string, number>;
  fuzzerConnects: number;
  fuzzerDisconnects: Record<string, number>;
  raw: { frames: number; connects: number; closes: number };
  polling: number;
  cpuMs: number;
}

/** The heap in use after a full collection (gc exposed at run time, so the test needs no node flag). */
function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux: a tick is 10 ms.

/**
 * CPU used by every PostgreSQL process on the machine (the test server's or the embedded one's), in ms,
 * counted per process and sampled every 500 ms: a backend that exits (a pool closing an idle connection)
 * takes its CPU time out of /proc with it, so a sum of what is alive at two instants can go down. Here a
 * process counts from when it was first seen; one that ends loses at most its last 500 ms.
 */
class PostgresCpu {
  private seen: Map<string, number>;
  private used = 0;
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.seen = this.read();
    this.timer = setInterval(() => this.sample(), 500);
    this.timer.unref();
  }

  /** The CPU used since this sampler started. */
  sample(): number {
    const now = this.read();
    for (const [pid, ms] of now) this.used += ms - (this.seen.get(pid) ?? 0);
    this.seen = now;
    return this.used;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private read(): Map<string, number> {
    const found = new Map<string, number>();
    let pids: string[] = [];
    try {
      pids = readdirSync('/proc').filter((pid) => /^\d+$/.test(pid));
    } catch {
      return found; // No /proc.
    }
    for (const pid of pids) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        if (!stat.includes('(postgres)')) continue;
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        found.set(pid, (Number(fields[11]) + Number(fields[12])) * TICK_MS);
      } catch {
        // The process ended while we read.
      }
    }
    return found;
  }
}

/** CPU used so far: this process (the API, with the quiet member, the poster and the canaries), PostgreSQL, and the machine's busy and total time, in ms, from /proc (Linux; zeros elsewhere). */
function cpuNow(postgres: PostgresCpu) {
  const own = process.cpuUsage();
  let busy = 0;
  let total = 0;
  try {
    const machine = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    total = machine.reduce((x, y) => x + y, 0) * TICK_MS;
    busy = total - (machine[3] + machine[4]) * TICK_MS;
  } catch {
    // No /proc.
  }
  return { at: Date.now(), api: (own.user + own.system) / 1000, postgres: postgres.sample(), busy, total };
}
/** CPU over a phase, each party in % of one core, the machine in % of all its cores. */
function cpuSince(postgres: PostgresCpu, start: ReturnType<typeof cpuNow>) {
  const end = cpuNow(postgres);
  const ms = end.at - start.at;
  const core = (used: number) => Math.round((100 * used) / ms);
  return { ms, api: core(end.api - start.api), postgres: core(end.postgres - start.postgres), machine: Math.round((100 * (end.busy - start.busy)) / Math.max(1, end.total - start.total)) };
}

/** Every event a client may send, checked against the contracts: a new one fails typecheck until listed. */
const REAL_EVENTS = Object.keys({ subscribe: 1, unsubscribe: 1, typing: 1, presence: 1, auth: 1 } satisfies Record<keyof ClientToServerEvents, 1>);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (values: number[], p: number) => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

describe('socket fuzzing (issue 10, item 8)', () => {
  jest.setTimeout((FUZZ_SECONDS + QUIET_SECONDS + 120) * 1000);
  let t: TestApp;
  let admin: SignedIn;
  let insider: SignedIn;
  let friend: SignedIn;
  let quiet: SignedIn;
  let poster: SignedIn;
  const fuzzers: SignedIn[] = [];
  const canary = `canary${randomBytes(8).toString('hex')}`;
  const ids = { openNetwork: '', openThread: '', hiddenNetwork: '', hiddenThread: '', hiddenEvent: '', openEvent: '' };
  const bearer = (who: SignedIn) => ({ Authorization: `Bearer ${who.token}` });
  /** What is still open, for afterAll; a fuzzing connection leaves it when it closes (else the test itself would hold every one). */
  const opened = new Set<{ close(): void }>();
  /** Set when the test ends (or fails), so that no loop outlives it. */
  let over = false;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_POSTS_PER_USER: '100000/1m', RATE_LIMIT_THREADS_PER_USER: '1000/1m' });
    admin = await signInAdmin(t);
    [insider, friend, quiet, poster] = [await createMember(t), await createMember(t), await createMember(t), await createMember(t)];
    for (let i = 0; i < FUZZ_SOCKETS + RAW_SOCKETS; i += 1) fuzzers.push(await createMember(t));
    const join = (networkId: string, who: SignedIn, role = 'member') =>
      t.sql(`INSERT INTO network_memberships (network_id, user_id, role, status, joined_at) VALUES ($1, $2, $3, 'active', now() - interval '400 days')`, [networkId, who.user.id, role]);

    ids.openNetwork = (await t.http.post('/api/v1/networks').set(bearer(admin)).send({ name: 'Fuzz open', description: 'Open to all', visibility: 'open' }).expect(201)).body.id;
    for (const who of [quiet, poster, ...fuzzers]) await join(ids.openNetwork, who);
    ids.openThread = (await t.http.post(`/api/v1/networks/${ids.openNetwork}/threads`).set(bearer(poster)).send({ title: 'Steady thread', body: 'Posts arrive here', clientId: randomUUID() }).expect(201)).body.id;

    ids.hiddenNetwork = (await t.http.post('/api/v1/networks').set(bearer(admin)).send({ name: `Fuzz hidden ${canary}`, description: `Hidden ${canary}`, visibility: 'hidden' }).expect(201)).body.id;
    await join(ids.hiddenNetwork, insider, 'owner');
    await join(ids.hiddenNetwork, friend);
    ids.hiddenThread = (await t.http.post(`/api/v1/networks/${ids.hiddenNetwork}/threads`).set(bearer(insider)).send({ title: `The ${canary} thread`, body: `A ${canary} body`, clientId: randomUUID() }).expect(201)).body.id;
    const startsAt = new Date(Date.now() + 7 * 86_400_000);
    const event = (visibility: string, networkId?: string) =>
      t.http.post('/api/v1/events').set(bearer(insider)).send({
        title: `${canary} briefing`, description: `On ${canary}`, kind: 'briefing', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
        timeZone: 'UTC', registrationMode: 'open', visibility, ...(networkId ? { networkId } : {}),
      });
    ids.hiddenEvent = (await event('network', ids.hiddenNetwork).expect(201)).body.id;
  });
  afterAll(async () => {
    over = true;
    await sleep(500);
    for (const o of opened) o.close();
    opened.clear();
    await t?.close();
  });

  it('stays up, leaks nothing and keeps serving a quiet member while sockets are fuzzed', async () => {
    const failures: string[] = [];
    const fail = (line: string) => {
      if (failures.length < 200) failures.push(line);
    };
    let canaryRounds = 0;
    // Events about the hidden rooms carry their room name (event changes carry no text): those count as a leak too.
    const secretRooms = () => [rooms.thread(ids.hiddenThread), rooms.network(ids.hiddenNetwork), rooms.event(ids.hiddenEvent), rooms.user(insider.user.id)];
    // The insider watches every canary room: the control that the canaries are really published.
    const insiderSocket = await connectSocket(t.url, { token: insider.token });
    opened.add(insiderSocket);
    for (const room of [rooms.thread(ids.hiddenThread), rooms.network(ids.hiddenNetwork), rooms.event(ids.hiddenEvent)]) {
      const ack = await subscribe(insiderSocket, room);
      if (!ack.ok) throw new Error(`the insider could not join ${room}: ${JSON.stringify(ack)}`);
    }
    const insiderSaw = { post: 0, notification: 0, event: 0 };
    (insiderSocket as unknown as Socket).onAny((event: string, payload: unknown) => {
      const text = JSON.stringify(payload) ?? '';
      if (event === 'event.updated' && text.includes(rooms.event(ids.hiddenEvent))) insiderSaw.event += 1;
      if (!text.includes(canary)) return;
      if (event === 'post.created') insiderSaw.post += 1;
      if (event === 'notification.created') insiderSaw.notification += 1;
    });

    // The quiet member: subscribed to the steady thread, never expected to disconnect.
    const quietSocket = await connectSocket(t.url, { token: quiet.token });
    opened.add(quietSocket);
    const quietDisconnects: string[] = [];
    quietSocket.on('disconnect', (reason) => quietDisconnects.push(reason));
    const firstAck = await subscribe(quietSocket, rooms.thread(ids.openThread));
    if (!firstAck.ok) throw new Error(`the quiet member could not subscribe: ${JSON.stringify(firstAck)}`);
    const startSeq = firstAck.seq;
    const arrivals = collect(quietSocket, 'post.created');
    const sentAt = new Map<string, number>();
    const arrivedAt = new Map<string, number>();
    quietSocket.on('post.created', (e) => arrivedAt.set(e.post.id, Date.now()));
    // Posts made between the phases (a forced GC, the drain after the fuzz) count in neither.
    const phaseOf = new Map<string, 'quiet' | 'fuzz' | 'between'>();
    let phase: 'quiet' | 'fuzz' | 'between' = 'quiet';
    let posting = true;
    const restMs: number[] = [];
    const postLoop = (async () => {
      let n = 0;
      while (posting && !over) {
        const started = Date.now();
        n += 1;
        const response = await t.http.post(`/api/v1/threads/${ids.openThread}/posts`).set(bearer(poster)).send({ body: `Steady post ${n}`, clientId: randomUUID() });
        restMs.push(Date.now() - started);
        if (response.status !== 201) fail(`steady post ${n} answered ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
        else {
          sentAt.set(response.body.id, started);
          phaseOf.set(response.body.id, phase);
        }
        await sleep(Math.max(0, POST_EVERY_MS - (Date.now() - started)));
      }
    })();

    // The health door, asked once a second throughout; the process's RSS read beside it during the fuzz.
    let healthy = true;
    let healthChecks = 0;
    const rssDuringFuzz: number[] = [];
    const fuzzing = () => phase === 'fuzz';
    const healthLoop = (async () => {
      while (healthy && !over) {
        const response = await t.http.get('/api/health').timeout(10_000).catch((error: Error) => ({ status: 0, body: error.message }));
        healthChecks += 1;
        if (fuzzing()) rssDuringFuzz.push(process.memoryUsage().rss);
        if (response.status !== 200) fail(`/api/health answered ${response.status} ${JSON.stringify(response.body).slice(0, 100)}`);
        await sleep(1000);
      }
    })();

    // Canaries, once a second: a post in the hidden thread, a mention of the insider (their user room), an event change.
    // They run in both phases (ordinary traffic besides the steady posts), so that what differs between the phases is the fuzz.
    let canarying = true;
    const canaryLoop = (async () => {
      let n = 0;
      while (canarying && !over) {
        n += 1;
        const a = await t.http.post(`/api/v1/threads/${ids.hiddenThread}/posts`).set(bearer(insider)).send({ body: `Hidden ${canary} ${n}`, clientId: randomUUID() });
        const b = await t.http.post(`/api/v1/threads/${ids.hiddenThread}/posts`).set(bearer(friend)).send({ body: `@${insider.user.handle} about ${canary} ${n}`, clientId: randomUUID() });
        const c = await t.http.patch(`/api/v1/events/${ids.hiddenEvent}`).set(bearer(insider)).send({ description: `On ${canary}, version ${n}` });
        for (const [what, r] of [['hidden post', a], ['mention', b], ['event change', c]] as const) {
          if (r.status >= 300) fail(`canary ${what} ${n} answered ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
        }
        canaryRounds += 1;
        await sleep(1000);
      }
    })();

    // The event loop's delay (how late a timer fires), and the CPU used, in each phase.
    const loop = monitorEventLoopDelay({ resolution: 10 });
    const loopDelay = () => {
      const delay = { p99: Math.round(loop.percentile(99) / 1e6), max: Math.round(loop.max / 1e6) };
      loop.reset();
      return delay;
    };
    loop.enable();
    const postgresCpu = new PostgresCpu();
    const cpuAtQuiet = cpuNow(postgresCpu);
    await sleep(QUIET_SECONDS * 1000);
    phase = 'between';
    const quietCpu = cpuSince(postgresCpu, cpuAtQuiet);
    const loopQuiet = loopDelay();
    const rssBefore = process.memoryUsage().rss;
    const heapBefore = heapAfterGc();
    await sleep(1000);
    loop.reset();
    const cpuAtFuzz = cpuNow(postgresCpu);
    phase = 'fuzz';
    const fuzzUntil = Date.now() + FUZZ_SECONDS * 1000;

    // The hostile clients, in their own process (socket-fuzzer.mjs): their stats and failures come back over IPC.
    const victim = insider.user.id;
    const roomNames = [
      'thread:', 'thread:../', '../', 'user:*', 'user:', '*', '', ' ', 'thread:*', 'network:*', '#', '/', '\\', 'thread:%2e%2e%2f',
      `user:${victim}`, `USER:${victim}`, `User:${victim.toUpperCase()}`, `user:${victim} `, ` user:${victim}`, `user:${victim}\n`, `user:${victim}\u0000`,
      `network:${ids.hiddenNetwork}`, `Network:${ids.hiddenNetwork}`, `thread:${ids.hiddenThread}`, `THREAD:${ids.hiddenThread.toUpperCase()}`, `event:${ids.hiddenEvent}`, `Event:${ids.hiddenEvent}`,
      `thread:${ids.openThread}/../${ids.hiddenThread}`, `thread:${ids.hiddenThread}#x`, `thread:../user:${victim}`, `thread:${randomUUID()}`, `network:${randomUUID()}`,
      `thread:${ids.openThread}`, `network:${ids.openNetwork}`, `sess:${randomUUID()}`, `session:${randomUUID()}`, 'x'.repeat(101), `thread:${'a'.repeat(5000)}`,
    ];
    const fuzzer = fork(FUZZER, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
    const fuzzerDone = new Promise<FuzzerStats>((resolve, reject) => {
      fuzzer.on('message', (message: { type: 'failure'; line: string } | { type: 'done'; stats: FuzzerStats }) => {
        if (message.type === 'failure') fail(message.line);
        else resolve(message.stats);
      });
      fuzzer.once('exit', (code, signal) => reject(new Error(`the fuzzer exited (${code ?? signal}) before reporting`)));
    });
    fuzzer.send({
      url: t.url, until: fuzzUntil, ids, victim, victimToken: insider.token, canary, secretRooms: secretRooms(), roomNames, realEvents: REAL_EVENTS,
      socketTokens: fuzzers.slice(0, FUZZ_SOCKETS).map((who) => who.token), rawTokens: fuzzers.slice(FUZZ_SOCKETS).map((who) => who.token),
    });
    const stats = await fuzzerDone;
    const fuzzCpu = cpuSince(postgresCpu, cpuAtFuzz);
    postgresCpu.stop();
    const loopFuzz = loopDelay();
    const rssAfter = process.memoryUsage().rss;
    phase = 'between';
    loop.disable();
    canarying = false;
    await canaryLoop;
    await sleep(2000);
    posting = false;
    await postLoop;
    healthy = false;
    await healthLoop;
    await sleep(1000);
    // Every fuzzing connection is closed by now: what the server still holds.
    const heapAfter = heapAfterGc();

    // Every steady post reached the quiet socket exactly once, in seq order.
    const received = arrivals.payloads();
    const seqs = received.map((p) => p.seq);
    const expected = Array.from({ length: sentAt.size }, (_, i) => startSeq + i + 1);
    if (JSON.stringify(seqs) !== JSON.stringify(expected)) {
      fail(`the quiet socket saw seqs ${seqs.slice(0, 5).join(',')}…${seqs.slice(-3).join(',')} (${seqs.length}), expected ${sentAt.size} from ${startSeq + 1}`);
    }
    if (new Set(received.map((p) => p.post.id)).size !== received.length) fail('the quiet socket received a post twice');
    for (const id of sentAt.keys()) if (!arrivedAt.has(id)) fail(`steady post ${id} never reached the quiet socket`);
    if (quietDisconnects.length) fail(`the quiet socket was disconnected: ${quietDisconnects.join(', ')}`);
    if (quietSocket.disconnected) fail('the quiet socket is not connected at the end');

    // The canaries were published, and reached their rightful reader.
    if (!canaryRounds) fail('no canary round ran');
    if (insiderSaw.post < canaryRounds * 2) fail(`the insider saw ${insiderSaw.post} canary posts of ${canaryRounds * 2}`);
    if (insiderSaw.notification < 1) fail('the insider saw no canary notification in their user room');
    if (insiderSaw.event < 1) fail('the insider saw no canary event change');

    // After the fuzz, the door still works for an ordinary socket of a fuzzer, and still refuses the hidden rooms.
    const after = await connectSocket(t.url, { token: fuzzers[0].token });
    opened.add(after);
    const okAck = await subscribe(after, rooms.thread(ids.openThread));
    if (!okAck.ok) fail(`after the fuzz a fuzzer could not subscribe to the open thread: ${JSON.stringify(okAck)}`);
    for (const room of [rooms.thread(ids.hiddenThread), rooms.user(victim), rooms.network(ids.hiddenNetwork), rooms.event(ids.hiddenEvent)]) {
      const ack = await subscribe(after, room);
      if (ack.ok) fail(`after the fuzz a fuzzer joined ${room}`);
    }
    const presence = await request(after, 'presence', { room: `Thread:${ids.openThread}` });
    if (!presence.ok && presence.error === 'internal error') fail('presence with a capitalised room kind answered internal error');

    const latency = (which: 'quiet' | 'fuzz') =>
      [...sentAt.entries()].filter(([id]) => phaseOf.get(id) === which && arrivedAt.has(id)).map(([id, at]) => (arrivedAt.get(id) ?? at) - at);
    const quietMs = latency('quiet');
    const fuzzMs = latency('fuzz');
    const growthMb = (rssAfter - rssBefore) / 1024 / 1024;
    if (growthMb > RSS_BOUND_MB) fail(`RSS grew by ${growthMb.toFixed(0)} MB during the fuzz (bound ${RSS_BOUND_MB} MB)`);

    console.log(
      [
        `socket fuzz: ${FUZZ_SECONDS} s with ${FUZZ_SOCKETS} socket.io fuzzers and ${RAW_SOCKETS} raw WebSocket clients`,
        `  messages sent ${stats.emitted}, acks ${stats.acks}, refusals ${JSON.stringify(stats.ackErrors)}`,
        `  fuzzer connections ${stats.fuzzerConnects}, their disconnects ${JSON.stringify(stats.fuzzerDisconnects)}`,
        `  raw: ${stats.raw.connects} connections, ${stats.raw.frames} frames, ${stats.raw.closes} closed; ${stats.polling} polling requests`,
        `  canary rounds ${canaryRounds}; insider saw ${insiderSaw.post} posts, ${insiderSaw.notification} notifications, ${insiderSaw.event} event changes`,
        `  steady posts ${sentAt.size}, delivered ${arrivedAt.size}; REST p50 ${percentile(restMs, 50)} ms p99 ${percentile(restMs, 99)} ms`,
        `  live delivery quiet: n=${quietMs.length} p50 ${percentile(quietMs, 50)} ms p99 ${percentile(quietMs, 99)} ms max ${Math.max(...quietMs)} ms`,
        `  live delivery fuzz:  n=${fuzzMs.length} p50 ${percentile(fuzzMs, 50)} ms p99 ${percentile(fuzzMs, 99)} ms max ${Math.max(...fuzzMs)} ms (p99 ${(percentile(fuzzMs, 99) / percentile(quietMs, 99)).toFixed(2)}× quiet)`,
        `  event loop delay p99/max: quiet ${loopQuiet.p99}/${loopQuiet.max} ms, fuzz ${loopFuzz.p99}/${loopFuzz.max} ms`,
        `  CPU (% of one core): quiet: API ${quietCpu.api}, PostgreSQL ${quietCpu.postgres}, machine ${quietCpu.machine}% busy; fuzz: API ${fuzzCpu.api}, PostgreSQL ${fuzzCpu.postgres}, fuzzer ${Math.round((100 * stats.cpuMs) / fuzzCpu.ms)}, machine ${fuzzCpu.machine}% busy`,
        `  health checks ${healthChecks}; RSS ${(rssBefore / 1048576).toFixed(0)} → ${(rssAfter / 1048576).toFixed(0)} MB (${growthMb >= 0 ? '+' : ''}${growthMb.toFixed(0)} MB)`,
        `  heap after a full GC: ${(heapBefore / 1048576).toFixed(0)} MB before the fuzz, ${(heapAfter / 1048576).toFixed(0)} MB once every fuzzing connection had closed`,
        `  RSS at each tenth of the fuzz (MB): ${Array.from({ length: 10 }, (_, i) => rssDuringFuzz[Math.floor(((i + 1) * rssDuringFuzz.length) / 10) - 1]).filter((v) => v !== undefined).map((v) => (v / 1048576).toFixed(0)).join(', ')}`,
        `  failures: ${failures.length}`,
      ].join('\n'),
    );
    expect(failures).toEqual([]);
  });
});
