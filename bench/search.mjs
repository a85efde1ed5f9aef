#!/usr/bin/env node
// Issue 9, target 5: search at 1M posts, side by side with its raw baseline in the same run.
//
//   npm run build && npm run bench -- search
//
// Seeds (or reuses) the bench database (bench/seed-million.mjs: post bodies and thread titles are
// words of an 8,000-word vocabulary drawn with a Zipf-like law), picks the terms from the data —
// rare words (10 to 100 posts each), common words (in at least a tenth of the posts: more than
// 100,000 at 1M) and type-ahead prefixes (the first three letters of the common words) — and counts
// their hits. Starts one API process on it and the baseline (bench/baselines/raw-search-server.mjs:
// the same SQL, built by the API's own SearchRepository, on raw `pg` behind node:http), signs the
// bench viewer in, checks that both answer the same hits, then loads each kind through the real
// routes with autocannon in its own process (closed loop, each connection going round the kind's
// terms): rare and common words on GET /api/v1/search?q= (all types, relevance order, 20 hits with
// counts and snippets), prefixes on GET /api/v1/search/suggest?q= (type-ahead). API and baseline
// in turn, at each concurrency of CONCURRENCY, ROUNDS times. Ends with EXPLAIN (ANALYZE, BUFFERS) of
// the SQL each kind runs (captured from the repository, run with the same parameters). Prints JSON.
//
// Targets (issue 9, target 5): rare word p99 ≤ 50 ms, common word ranked p99 ≤ 100 ms, type-ahead
// prefix p99 ≤ 30 ms, judged at TARGET_CONNECTIONS (4) concurrent requests — on 2 cores that keeps
// both busy without making the p99 mostly queueing — and shown at every CONCURRENCY level.
//
// CONCURRENCY (connections per run, closed loop, "1,4,10": 1 is the latency without queueing, 10
// saturates a 2-core machine), TARGET_CONNECTIONS (4), DURATION (10 s per run), ROUNDS (1), TERMS
// (6 per kind), plus the seed's variables (bench/seed-million.mjs).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { BENCH_VIEWER, VOCABULARY, benchWord, seedIfNeeded, seedSpec } from './seed-million.mjs';
import { ROOT, sleep, startApi, startHelper, startNode } from './processes.mjs';

const SELF = path.join(ROOT, 'bench/search.mjs');
const SEARCH_TYPES = ['thread', 'post', 'event', 'resource', 'network', 'member'];

/** The load generator, in its own process: autocannon's API going round a list of paths. */
async function loadChild(spec) {
  const { default: autocannon } = await import('autocannon');
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.duration,
    headers: spec.headers,
    requests: spec.paths.map((p) => ({ method: 'GET', path: p })),
  });
  console.log(JSON.stringify(result));
}

async function main() {
  const env = process.env;
  const concurrency = (env.CONCURRENCY ?? '1,4,10').split(',').map(Number);
  const judgedAt = concurrency.includes(Number(env.TARGET_CONNECTIONS ?? 4)) ? Number(env.TARGET_CONNECTIONS ?? 4) : concurrency.at(-1);
  const duration = Number(env.DURATION ?? 10);
  const rounds = Number(env.ROUNDS ?? 1);
  const perKind = Number(env.TERMS ?? 6);

  const seeded = await seedIfNeeded(seedSpec());
  const { spec } = seeded;
  const db = new pg.Client({ connectionString: spec.databaseUrl });
  await db.connect();
  const one = async (text, params) => (await db.query(text, params)).rows[0];
  const { id: viewerId, locale } = await one(`SELECT id, locale FROM users WHERE email = $1`, [BENCH_VIEWER.email]);
  const config = { en: 'english', fr: 'french', es: 'spanish' }[locale] ?? 'simple';

  // What the viewer may read, as the API's policies answer it for an active member who is not an admin.
  const readable = (await db.query(`SELECT network_id FROM network_memberships WHERE user_id = $1 AND status = 'active'`, [viewerId])).rows.map((r) => r.network_id);
  const visible = (await db.query(`SELECT id FROM networks WHERE id = ANY($1::uuid[]) OR visibility <> 'hidden'`, [readable])).rows.map((r) => r.id);
  const scope = { readableNetworks: readable, visibleNetworks: visible, hubResources: true, eventVisibilities: ['public', 'members'], eventNetworks: readable, memberStatuses: ['active'] };

  // The terms, from the data: posts matching each as the API parses it for this viewer.
  const words = `websearch_to_tsquery('${config}', praxis_unaccent($1)) || websearch_to_tsquery('simple', praxis_unaccent($1))`;
  const prefixes = `to_tsquery('${config}', $1) || to_tsquery('simple', $1)`;
  const hitsOf = async (tsquery, term) => (await one(`SELECT count(*)::int AS n FROM posts WHERE deleted_at IS NULL AND search_vector @@ (${tsquery})`, [term])).n;
  const started = performance.now();
  const rare = [];
  for (let rank = VOCABULARY; rank > 1 && rare.length < perKind; rank = rank > 200 ? Math.floor(rank * 0.97) : rank - 1) {
    const term = benchWord(rank);
    const hits = await hitsOf(words, term);
    if (hits >= 10 && hits <= 100) rare.push({ term, rank, hits });
  }
  const commonAt = Math.min(100_000, Math.ceil(spec.posts / 10));
  const common = [];
  for (let rank = 1; rank <= VOCABULARY && common.length < perKind; rank += 1) {
    const term = benchWord(rank);
    const hits = await hitsOf(words, term);
    if (hits < commonAt) break;
    common.push({ term, rank, hits });
  }
  const prefix = [];
  for (const { term } of common) {
    const start = term.slice(0, 3);
    if (!prefix.some((p) => p.term === start)) prefix.push({ term: start, hits: await hitsOf(prefixes, `${start}:*`) });
  }
  const pickSeconds = Number(((performance.now() - started) / 1000).toFixed(1));
  if (rare.length < 2 || common.length < 2) throw new Error(`the data have too few rare (${rare.length}) or common (${common.length}) words: is ${spec.databaseUrl} seeded by this seed?`);

  const kinds = [
    { kind: 'rare', route: '/api/v1/search', terms: rare, targetP99: 50, note: `words in 10 to 100 posts` },
    { kind: 'common', route: '/api/v1/search', terms: common, targetP99: 100, note: `words in at least ${commonAt} posts, ranked` },
    { kind: 'prefix', route: '/api/v1/search/suggest', terms: prefix, targetP99: 30, note: 'type-ahead: the first three letters of the common words' },
  ];
  for (const k of kinds) k.paths = k.terms.map((t) => `${k.route}?q=${encodeURIComponent(t.term)}`);

  // The SQL each kind runs, captured from the API's repository (the build) with this viewer's scope.
  const { SearchRepository } = await import(pathToFileURL(path.join(ROOT, 'apps/api/dist/modules/search/search.repository.js')).href);
  // The settings the repository makes for its transaction (SET LOCAL …) are kept aside and made for
  // the session of the plans below.
  const settings = new Set();
  async function capture(run) {
    const calls = [];
    const query = async (text, values) => {
      if (/^SET LOCAL /.test(text)) settings.add(text.replace(/SET LOCAL /g, 'SET '));
      else calls.push({ text, values });
      return [{}];
    };
    await run(new SearchRepository({ query, transaction: (work) => work({ query }) }));
    return calls;
  }
  const searchTerms = (q) => ({ config, q, prefix: false, fragment: q.length >= 3 ? q : null });
  const statements = {
    rare: await capture(async (r) => {
      await r.page({ types: SEARCH_TYPES, scope, filter: {}, terms: searchTerms(rare[0].term), order: 'relevance', after: null, limit: 21 });
      await r.counts(SEARCH_TYPES, scope, {}, searchTerms(rare[0].term));
    }),
    common: await capture(async (r) => {
      await r.page({ types: SEARCH_TYPES, scope, filter: {}, terms: searchTerms(common[0].term), order: 'relevance', after: null, limit: 21 });
      await r.counts(SEARCH_TYPES, scope, {}, searchTerms(common[0].term));
    }),
    prefix: await capture(async (r) => {
      const terms = { config, q: `${prefix[0].term}:*`, prefix: true, fragment: prefix[0].term };
      for (const type of SEARCH_TYPES) await r.page({ types: [type], scope, filter: {}, terms, order: 'relevance', after: null, limit: 3 });
    }),
  };

  const api = await startApi({ env: { DATABASE_URL: spec.databaseUrl } });
  const raw = await startHelper(path.join(ROOT, 'bench/baselines/raw-search-server.mjs'), { DATABASE_URL: spec.databaseUrl, SCOPE: JSON.stringify(scope), CONFIG: config });
  try {
    const login = await fetch(`${api.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(BENCH_VIEWER) });
    if (!login.ok) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
    const { accessToken } = await login.json();
    const headers = { authorization: `Bearer ${accessToken}` };

    // The same hits from both (ids in order), or the comparison means nothing.
    const ids = (j) => (j.items ?? j.groups.flatMap((g) => g.items)).map((i) => `${i.type}:${i.id}`).join(',');
    for (const k of kinds) {
      for (const [i, t] of k.terms.entries()) {
        const [a, b] = await Promise.all([fetch(api.url + k.paths[i], { headers }), fetch(raw.url + k.paths[i])]);
        if (!a.ok || !b.ok) throw new Error(`${k.kind} ${t.term}: API ${a.status}, baseline ${b.status}`);
        const [ja, jb] = [await a.json(), await b.json()];
        if (!ids(ja)) throw new Error(`${k.kind} ${t.term}: no hits`);
        if (ids(ja) !== ids(jb)) throw new Error(`${k.kind} ${t.term}: the API and the baseline answer different hits`);
        if (ja.counts) Object.assign(t, { counts: ja.counts, capped: ja.capped });
        else t.groups = Object.fromEntries(ja.groups.map((g) => [g.type, g.items.length]));
        t.bytes = JSON.stringify(ja).length;
      }
    }

    /** autocannon in its own process (this script with --load), going round the paths. */
    async function load(url, paths, connections, seconds, extraHeaders) {
      const proc = startNode(SELF, { args: ['--load', JSON.stringify({ url, paths, connections, duration: seconds, headers: extraHeaders })] });
      const { code } = await proc.exited;
      const out = proc.output();
      if (code !== 0) throw new Error(`autocannon failed:\n${out}`);
      return JSON.parse(out.slice(out.indexOf('{')));
    }

    for (const k of kinds) {
      await load(api.url, k.paths, concurrency.at(-1), 2, headers);
      await load(raw.url, k.paths, concurrency.at(-1), 2, {});
    }
    const runs = [];
    for (let round = 1; round <= rounds; round += 1) {
      for (const k of kinds) {
        for (const connections of concurrency) {
          for (const [side, url, h] of [['api', api.url, headers], ['baseline', raw.url, {}]]) {
            const result = await load(url, k.paths, connections, duration, h);
            const errors = result.non2xx + result.errors + result.timeouts;
            runs.push({ round, kind: k.kind, connections, side, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max, errors });
            await sleep(300);
          }
        }
      }
    }

    const median = (xs) => {
      const sorted = [...xs].sort((a, b) => a - b);
      const mid = Math.floor(sorted.length / 2);
      return Number((sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2).toFixed(2));
    };
    const summary = kinds.map((k) => {
      const at = Object.fromEntries(
        concurrency.map((c) => {
          const of = (side, key) => runs.filter((r) => r.kind === k.kind && r.connections === c && r.side === side).map((r) => r[key]);
          const apiP99 = median(of('api', 'p99'));
          const baselineP99 = median(of('baseline', 'p99'));
          return [c, {
            rps: median(of('api', 'rps')), p50: median(of('api', 'p50')), p99: apiP99, errors: of('api', 'errors').reduce((a, b) => a + b, 0),
            baseline: { rps: median(of('baseline', 'rps')), p50: median(of('baseline', 'p50')), p99: baselineP99, errors: of('baseline', 'errors').reduce((a, b) => a + b, 0) },
            ratio: median(of('api', 'rps').map((rps, i) => rps / of('baseline', 'rps')[i])),
            p99Ratio: Number((apiP99 / baselineP99).toFixed(2)),
            met: apiP99 <= k.targetP99,
          }];
        }),
      );
      const loaded = at[judgedAt];
      return {
        kind: k.kind, route: k.route, note: k.note, terms: k.terms,
        hits: { min: Math.min(...k.terms.map((t) => t.hits)), max: Math.max(...k.terms.map((t) => t.hits)) },
        connections: judgedAt, rps: loaded.rps, p50: loaded.p50, p99: loaded.p99, errors: loaded.errors,
        baseline: loaded.baseline, ratio: loaded.ratio, p99Ratio: loaded.p99Ratio, targetP99: k.targetP99, met: loaded.met,
        byConcurrency: at,
      };
    });

    // The plans, after the load (the cache as the load left it), with the parameters the API uses,
    // and each statement's time (planning included) as the median of 10 runs one after the other.
    const plans = {};
    for (const setting of settings) await db.query(setting);
    for (const [kind, calls] of Object.entries(statements)) {
      plans[kind] = [];
      const labels = kind === 'prefix' ? SEARCH_TYPES.map((t) => `suggest: page of ${t}s`) : ['search: page (all types)', 'search: counts (all types)'];
      for (const [i, call] of calls.entries()) {
        const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${call.text}`, call.values);
        const times = [];
        for (let n = 0; n < 10; n += 1) {
          const t0 = performance.now();
          await db.query(call.text, call.values);
          times.push(performance.now() - t0);
        }
        plans[kind].push({ query: labels[i], term: kinds.find((k) => k.kind === kind).terms[0].term, sqlMs: median(times), ...planSummary(rows.map((r) => r['QUERY PLAN'])) });
      }
    }
    const errors = runs.reduce((n, r) => n + r.errors, 0);
    const report = {
      bench: 'search', seed: { ...spec, databaseUrl: undefined, seededSeconds: seeded.seconds }, viewerConfig: config, pickSeconds,
      concurrency, targetConnections: judgedAt, duration, rounds, summary, runs, plans, errors,
    };
    console.log(JSON.stringify(report, null, 2));
    process.exitCode = errors === 0 ? 0 : 1;
  } finally {
    await db.end();
    await api.stop();
    await raw.stop();
  }
}

/** What a plan shows in a few lines: its nodes with actual rows and time, index and recheck conditions, heap blocks, total time. */
function planSummary(lines) {
  const keep = /\(actual|Index Cond|Recheck Cond|Heap Blocks|Rows Removed by Index Recheck|Execution Time|Planning Time/;
  const shown = lines
    .filter((l) => keep.test(l) && !/CTE Scan on terms/.test(l))
    .map((l) => l.replace(/\(cost=[^)]*\) /, '').replace(/\s+$/, ''))
    .filter((l) => !/^\s*-> {2}Result {2}\(actual time=0\.00\d\.\.0\.00\d rows=1 /.test(l))
    .map((l) => l.slice(0, 220));
  const indexes = [...new Set(lines.flatMap((l) => [...l.matchAll(/(?:Index Scan|Index Only Scan|Bitmap Index Scan)(?: Backward)? (?:using |on )(\w+)/g)].map((m) => m[1])))];
  const executionMs = Number(/Execution Time: ([\d.]+)/.exec(lines.join('\n'))?.[1]);
  const planningMs = Number(/Planning Time: ([\d.]+)/.exec(lines.join('\n'))?.[1]);
  const seqScans = [...new Set(lines.flatMap((l) => [...l.matchAll(/Seq Scan on (\w+)/g)].map((m) => m[1])))];
  return { planningMs, executionMs, indexes, seqScans, lines: shown };
}

if (process.argv[2] === '--load') await loadChild(JSON.parse(process.argv[3]));
else await main();
