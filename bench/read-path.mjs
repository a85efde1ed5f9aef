#!/usr/bin/env node
// Issue 9, target 1: the read path at 1M posts, side by side with its raw baseline in the same run.
//
//   npm run build && npm run bench -- read
//
// Seeds (or reuses) the bench database (bench/seed-million.mjs), starts one API process on it and the
// raw `pg` + node:http baseline (bench/baselines/raw-read-server.mjs), signs the bench viewer in, checks
// that both answer the same rows, then loads each page with autocannon in its own process, API and
// baseline in turn, ROUNDS times: the thread page (20 posts) at page 1 and page 1,000 of a 40,000-post
// thread, the thread list (25 threads with unread counts) at page 1 and at its last page. Prints JSON.
//
// CONNECTIONS (50), DURATION (10 s per run), ROUNDS (2), PROFILE=1 (the API runs with --cpu-prof and
// the top functions by self time are printed), plus the seed's variables (bench/seed-million.mjs).
import path from 'node:path';
import pg from 'pg';
import { BENCH_VIEWER, seedIfNeeded, seedSpec } from './seed-million.mjs';
import { cpuSecondsOf, HEAP_PROBE_ARGS, memoryOf, profiling, ROOT, sleep, startApi, startHelper, startNode } from './processes.mjs';

const env = process.env;
const connections = Number(env.CONNECTIONS ?? 50);
const duration = Number(env.DURATION ?? 10);
const rounds = Number(env.ROUNDS ?? 2);

const seeded = await seedIfNeeded(seedSpec());
const { spec } = seeded;
const db = new pg.Client({ connectionString: spec.databaseUrl });
await db.connect();
const one = async (text, params) => (await db.query(text, params)).rows[0];
const { id: viewerId } = await one(`SELECT id FROM users WHERE email = $1`, [BENCH_VIEWER.email]);
const { id: networkId } = await one(`SELECT id FROM networks WHERE slug = 'bench'`);
const { id: bigThread, post_count: bigCount } = await one(`SELECT id, post_count FROM threads ORDER BY post_count DESC, id LIMIT 1`);
const listPages = Math.ceil(spec.threads / 25);
const deep = await one(
  `SELECT last_activity_at::text AS at, id FROM threads WHERE network_id = $1 ORDER BY last_activity_at DESC, id DESC OFFSET $2 LIMIT 1`,
  [networkId, (listPages - 1) * 25 - 1],
);
await db.end();
const deepCursor = Buffer.from(JSON.stringify([deep.at, deep.id]), 'utf8').toString('base64url');
const postPage = 20;
const deepPage = Math.min(1000, Math.floor(bigCount / postPage));

const profiler = profiling(env.PROFILE === '1');
const api = await startApi({ env: { DATABASE_URL: spec.databaseUrl }, nodeArgs: [...profiler.nodeArgs, ...HEAP_PROBE_ARGS], ipc: true });
const raw = await startHelper(path.join(ROOT, 'bench/baselines/raw-read-server.mjs'), { DATABASE_URL: spec.databaseUrl, VIEWER_ID: viewerId });
try {
  const login = await fetch(`${api.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(BENCH_VIEWER) });
  if (!login.ok) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
  const { accessToken } = await login.json();
  const headers = { authorization: `Bearer ${accessToken}` };

  const targets = [
    { name: 'thread page 1', path: `/api/v1/threads/${bigThread}/posts?afterSeq=0&limit=${postPage}` },
    { name: `thread page ${deepPage}`, path: `/api/v1/threads/${bigThread}/posts?afterSeq=${(deepPage - 1) * postPage}&limit=${postPage}` },
    { name: 'thread list page 1', path: `/api/v1/networks/${networkId}/threads?limit=25` },
    { name: `thread list page ${listPages}`, path: `/api/v1/networks/${networkId}/threads?limit=25&cursor=${deepCursor}` },
  ];

  // Same rows from both, or the comparison means nothing.
  for (const t of targets) {
    const [a, b] = await Promise.all([fetch(api.url + t.path, { headers }), fetch(raw.url + t.path)]);
    if (!a.ok || !b.ok) throw new Error(`${t.name}: API ${a.status}, baseline ${b.status}`);
    const [ja, jb] = [await a.json(), await b.json()];
    const ids = (j) => j.items.map((i) => i.id).join(',');
    if (!ja.items.length || ids(ja) !== ids(jb)) throw new Error(`${t.name}: the API and the baseline answer different rows`);
    t.items = ja.items.length;
    t.bytes = { api: JSON.stringify(ja).length, baseline: JSON.stringify(jb).length };
  }

  /** autocannon in its own process; answers its JSON and the CPU it used. */
  async function load(url, extraHeaders, seconds) {
    const args = ['-c', String(connections), '-d', String(seconds), '-j', '--renderStatusCodes'];
    for (const [k, v] of Object.entries(extraHeaders)) args.push('-H', `${k}: ${v}`);
    const proc = startNode(path.join(ROOT, 'node_modules/autocannon/autocannon.js'), { args: [...args, url] });
    let cpu = 0;
    const poll = setInterval(() => {
      try {
        cpu = cpuSecondsOf(proc.pid);
      } catch {
        // exited
      }
    }, 250);
    const { code } = await proc.exited;
    clearInterval(poll);
    const out = proc.output();
    if (code !== 0) throw new Error(`autocannon failed:\n${out}`);
    const result = JSON.parse(out.slice(out.indexOf('{')));
    return { result, generatorCpu: cpu / seconds };
  }

  const runs = [];
  // The API's memory at start (round 0) and after each round (RSS, then the heap after a full GC): growth from
  // round to round is a leak; the parts (heap reserved, external buffers, mapped files) say where the level comes from.
  const memoryByRound = [];
  const memoryNow = async (round) => {
    const rss = memoryOf(api.pid);
    const { heap } = await api.ask({ cmd: 'heap' });
    const mib = (bytes) => Math.round(bytes / 1048576);
    memoryByRound.push({ round, ...rss, heapUsedMiB: mib(heap.heapUsed), heapTotalMiB: mib(heap.heapTotal), externalMiB: mib(heap.external), arrayBuffersMiB: mib(heap.arrayBuffers) });
  };
  await memoryNow(0);
  for (const t of targets) {
    await load(api.url + t.path, headers, 2);
    await load(raw.url + t.path, {}, 2);
  }
  for (let round = 1; round <= rounds; round += 1) {
    for (const t of targets) {
      for (const [side, url, h] of [['api', api.url, headers], ['baseline', raw.url, {}]]) {
        const { result, generatorCpu } = await load(url + t.path, h, duration);
        const non2xx = result.non2xx + result.errors + result.timeouts;
        runs.push({ round, target: t.name, side, requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max, non2xx, generatorCpu: Number(generatorCpu.toFixed(2)) });
        await sleep(500);
      }
    }
    await memoryNow(round);
  }
  const median = (xs) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return Number((sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2).toFixed(2));
  };
  // Each round's ratio pairs the API with the baseline measured right after it; the summary gives their median.
  const summary = targets.map((t) => {
    const of = (side, key) => runs.filter((r) => r.target === t.name && r.side === side).map((r) => r[key]);
    const ratios = of('api', 'requestsPerSecond').map((rps, i) => rps / of('baseline', 'requestsPerSecond')[i]);
    return {
      target: t.name, items: t.items, bytes: t.bytes,
      apiRps: median(of('api', 'requestsPerSecond')), apiP99: median(of('api', 'p99')),
      baselineRps: median(of('baseline', 'requestsPerSecond')), baselineP99: median(of('baseline', 'p99')),
      ratio: median(ratios),
    };
  });
  const errors = runs.reduce((n, r) => n + r.non2xx, 0);
  const report = { bench: 'read', seed: { ...spec, databaseUrl: undefined, seededSeconds: seeded.seconds }, connections, duration, rounds, summary, runs, apiMemoryByRound: memoryByRound, errors };
  await api.stop();
  report.profile = profiler.summary();
  console.log(JSON.stringify(report, null, 2));
  process.exitCode = errors === 0 ? 0 : 1;
} finally {
  await api.stop();
  await raw.stop();
}
