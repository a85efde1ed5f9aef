#!/usr/bin/env node
// Issue 9, target 2: live fan-out to MEMBERS (1,000) distinct signed-in members, each with their own
// session, token and socket, all subscribed to one thread, while an open-loop sender posts RATE (20)
// posts/s for SECONDS (30) over REST; then the same sockets on a bare socket.io 4.8 server that
// broadcasts the same payloads at the same schedule. Both in the same run.
//
//   npm run build && npm run bench -- fanout
//
// Latency: from each post's scheduled send time to its arrival on each socket (process.hrtime, one
// clock for every process here), raw samples of all client processes merged before percentiles.
// Checks: every socket saw every seq once and in order (exits non-zero otherwise). CLIENTS (4)
// processes hold the sockets; their CPU and the sender's are reported (each should stay below 0.8
// of a core). Sessions are made in the bench database and tokens signed with the run's JWT secret
// (signing in a thousand members through argon2 would only measure argon2). PROFILE=1 profiles the API.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { BENCH_VIEWER, seedIfNeeded, seedSpec } from './seed-million.mjs';
import { cpuSecondsOf, memoryOf, profiling, ROOT, sleep, startApi, startHelper, startNode } from './processes.mjs';

const env = process.env;
const members = Number(env.MEMBERS ?? 1000);
const rate = Number(env.RATE ?? 20);
const seconds = Number(env.SECONDS ?? 30);
const clientCount = Number(env.CLIENTS ?? 4);

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

const profiler = profiling(env.PROFILE === '1');
const api = await startApi({ env: { DATABASE_URL: spec.databaseUrl, JWT_SECRET: secret, SOCKET_MESSAGES_PER_SECOND: '100' }, nodeArgs: profiler.nodeArgs });
const helpers = [];
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

  /** One phase: sockets in CLIENTS processes, a sender, then every socket's view checked. */
  async function phase(name, url, praxis, send, serverPid) {
    const clients = Array.from({ length: clientCount }, () => startNode(path.join(ROOT, 'bench/load/socket-clients.mjs'), { ipc: true }));
    helpers.push(...clients);
    const share = Math.ceil(tokens.length / clientCount);
    const connectStarted = performance.now();
    const ready = await Promise.all(clients.map((c, i) => c.ask({ cmd: 'start', url, tokens: tokens.slice(i * share, (i + 1) * share), room, praxis })));
    const connectSeconds = (performance.now() - connectStarted) / 1000;
    const startSeq = Math.min(...ready.map((r) => r.startSeq));
    const cpuBefore = clients.map((c) => cpuSecondsOf(c.pid));
    const serverCpuBefore = cpuSecondsOf(serverPid);
    const sendStarted = performance.now();
    const sent = await send();
    await sleep(3000);
    const elapsed = (performance.now() - sendStarted) / 1000;
    const clientCpu = clients.map((c, i) => Number(((cpuSecondsOf(c.pid) - cpuBefore[i]) / elapsed).toFixed(2)));
    const serverCpu = Number(((cpuSecondsOf(serverPid) - serverCpuBefore) / elapsed).toFixed(2));
    const reports = await Promise.all(clients.map((c) => c.ask({ cmd: 'report' })));
    for (const c of clients) c.child.kill('SIGTERM');

    const expected = sent.seqs;
    let incomplete = 0;
    let duplicates = 0;
    let outOfOrder = 0;
    for (const seen of reports.flatMap((r) => r.seqs)) {
      const mine = seen.filter((s) => s > startSeq);
      const distinct = new Set(mine);
      if (distinct.size !== mine.length) duplicates += 1;
      if (mine.some((s, i) => i > 0 && s <= mine[i - 1])) outOfOrder += 1;
      if (distinct.size !== expected.length || expected.some((s) => !distinct.has(s))) incomplete += 1;
    }
    const latencies = reports.flatMap((r) => r.latencies).sort((a, b) => a - b);
    const pct = (p) => Number((latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN).toFixed(1));
    return {
      name, sockets: ready.reduce((n, r) => n + r.ready, 0), connectSeconds: Number(connectSeconds.toFixed(1)), posts: expected.length,
      deliveries: latencies.length, expectedDeliveries: expected.length * tokens.length, incomplete, duplicates, outOfOrder,
      p50: pct(50), p95: pct(95), p99: pct(99), max: pct(100), serverCpu, clientCpu, sender: { errors: sent.errors ?? 0, lateMs: sent.lateMs, cpu: sent.cpu === undefined ? null : Number(sent.cpu.toFixed(2)) },
    };
  }

  const sender = startNode(path.join(ROOT, 'bench/load/post-sender.mjs'), { ipc: true });
  helpers.push(sender);
  const praxis = await phase('praxis', api.url, true, async () => {
    const cpu0 = cpuSecondsOf(sender.pid);
    const started = performance.now();
    const result = await sender.ask({ cmd: 'send', url: api.url, token: senderToken, threadId: thread.id, rate, seconds });
    return { ...result, cpu: (cpuSecondsOf(sender.pid) - cpu0) / ((performance.now() - started) / 1000) };
  }, api.pid);
  const apiMemory = memoryOf(api.pid);
  const bare = await startHelper(path.join(ROOT, 'bench/baselines/bare-socketio-server.mjs'));
  helpers.push(bare);
  const baseline = await phase('bare socket.io', bare.url, false, () => bare.ask({ cmd: 'send', rate, seconds, template }), bare.pid);
  const baselineMemory = memoryOf(bare.pid);

  await api.stop();
  const ok = [praxis, baseline].every((p) => p.incomplete === 0 && p.duplicates === 0 && p.outOfOrder === 0 && p.sender.errors === 0);
  console.log(JSON.stringify({
    bench: 'fanout', members, rate, seconds, clients: clientCount, praxis, baseline,
    p99Ratio: Number((praxis.p99 / baseline.p99).toFixed(2)),
    memory: { api: apiMemory, bare: baselineMemory }, profile: profiler.summary(), ok,
  }, null, 2));
  process.exitCode = ok ? 0 : 1;
} finally {
  for (const h of helpers) {
    if (h.child) h.child.kill('SIGTERM');
    else await h.stop();
  }
  await api.stop();
  await db.query(`DELETE FROM user_sessions WHERE user_agent LIKE 'fan-out bench%'`);
  await db.end();
}
