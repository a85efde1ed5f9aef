#!/usr/bin/env node
// Issue 9, target 2: live fan-out to MEMBERS (1,000) distinct signed-in members, each with their own
// session, token and socket, all subscribed to one thread, while an open-loop sender posts RATE (20)
// posts/s for SECONDS (30) over REST; then the same sockets on a bare socket.io 4.8 server that
// broadcasts the same payloads at the same schedule. Both in the same run.
//
//   npm run build && npm run bench -- fanout            (node bench/fanout-members.mjs)
//   npm run build && npm run bench -- fanout-cluster    (node bench/fanout-members.mjs cluster)
//   npm run build && npm run bench -- fanout-ramp       (node bench/fanout-members.mjs ramp)
//
// Latency: from each post's scheduled send time to its arrival on each socket (process.hrtime, one
// clock for every process here), raw samples of all client processes merged before percentiles.
// Checks: every socket saw every seq once and in order (exits non-zero otherwise). CLIENTS (4)
// processes hold the sockets; their CPU and the sender's are reported (each should stay below 0.8
// of a core), and the sender's answer times (sender.responseMs: the write path alone, beside the
// delivery latency). Sessions are made in the bench database and tokens signed with the run's JWT
// secret (signing in a thousand members through argon2 would only measure argon2). PROFILE=1
// profiles the API (each node in cluster mode).
//
// cluster (issue 9, target 4): the fan-out above on one API node (no Redis), then on two nodes A and
// B on the same database with the same JWT secret and Redis (BENCH_REDIS_URL, default
// redis://127.0.0.1:6379, under a REDIS_PREFIX of this run's own, whose keys are deleted at the end:
// the prefix also names the adapter's pub/sub channels, which a Redis database number would not
// separate), sockets on B and posts through A. Reports both, p99 two-node / single-node (target
// ≤ 1.5) and each one's checks; no bare socket.io phase.
//
// ramp (target 2's saturation point): the sockets stay connected while the sender steps through RATES
// (5,10,20,40,80) posts/s for SECONDS (10) each, on Praxis then on bare socket.io. Each step is
// measured and checked on its own (the seqs after the previous step's), its deliveries awaited up to
// DRAIN_SECONDS (15); a system's ramp ends after its first step with p99 over 250 ms or a delivery
// missing. Saturation point: the offered deliveries/s (rate × sockets) at which p99 reaches 250 ms,
// interpolated linearly in p99 between the last step at or under 250 ms and the first over it; when
// no step went over, the highest step's achieved deliveries/s, as a lower bound (`reached: false`).
// Achieved deliveries/s (every phase and step): its deliveries over the longer of SECONDS and the time
// from its first scheduled post to its last arrival. The ratio praxis / bare is reported (target ≥ 0.6).
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Redis } from 'ioredis';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { BENCH_VIEWER, seedIfNeeded, seedSpec } from './seed-million.mjs';
import { cpuSecondsOf, memoryOf, profiling, ROOT, sleep, startApi, startHelper, startNode } from './processes.mjs';

const env = process.env;
const mode = process.argv[2] ?? 'single';
if (!['single', 'cluster', 'ramp'].includes(mode)) {
  console.error('usage: node bench/fanout-members.mjs [single|cluster|ramp]');
  process.exit(2);
}
const members = Number(env.MEMBERS ?? 1000);
const rate = Number(env.RATE ?? 20);
const rates = (env.RATES ?? '5,10,20,40,80').split(',').map(Number);
const seconds = Number(env.SECONDS ?? (mode === 'ramp' ? 10 : 30));
const drainMs = 1000 * Number(env.DRAIN_SECONDS ?? 15);
const clientCount = Number(env.CLIENTS ?? 4);
const redisUrl = env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const P99_LIMIT_MS = 250;
if (mode === 'ramp' && !rates.every((r, i) => r > 0 && (i === 0 || r > rates[i - 1]))) throw new Error(`RATES must rise: ${env.RATES}`);

const { spec } = await seedIfNeeded(seedSpec());
const secret = randomBytes(32).toString('hex');
const db = new pg.Client({ connectionString: spec.databaseUrl });
await db.connect();
const sessions = (
  await db.query(
    `INSERT INTO user_sessions (user_id, user_agent, ip, expires_at)
     SELECT id, 'fan-out bench', '127.0.0.1', now() + interval '1 day'
       FROM (SELECT id FROM users WHERE email LIKE 'member%@bench.local' ORDER BY email LIMIT $1) m
     UNION ALL SELECT id, 'fan-out bench sender', '127.0.0.1', now() + interval '1 day' FROM users WHERE email = $2
     RETURNING id, user_id`,
    [members, BENCH_VIEWER.email],
  )
).rows;
const { rows: [{ id: viewerId }] } = await db.query(`SELECT id FROM users WHERE email = $1`, [BENCH_VIEWER.email]);
const sign = (s) => jwt.sign({ sub: s.user_id, sid: s.id }, secret, { algorithm: 'HS256', expiresIn: 3600 });
const senderToken = sign(sessions.find((s) => s.user_id === viewerId));
const tokens = sessions.filter((s) => s.user_id !== viewerId).map(sign);
if (tokens.length !== members) throw new Error(`only ${tokens.length} members in the bench database`);

const servers = [];
/** An API node on the bench database with the run's JWT secret (and `extra` env), profiled with PROFILE=1. */
async function startPraxis(extra = {}) {
  const profiler = profiling(env.PROFILE === '1');
  const node = await startApi({ env: { DATABASE_URL: spec.databaseUrl, JWT_SECRET: secret, SOCKET_MESSAGES_PER_SECOND: '100', ...extra }, nodeArgs: profiler.nodeArgs });
  servers.push(node);
  return Object.assign(node, { profile: profiler.summary });
}

const api = await startPraxis();
const helpers = [];
let redisPrefix = null;
try {
  const call = async (method, route, body) => {
    const r = await fetch(`${api.url}/api/v1${route}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${senderToken}` }, body: body && JSON.stringify(body) });
    if (!r.ok) throw new Error(`${method} ${route}: ${r.status} ${await r.text()}`);
    return r.json();
  };
  const { rows: [{ id: networkId }] } = await db.query(`SELECT id FROM networks WHERE slug = 'bench'`);
  const thread = await call('POST', `/networks/${networkId}/threads`, { title: `Fan-out bench ${new Date().toISOString()}`, body: 'Fan-out bench thread.', clientId: crypto.randomUUID() });
  const room = `thread:${thread.id}`;
  const [opening] = (await call('GET', `/threads/${thread.id}/posts?limit=1`)).items;
  const template = { room, seq: 0, post: opening };

  /** CLIENTS processes holding one socket per member on `url`, subscribed to the thread (Praxis) or placed by the bare server. */
  async function connect(url, praxis) {
    const clients = Array.from({ length: clientCount }, () => startNode(path.join(ROOT, 'bench/load/socket-clients.mjs'), { ipc: true }));
    helpers.push(...clients);
    const share = Math.ceil(tokens.length / clientCount);
    const connectStarted = performance.now();
    const ready = await Promise.all(clients.map((c, i) => c.ask({ cmd: 'start', url, tokens: tokens.slice(i * share, (i + 1) * share), room, praxis })));
    const connectSeconds = (performance.now() - connectStarted) / 1000;
    return { clients, sockets: ready.reduce((n, r) => n + r.ready, 0), connectSeconds: Number(connectSeconds.toFixed(1)), startSeq: Math.min(...ready.map((r) => r.startSeq)) };
  }

  /** Closes the sockets (as a client leaving would) and ends their processes. */
  async function disconnect({ clients }) {
    await Promise.all(clients.map((c) => c.ask({ cmd: 'report' })));
    for (const c of clients) c.child.kill('SIGTERM');
  }

  /** Waits `minMs`, then until every expected delivery has arrived or `maxMs` has passed. */
  async function settle(clients, expected, minMs, maxMs) {
    const started = performance.now();
    await sleep(minMs);
    while (performance.now() - started < maxMs) {
      const counts = await Promise.all(clients.map((c) => c.ask({ cmd: 'count' })));
      if (counts.reduce((n, c) => n + c.deliveries, 0) >= expected) return;
      await sleep(100);
    }
  }

  /**
   * One measured stretch on connected sockets: send() (answering {seqs, errors, lateMs, cpu}), the
   * deliveries awaited (settle), then every socket's view of the seqs after `after` checked against
   * what was sent; CPU of the server processes (`serverPids`) and of the clients over the stretch.
   */
  async function measure({ clients }, send, serverPids, { after, minMs = 3000, maxMs = 3000 }) {
    const cpuBefore = clients.map((c) => cpuSecondsOf(c.pid));
    const serverCpuBefore = serverPids.map(cpuSecondsOf);
    const sendStarted = performance.now();
    const sent = await send();
    const expected = sent.seqs;
    await settle(clients, expected.length * tokens.length, minMs, maxMs);
    const elapsed = (performance.now() - sendStarted) / 1000;
    const clientCpu = clients.map((c, i) => Number(((cpuSecondsOf(c.pid) - cpuBefore[i]) / elapsed).toFixed(2)));
    const serverCpuEach = serverPids.map((pid, i) => Number(((cpuSecondsOf(pid) - serverCpuBefore[i]) / elapsed).toFixed(2)));
    const reports = await Promise.all(clients.map((c) => c.ask({ cmd: 'collect', after })));

    let incomplete = 0;
    let duplicates = 0;
    let outOfOrder = 0;
    for (const mine of reports.flatMap((r) => r.seqs)) {
      const distinct = new Set(mine);
      if (distinct.size !== mine.length) duplicates += 1;
      if (mine.some((s, i) => i > 0 && s <= mine[i - 1])) outOfOrder += 1;
      if (distinct.size !== expected.length || expected.some((s) => !distinct.has(s))) incomplete += 1;
    }
    const latencies = reports.flatMap((r) => r.latencies).sort((a, b) => a - b);
    const pct = (p) => Number((latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN).toFixed(1));
    const firstSched = Math.min(...reports.map((r) => r.firstSchedMs ?? Infinity));
    const lastArrival = Math.max(...reports.map((r) => r.lastArrivalMs ?? -Infinity));
    return {
      posts: expected.length, deliveries: latencies.length, deliveriesPerSecond: latencies.length ? Math.round(latencies.length / Math.max(seconds, (lastArrival - firstSched) / 1000)) : 0,
      expectedDeliveries: expected.length * tokens.length, incomplete, duplicates, outOfOrder,
      p50: pct(50), p95: pct(95), p99: pct(99), max: pct(100),
      serverCpu: Number(serverCpuEach.reduce((a, b) => a + b, 0).toFixed(2)), ...(serverPids.length > 1 ? { serverCpuEach } : {}),
      clientCpu, sender: { errors: sent.errors ?? 0, lateMs: sent.lateMs, cpu: sent.cpu === undefined ? null : Number(sent.cpu.toFixed(2)), responseMs: sent.responseMs },
      maxSeq: Math.max(after, ...expected),
    };
  }

  /** One phase: sockets in CLIENTS processes, a sender, then every socket's view checked. */
  async function phase(name, url, praxis, send, serverPids) {
    const connection = await connect(url, praxis);
    const { maxSeq: _, ...result } = await measure(connection, send, serverPids, { after: connection.startSeq });
    await disconnect(connection);
    return { name, sockets: connection.sockets, connectSeconds: connection.connectSeconds, ...result };
  }

  /** A ramp: the same sockets through every rate of RATES (`sendAt(rate, after)`), until p99 passes the limit. */
  async function ramp(name, url, praxis, sendAt, serverPids) {
    const connection = await connect(url, praxis);
    const steps = [];
    let after = connection.startSeq;
    for (const stepRate of rates) {
      const result = await measure(connection, sendAt(stepRate, after), serverPids, { after, minMs: 500, maxMs: drainMs });
      after = result.maxSeq;
      delete result.maxSeq;
      steps.push({ rate: stepRate, offeredDeliveriesPerSecond: stepRate * connection.sockets, ...result });
      if (!(result.p99 <= P99_LIMIT_MS) || result.incomplete > 0) break;
      await sleep(1000);
    }
    await disconnect(connection);
    return { name, sockets: connection.sockets, connectSeconds: connection.connectSeconds, steps, saturation: saturation(steps) };
  }

  const sender = startNode(path.join(ROOT, 'bench/load/post-sender.mjs'), { ipc: true });
  helpers.push(sender);
  /** The sender's posts through the API at `url`, with its CPU (cores) while it sent. */
  const postThrough = (url, postRate) => async () => {
    const cpu0 = cpuSecondsOf(sender.pid);
    const started = performance.now();
    const result = await sender.ask({ cmd: 'send', url, token: senderToken, threadId: thread.id, rate: postRate, seconds });
    return { ...result, cpu: (cpuSecondsOf(sender.pid) - cpu0) / ((performance.now() - started) / 1000) };
  };
  const startBare = async () => {
    const bare = await startHelper(path.join(ROOT, 'bench/baselines/bare-socketio-server.mjs'));
    helpers.push(bare);
    return bare;
  };
  const clean = (p) => p.incomplete === 0 && p.duplicates === 0 && p.outOfOrder === 0 && p.sender.errors === 0;

  let result;
  if (mode === 'single') {
    const praxis = await phase('praxis', api.url, true, postThrough(api.url, rate), [api.pid]);
    const apiMemory = memoryOf(api.pid);
    const bare = await startBare();
    const baseline = await phase('bare socket.io', bare.url, false, () => bare.ask({ cmd: 'send', rate, seconds, template }), [bare.pid]);
    const baselineMemory = memoryOf(bare.pid);
    await api.stop();
    result = {
      bench: 'fanout', members, rate, seconds, clients: clientCount, praxis, baseline,
      p99Ratio: Number((praxis.p99 / baseline.p99).toFixed(2)),
      memory: { api: apiMemory, bare: baselineMemory }, profile: api.profile(), ok: [praxis, baseline].every(clean),
    };
  } else if (mode === 'cluster') {
    const single = await phase('single node', api.url, true, postThrough(api.url, rate), [api.pid]);
    const singleMemory = memoryOf(api.pid);
    await api.stop();
    redisPrefix = `praxis-bench-fanout-${process.pid}-${randomBytes(4).toString('hex')}`;
    const nodeA = await startPraxis({ REDIS_URL: redisUrl, REDIS_PREFIX: redisPrefix });
    const nodeB = await startPraxis({ REDIS_URL: redisUrl, REDIS_PREFIX: redisPrefix });
    const two = await phase('two nodes (sockets on B, posts through A)', nodeB.url, true, postThrough(nodeA.url, rate), [nodeA.pid, nodeB.pid]);
    const memory = { single: singleMemory, nodeA: memoryOf(nodeA.pid), nodeB: memoryOf(nodeB.pid) };
    await nodeA.stop();
    await nodeB.stop();
    const ok = [single, two].every(clean);
    const p99Ratio = Number((two.p99 / single.p99).toFixed(2));
    result = {
      bench: 'fanout-cluster', members, rate, seconds, clients: clientCount, redis: { url: redisUrl, prefix: redisPrefix },
      singleNode: single, twoNodes: two, p99Ratio, p99RatioLimit: 1.5, meetsTarget: ok && p99Ratio <= 1.5,
      memory, profile: { single: api.profile(), nodeA: nodeA.profile(), nodeB: nodeB.profile() }, ok,
    };
  } else {
    const praxis = await ramp('praxis', api.url, true, (stepRate) => postThrough(api.url, stepRate), [api.pid]);
    const apiMemory = memoryOf(api.pid);
    const bare = await startBare();
    const baseline = await ramp('bare socket.io', bare.url, false, (stepRate, after) => () => bare.ask({ cmd: 'send', rate: stepRate, seconds, template, firstSeq: after + 1 }), [bare.pid]);
    const baselineMemory = memoryOf(bare.pid);
    await api.stop();
    const [p, b] = [praxis.saturation, baseline.saturation];
    const ratio = p.deliveriesPerSecond !== null && b.deliveriesPerSecond ? Number((p.deliveriesPerSecond / b.deliveriesPerSecond).toFixed(2)) : null;
    result = {
      bench: 'fanout-ramp', members, rates, seconds, drainSeconds: drainMs / 1000, clients: clientCount, p99LimitMs: P99_LIMIT_MS, praxis, baseline,
      saturationRatio: ratio,
      // A bare ramp that never saturated gives a lower bound for bare, so the ratio is then an upper bound (and the reverse).
      saturationRatioIs: ratio === null ? null : p.reached === b.reached ? (p.reached ? 'exact' : 'both lower bounds') : p.reached ? 'upper bound' : 'lower bound',
      memory: { api: apiMemory, bare: baselineMemory }, profile: api.profile(),
      ok: [...praxis.steps, ...baseline.steps].every(clean),
    };
  }
  console.log(JSON.stringify(result, null, 2));
  process.exitCode = result.ok ? 0 : 1;
} finally {
  for (const h of helpers) {
    if (h.child) h.child.kill('SIGTERM');
    else await h.stop();
  }
  for (const s of servers) await s.stop();
  if (redisPrefix) await dropRedisKeys(redisPrefix);
  await db.query(`DELETE FROM user_sessions WHERE user_agent LIKE 'fan-out bench%'`);
  await db.end();
}

/**
 * Where p99 reaches P99_LIMIT_MS in a ramp's steps (rule in the header): `deliveriesPerSecond` (null
 * when the first step was already over), `reached` (false: no step went over, a lower bound), and the
 * highest achieved deliveries/s of a step at or under the limit, for the plain reading of the target.
 */
function saturation(steps) {
  const over = steps.findIndex((s) => !(s.p99 <= P99_LIMIT_MS) || s.incomplete > 0);
  const passing = over < 0 ? steps : steps.slice(0, over);
  const highestPassing = passing.length ? passing.at(-1).deliveriesPerSecond : null;
  if (over < 0) return { deliveriesPerSecond: highestPassing, reached: false, highestPassing };
  if (over === 0) return { deliveriesPerSecond: null, reached: true, highestPassing, between: [0, steps[0].rate] };
  const [a, b] = [steps[over - 1], steps[over]];
  // A step over only by a missing delivery (p99 still under): the crossing is put at its rate.
  const f = b.p99 > P99_LIMIT_MS ? (P99_LIMIT_MS - a.p99) / (b.p99 - a.p99) : 1;
  const at = a.offeredDeliveriesPerSecond + f * (b.offeredDeliveriesPerSecond - a.offeredDeliveriesPerSecond);
  return { deliveriesPerSecond: Math.round(at), reached: true, highestPassing, between: [a.rate, b.rate] };
}

/** Deletes this run's keys (the adapter's stream, the rate-limit counters) from Redis: only those under its own prefix. */
async function dropRedisKeys(prefix) {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    for (let round = 0; round < 10_000; round += 1) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
  } finally {
    redis.disconnect();
  }
}
