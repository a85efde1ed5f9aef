#!/usr/bin/env node
// The bench database: POSTS (1,000,000) posts in THREADS (20,000) threads of one restricted network,
// USERS (2,000) members, reactions on a fifth of the posts, attachments on one in a hundred, and a
// viewer with read positions and follows. Post bodies (10 to 28 words) and thread titles are English
// text from an 8,000-word vocabulary with a Zipf-like law, so that search finds words in nearly
// every post, in a few dozen, and in between. Made with generate_series in a few minutes, rerunnable:
// the database is dropped and made again (schema by the API's own migrations).
//
//   node bench/seed-million.mjs            (after npm run build)
//
// BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/praxis_bench_1m), POSTS, THREADS,
// USERS, BIG_THREAD (posts in thread 0, deep enough for page 1,000: default 40,000).
// The database's comment records what it holds; benches reuse it when it matches (seedIfNeeded).
import pg from 'pg';
import { startApi } from './processes.mjs';

export const BENCH_ADMIN = { email: 'bench-admin@bench.local', password: 'bench admin password, not secret' };
export const BENCH_VIEWER = { email: 'viewer@bench.local', password: BENCH_ADMIN.password };

export function seedSpec(env = process.env) {
  return {
    databaseUrl: env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/praxis_bench_1m',
    posts: Number(env.POSTS ?? 1_000_000),
    threads: Number(env.THREADS ?? 20_000),
    users: Number(env.USERS ?? 2_000),
    bigThread: Number(env.BIG_THREAD ?? 40_000),
  };
}

const label = (s) => `praxis bench: posts=${s.posts} threads=${s.threads} users=${s.users} big=${s.bigThread} text=zipf-${VOCABULARY}`;
const serverUrl = (url) => url.replace(/\/[^/]*$/, '/postgres');
const databaseName = (url) => new URL(url).pathname.slice(1);

async function withClient(url, work) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Seeds unless the database already holds this spec; answers { spec, seconds } (seconds 0 when reused). */
export async function seedIfNeeded(spec = seedSpec()) {
  const current = await withClient(serverUrl(spec.databaseUrl), async (c) =>
    (await c.query(`SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`, [databaseName(spec.databaseUrl)])).rows[0]?.comment,
  );
  if (current === label(spec)) return { spec, seconds: 0 };
  return seed(spec);
}

const WORDS = `trafficking victim referral shelter prosecutor border labour inspection caseworker interview evidence witness
  recruitment debt bondage exploitation smuggling route network indicator hotline protection residence permit
  interpreter hearing court police training guideline survivor assistance identification reflection period
  compensation cooperation data report agency ministry region coordinator outreach minors guardian asylum
  reception centre screening risk assessment financial investigation cryptocurrency advertisement platform`.split(/\s+/).filter(Boolean);

/**
 * Post bodies and thread titles are words of a vocabulary of VOCABULARY words drawn with a Zipf-like
 * law (P(rank r) ~ r^-1.3, a truncated Pareto of shape 0.3 floored): rank 1 is in nearly every post,
 * the first dozen words in more than 100,000 of 1M posts, the last thousands in a few dozen each.
 * The first ranks are WORDS (the forum’s domain, 57); the rest are made-up words of two or three syllables
 * (`benchWord(rank)`), so the search bench can name words of any frequency.
 */
export const VOCABULARY = 8000;
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'to', 'vi', 'zo', 'be', 'po', 'la', 'ri', 'mu', 'se', 'no', 'ki', 'va', 'zu', 're'];

/** The word of a rank (1 = most frequent), as the seed writes it. */
export function benchWord(rank) {
  if (rank <= WORDS.length) return WORDS[rank - 1];
  const s = (i) => SYLLABLES[i % SYLLABLES.length];
  return s(rank) + s(Math.floor(rank / 20)) + (rank >= 400 ? s(Math.floor(rank / 400)) : '');
}

/**
 * SQL for words drawn from the vocabulary: `rank(key)` is a lateral subquery giving the rank `z.r`
 * of the word a bigint key draws (the same key, the same word), `word(words, syllables)` its text.
 */
const zipf = {
  rank: (key) => `CROSS JOIN LATERAL (SELECT least(${VOCABULARY}, floor(power(1 - ((hashint8extended(${key}, 0) & 9007199254740991)::float8 / 9007199254740992) * (1 - power(${VOCABULARY}, -0.3)), -1 / 0.3)))::int AS r) z`,
  word: (words, syllables) => `CASE WHEN z.r <= array_length(${words}, 1) THEN (${words})[z.r]
      ELSE (${syllables})[1 + z.r % 20] || (${syllables})[1 + (z.r / 20) % 20] || CASE WHEN z.r >= 400 THEN (${syllables})[1 + (z.r / 400) % 20] ELSE '' END END`,
};

export async function seed(spec = seedSpec()) {
  const started = performance.now();
  const name = databaseName(spec.databaseUrl);
  const step = (what) => console.error(`[seed ${((performance.now() - started) / 1000).toFixed(0)} s] ${what}`);
  await withClient(serverUrl(spec.databaseUrl), async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  });
  step('schema (the API migrates and creates the admin)');
  const api = await startApi({ env: { DATABASE_URL: spec.databaseUrl, ADMIN_EMAIL: BENCH_ADMIN.email, ADMIN_PASSWORD: BENCH_ADMIN.password } });
  await api.stop();

  await withClient(spec.databaseUrl, async (db) => {
    const q = (text, params) => db.query(text, params);
    await q(`SET synchronous_commit = off`);
    const [{ id: adminId, password_hash: hash }] = (await q(`SELECT id, password_hash FROM users WHERE email = $1`, [BENCH_ADMIN.email])).rows;
    step(`${spec.users} members`);
    await q(
      `INSERT INTO users (email, password_hash, handle, display_name, organisation, organisation_type, country, job_title, reason, status, email_verified_at, created_at)
       SELECT 'member' || n || '@bench.local', $1, 'member' || n, 'Member ' || n, 'Organisation ' || (n % 97), 'civil-society', 'FR', 'Caseworker', 'bench', 'active', now(), now() - n * interval '1 hour'
         FROM generate_series(1, $2::int) n`,
      [hash, spec.users],
    );
    await q(
      `INSERT INTO users (email, password_hash, handle, display_name, organisation, organisation_type, country, job_title, reason, status, email_verified_at)
       VALUES ($1, $2, 'bench-viewer', 'Bench Viewer', 'Bench', 'government', 'FR', 'Analyst', 'bench', 'active', now())`,
      [BENCH_VIEWER.email, hash],
    );
    await q(`CREATE TEMP TABLE bu AS SELECT (row_number() OVER (ORDER BY email) - 1)::int AS n, id FROM users WHERE email LIKE 'member%@bench.local'`);
    await q(`CREATE UNIQUE INDEX ON bu (n)`);
    const [{ id: viewerId }] = (await q(`SELECT id FROM users WHERE email = $1`, [BENCH_VIEWER.email])).rows;
    const [{ id: networkId }] = (
      await q(`INSERT INTO networks (slug, name, summary, description, visibility, created_by) VALUES ('bench', 'Bench network', 'Bench', 'The bench network.', 'restricted', $1) RETURNING id`, [adminId])
    ).rows;
    await q(
      `INSERT INTO network_memberships (network_id, user_id, role, status, joined_at)
       SELECT $1, id, CASE WHEN id = $2 THEN 'owner' ELSE 'member' END, 'active', now() FROM users`,
      [networkId, adminId],
    );

    step(`${spec.threads} threads`);
    const perThread = Math.floor((spec.posts - spec.bigThread) / (spec.threads - 1));
    const firstCount = spec.posts - perThread * (spec.threads - 1);
    await q(`CREATE TEMP TABLE bt AS SELECT n, gen_random_uuid() AS id, CASE WHEN n = 0 THEN $1::int ELSE $2::int END AS posts FROM generate_series(0, $3::int - 1) n`, [firstCount, perThread, spec.threads]);
    await q(`CREATE UNIQUE INDEX ON bt (n)`);
    await q(
      `INSERT INTO threads (id, network_id, author_id, title, tags, post_count, last_activity_at, created_at, language)
       SELECT bt.id, $1, bu.id, 'Thread ' || bt.n || ': ' || x.words,
              ARRAY[($2::text[])[1 + bt.n % 10]], bt.posts, now() - bt.n * interval '3 minutes', now() - bt.n * interval '3 minutes' - interval '30 days', 'en'
         FROM bt JOIN bu ON bu.n = bt.n % $3
         CROSS JOIN LATERAL (SELECT string_agg(${zipf.word('$2::text[]', '$4::text[]')}, ' ') AS words FROM generate_series(1, 3 + bt.n % 5) k ${zipf.rank('-1 - bt.n * 16 - k')}) x`,
      [networkId, WORDS, spec.users, SYLLABLES],
    );

    // Posts in slices of threads: 10 to 28 words of the vocabulary each, written in English (the
    // language the API records for an author whose interface is in English), so search_vector holds
    // the English stems and the words as written, as it would for real posts.
    const slice = 1000;
    for (let lo = 0; lo < spec.threads; lo += slice) {
      await q(
        `INSERT INTO posts (thread_id, author_id, seq, body, html, created_at, language)
         SELECT bt.id, bu.id, s, x.body, '<p>' || x.body || '</p>', now() - bt.n * interval '3 minutes' - interval '30 days' + s * interval '1 second', 'en'
           FROM bt CROSS JOIN LATERAL generate_series(1, bt.posts) s
           JOIN bu ON bu.n = (bt.n * 7919 + s) % $4
           CROSS JOIN LATERAL (
             SELECT string_agg(${zipf.word('$3::text[]', '$5::text[]')}, ' ') AS body
               FROM generate_series(1, 10 + abs(hashint4(bt.n * 100003 + s)) % 19) k ${zipf.rank('(bt.n::bigint * 100003 + s) * 32 + k')}
           ) x
          WHERE bt.n >= $1 AND bt.n < $2`,
        [lo, lo + slice, WORDS, spec.users, SYLLABLES],
      );
      step(`posts of threads ${lo}–${Math.min(lo + slice, spec.threads) - 1}`);
    }

    step('reactions, attachments, room sequences, the viewer’s reads and follows');
    await q(
      `INSERT INTO post_reactions (post_id, user_id, reaction)
       SELECT p.id, bu.id, (ARRAY['thumbs_up','heart','tada','bulb','eyes','check'])[1 + p.seq % 6]
         FROM posts p JOIN bu ON bu.n = (p.seq * 13) % $1 WHERE p.seq % 5 = 0`,
      [spec.users],
    );
    await q(
      `INSERT INTO post_reactions (post_id, user_id, reaction)
       SELECT p.id, bu.id, 'thumbs_up' FROM posts p JOIN bu ON bu.n = (p.seq * 17 + 1) % $1 WHERE p.seq % 15 = 0
       ON CONFLICT DO NOTHING`,
      [spec.users],
    );
    await q(
      `INSERT INTO stored_files (owner_type, owner_id, name, size, mime_type, storage_key, uploaded_by)
       SELECT 'post', p.id, 'report-' || p.seq || '.pdf', 20000 + p.seq % 5000, 'application/pdf', 'bench/' || p.id, p.author_id
         FROM posts p WHERE p.seq % 100 = 3`,
    );
    await q(`INSERT INTO room_sequences (room, seq) SELECT 'thread:' || id, post_count FROM threads ON CONFLICT (room) DO UPDATE SET seq = EXCLUDED.seq`);
    await q(`INSERT INTO thread_reads (thread_id, user_id, read_seq) SELECT id, $1, post_count / 2 FROM bt JOIN threads USING (id) WHERE bt.n % 3 = 0`, [viewerId]);
    await q(`INSERT INTO thread_follows (thread_id, user_id, level) SELECT id, $1, 'following' FROM bt WHERE bt.n % 10 = 0`, [viewerId]);
    step('VACUUM ANALYZE');
    await q(`VACUUM ANALYZE`);
    await q(`COMMENT ON DATABASE ${name} IS '${label(spec)}'`);
  });
  const seconds = Math.round((performance.now() - started) / 1000);
  step(`done: ${spec.posts} posts`);
  return { spec, seconds };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await seed();
  console.log(JSON.stringify(result));
}
