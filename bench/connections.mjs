#!/usr/bin/env node
// Issue 9, target 3: CONNECTIONS (10,000) authenticated sockets on one API process, held by CLIENTS (4)
// processes; then the same sockets on a bare socket.io 4.8 server, in the same run. For each server:
// heap used after a full GC before and after the sockets connect (per connection: the difference /
// CONNECTIONS; the target is ≤ 1.5× bare socket.io's), RSS before and after, the connect time, and the
// server's CPU while every socket sits idle for IDLE_SECONDS (10; engine.io pings each socket every
// 25 s, so a window of 25 s or more takes in a whole round of them).
//
//   npm run build && npm run bench -- connections
//
// Sockets: WebSocket transport only on both servers, no reconnection, opened in batches of BATCH (50)
// per client process, the processes in parallel. On Praxis each socket has its own session, made in
// the bench database, and a token signed with the run's JWT secret (as bench/fanout-members.mjs):
// the sessions go round the seed's members (2,000: 5 sessions each at 10,000, several tabs and
// devices per member; no extra users), and are deleted at the end. Each Praxis socket then subscribes to one thread room
// (the ack is awaited): ROOMS (100) threads of the bench network, filled one after another, so the
// presence messages of the connect storm stay few (ROOMS=0: connect only). The bare server (no auth,
// no database) puts each socket in one room at connection. Before the first heap reading WARMUP (50)
// sockets connect and leave, so that lazily loaded code is not counted per connection. Heap readings:
// both servers run with --expose-gc and bench/load/heap-probe.mjs preloaded, asked over IPC.
// Exits 1 unless every socket connected (on Praxis: authenticated and subscribed) and stayed connected.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { seedIfNeeded, seedSpec } from './seed-million.mjs';
import { cpuSecondsOf, HEAP_PROBE_ARGS, memoryOf, ROOT, sleep, startApi, startHelper, startNode } from './processes.mjs';

const env = process.env;
const connections = Number(env.CONNECTIONS ?? 10_000);
const clientCount = Number(env.CLIENTS ?? 4);
const idleSeconds = Number(env.IDLE_SECONDS ?? 10);
const batch = Number(env.BATCH ?? 50);
const roomCount = Number(env.ROOMS ?? 100);
const warmup = Math.min(connections, Number(env.WARMUP ?? 50));
const SESSION_AGENT = 'connections bench';
const log = (what) => console.error(`[connections] ${what}`);

// One descriptor per socket in the server, and in the clients, one ephemeral port per client socket.
const openFiles = Number(/^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1].replace('unlimited', 'Infinity'));
if (!(openFiles >= connections + 1024)) throw new Error(`ulimit -n is ${openFiles}: ${connections} sockets need at least ${connections + 1024}`);
const [portLow, portHigh] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
if (portHigh - portLow + 1 < connections + 1000) throw new Error(`ephemeral ports ${portLow}–${portHigh} are too few for ${connections} sockets`);

/** A seed of the bench database in progress elsewhere (created, not yet labelled, in use): waits for it instead of starting another. */
async function waitForSeedElsewhere(spec) {
  const admin = new pg.Client({ connectionString: spec.databaseUrl.replace(/\/[^/]*$/, '/postgres') });
  await admin.connect();
  try {
    const name = new URL(spec.databaseUrl).pathname.slice(1);
    const deadline = Date.now() + 60 * 60_000;
    for (;;) {
      const { rows: [db] } = await admin.query(
        `SELECT shobj_description(d.oid, 'pg_database') AS comment, (SELECT count(*) FROM pg_stat_activity a WHERE a.datname = d.datname)::int AS users
           FROM pg_database d WHERE d.datname = $1`,
        [name],
      );
      if (!db || db.comment || db.users === 0) return;
      if (Date.now() > deadline) throw new Error(`${name} is still being seeded after an hour`);
      log(`${name} is being seeded by another process; waiting`);
      await sleep(15_000);
    }
  } finally {
    await admin.end();
  }
}

await waitForSeedElsewhere(seedSpec());
const { spec } = await seedIfNeeded(seedSpec());
const secret = randomBytes(32).toString('hex');
const db = new pg.Client({ connectionString: spec.databaseUrl });
await db.connect();
const helpers = [];
let api = null;
let bare = null;
try {
  const { rows: [{ members }] } = await db.query(`SELECT count(*)::int AS members FROM users WHERE email LIKE 'member%@bench.local'`);
  const perMember = Math.ceil(connections / Math.max(1, members));
  const sessions = (
    await db.query(
      `INSERT INTO user_sessions (user_id, user_agent, ip, expires_at)
       SELECT m.id, $3, '127.0.0.1', now() + interval '1 day'
         FROM (SELECT id, email FROM users WHERE email LIKE 'member%@bench.local') m CROSS JOIN generate_series(1, $2::int) k
        ORDER BY k, m.email LIMIT $1
       RETURNING id, user_id`,
      [connections, perMember, SESSION_AGENT],
    )
  ).rows;
  if (sessions.length !== connections) throw new Error(`only ${sessions.length} sessions for ${connections} sockets: fewer members than expected in the bench database`);
  const tokens = sessions.map((s) => jwt.sign({ sub: s.user_id, sid: s.id }, secret, { algorithm: 'HS256', expiresIn: 3600 }));
  const threads = roomCount > 0
    ? (await db.query(`SELECT t.id FROM threads t JOIN networks n ON n.id = t.network_id WHERE n.slug = 'bench' ORDER BY t.last_activity_at DESC LIMIT $1`, [roomCount])).rows
    : [];
  const perRoom = Math.ceil(connections / Math.max(1, threads.length));
  const rooms = threads.length ? tokens.map((_, i) => `thread:${threads[Math.floor(i / perRoom)].id}`) : null;

  /** Heap used after a full GC, in MiB, from the probe preloaded in the server. */
  const heapOf = async (server) => {
    const { heap } = await server.ask({ cmd: 'heap' });
    return { heapMiB: heap.heapUsed / 2 ** 20, externalMiB: heap.external / 2 ** 20 };
  };
  const cores = (cpu0, seconds) => (pid) => Number(((cpuSecondsOf(pid) - cpu0.get(pid)) / seconds).toFixed(2));
  const cpuNow = (pids) => new Map(pids.map((pid) => [pid, cpuSecondsOf(pid)]));

  /** One server: warm-up, heap before, every socket in, idle window, heap after; the clients are stopped at the end. */
  async function phase(name, server, praxis) {
    const clients = Array.from({ length: clientCount }, () => startNode(path.join(ROOT, 'bench/load/idle-sockets.mjs'), { ipc: true }));
    helpers.push(...clients);
    const roomsOf = (from, to) => (praxis && rooms ? rooms.slice(from, to) : null);
    if (warmup > 0) {
      const warm = await clients[0].ask({ cmd: 'connect', url: server.url, tokens: tokens.slice(0, warmup), rooms: roomsOf(0, warmup), batch });
      if (warm.failed) throw new Error(`${name}: warm-up sockets failed: ${warm.firstError}`);
      await clients[0].ask({ cmd: 'close' });
      await sleep(1500);
    }
    const before = await heapOf(server);
    const rssBefore = memoryOf(server.pid).rssMiB;

    log(`${name}: connecting ${connections} sockets from ${clientCount} processes`);
    const pids = [server.pid, ...clients.map((c) => c.pid)];
    let cpu0 = cpuNow(pids);
    const started = performance.now();
    const share = Math.ceil(connections / clientCount);
    const opened = await Promise.all(
      clients.map((c, i) => c.ask({ cmd: 'connect', url: server.url, tokens: tokens.slice(i * share, (i + 1) * share), rooms: roomsOf(i * share, (i + 1) * share), batch })),
    );
    const connectSeconds = (performance.now() - started) / 1000;
    const connectCpu = cores(cpu0, connectSeconds);
    const serverConnectCpu = connectCpu(server.pid);
    const clientConnectCpu = clients.map((c) => connectCpu(c.pid));

    await sleep(2000); // the last presence messages and acks settle
    const settled = await Promise.all(clients.map((c) => c.ask({ cmd: 'report' })));
    log(`${name}: idle for ${idleSeconds} s`);
    cpu0 = cpuNow(pids);
    const idleStarted = performance.now();
    await sleep(idleSeconds * 1000);
    const idleCpu = cores(cpu0, (performance.now() - idleStarted) / 1000);
    const serverIdleCpu = idleCpu(server.pid);
    const clientIdleCpu = clients.map((c) => idleCpu(c.pid));
    const after = await Promise.all(clients.map((c) => c.ask({ cmd: 'report' })));
    const heapAfter = await heapOf(server);
    const memoryAfter = memoryOf(server.pid);
    await Promise.all(clients.map((c) => c.ask({ cmd: 'close' })));
    for (const c of clients) c.child.kill('SIGTERM');

    const sum = (xs, key) => xs.reduce((n, x) => n + x[key], 0);
    const reasons = {};
    for (const r of after) for (const [k, n] of Object.entries(r.reasons)) reasons[k] = (reasons[k] ?? 0) + n;
    const result = {
      connected: sum(opened, 'connected'),
      subscribed: praxis && rooms ? sum(opened, 'subscribed') : null,
      failed: sum(opened, 'failed'),
      firstError: opened.find((o) => o.firstError)?.firstError ?? null,
      openAfterIdle: sum(after, 'open'),
      disconnects: sum(after, 'disconnects'),
      disconnectReasons: reasons,
      eventsWhileIdle: sum(after, 'events') - sum(settled, 'events'),
      connectSeconds: Number(connectSeconds.toFixed(1)),
      connectsPerSecond: Math.round(connections / connectSeconds),
      heapBeforeMiB: Number(before.heapMiB.toFixed(1)),
      heapAfterMiB: Number(heapAfter.heapMiB.toFixed(1)),
      heapPerConnectionKiB: Number((((heapAfter.heapMiB - before.heapMiB) * 1024) / connections).toFixed(2)),
      externalPerConnectionKiB: Number((((heapAfter.externalMiB - before.externalMiB) * 1024) / connections).toFixed(2)),
      rssBeforeMiB: rssBefore,
      rssAfterMiB: memoryAfter.rssMiB,
      rssPeakMiB: memoryAfter.peakMiB,
      idleCpu: serverIdleCpu,
      connectCpu: serverConnectCpu,
      clients: { connectCpu: clientConnectCpu, idleCpu: clientIdleCpu },
    };
    result.ok = result.connected === connections && result.failed === 0 && result.openAfterIdle === connections && result.disconnects === 0 &&
      (result.subscribed === null || result.subscribed === connections);
    log(`${name}: ${JSON.stringify({ connected: result.connected, connectSeconds: result.connectSeconds, heapPerConnectionKiB: result.heapPerConnectionKiB, idleCpu: result.idleCpu })}`);
    return result;
  }

  api = await startApi({ env: { DATABASE_URL: spec.databaseUrl, JWT_SECRET: secret }, nodeArgs: HEAP_PROBE_ARGS, ipc: true });
  const praxis = await phase('praxis', api, true);
  await api.stop();
  bare = await startHelper(path.join(ROOT, 'bench/baselines/bare-socketio-server.mjs'), {}, { nodeArgs: HEAP_PROBE_ARGS });
  const baseline = await phase('bare socket.io', bare, false);
  await bare.stop();

  const ratio = Number((praxis.heapPerConnectionKiB / baseline.heapPerConnectionKiB).toFixed(2));
  const ok = praxis.ok && baseline.ok;
  console.log(JSON.stringify({
    bench: 'connections', connections, clients: clientCount, batch, rooms: threads.length, sessionsPerMember: perMember, idleSeconds, warmup,
    connectSeconds: { praxis: praxis.connectSeconds, bare: baseline.connectSeconds },
    praxis, bare: baseline,
    heapPerConnectionRatio: ratio, heapWithinTarget: ratio <= 1.5, ok,
  }, null, 2));
  process.exitCode = ok ? 0 : 1;
} finally {
  for (const h of helpers) h.child.kill('SIGTERM');
  if (api) await api.stop();
  if (bare) await bare.stop();
  await db.query(`DELETE FROM user_sessions WHERE user_agent = $1`, [SESSION_AGENT]);
  await db.end();
}
