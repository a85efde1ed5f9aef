#!/usr/bin/env node
// The search baseline: the very SQL the API's search runs, on raw `pg` behind a bare node:http
// server. The statements are built by the API's own SearchRepository from the build
// (apps/api/dist), handed a stand-in for TypeORM's DataSource that passes them to a `pg` pool, so
// the baseline and the API cannot drift apart in SQL; what it leaves out is everything around it:
// NestJS, sign-in, the policies' questions (the scope is given once, in SCOPE), validation, Markdown
// to plain text and snippet HTML. The same steps as SearchService: search = one page of every type
// beside the counts, then the snippets of the page; suggest = three hits per type (six queries at
// once), each with its snippets. Prints `listening <port>`.
//
//   DATABASE_URL=… SCOPE='{"readableNetworks":[…],…}' CONFIG=english node bench/baselines/raw-search-server.mjs
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { serveJson } from './bare-http.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const { SearchRepository } = await import(pathToFileURL(path.join(ROOT, 'apps/api/dist/modules/search/search.repository.js')).href);

const SEARCH_TYPES = ['thread', 'post', 'event', 'resource', 'network', 'member'];
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 20) });
const queryOn = (client) => async (text, values) => (await client.query(text, values)).rows;
// TypeORM's DataSource as the repository uses it: query, and a transaction on one pooled client.
const repository = new SearchRepository({
  query: queryOn(pool),
  async transaction(work) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work({ query: queryOn(client) });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  },
});
const scope = JSON.parse(process.env.SCOPE ?? '{}');
const config = process.env.CONFIG ?? 'english';

// As in SearchService (apps/api/src/modules/search/search.service.ts).
const plainWords = (q) => (q.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 10);
function fragmentOf(q) {
  if (/["()]|(^|\s)-|\bor\b/i.test(q)) return null;
  const words = plainWords(q).join(' ');
  return words.length >= 3 ? words.replace(/[\\%_]/g, '\\$&') : null;
}

async function hits(terms, rows) {
  const snippets = await repository.headlines(terms, rows.map((r) => ({ text: [r.body ?? '', r.extra ?? ''].filter(Boolean).join('\n'), language: r.language })));
  return rows.map((r, i) => ({ type: r.type, id: r.id, title: r.title, snippet: snippets[i], threadId: r.threadId, seq: r.seq === null ? undefined : Number(r.seq), createdAt: r.createdAt }));
}

async function search(q, limit) {
  const terms = { config, q, prefix: false, fragment: fragmentOf(q) };
  const [rows, counts] = await Promise.all([
    repository.page({ types: SEARCH_TYPES, scope, filter: {}, terms, order: 'relevance', after: null, limit: limit + 1 }),
    repository.counts(SEARCH_TYPES, scope, {}, terms),
  ]);
  return { items: await hits(terms, rows.slice(0, limit)), counts: Object.fromEntries(counts) };
}

async function suggest(q) {
  const words = plainWords(q);
  if (!words.length) return { groups: [] };
  const terms = { config, q: words.map((w) => `${w}:*`).join(' & '), prefix: true, fragment: fragmentOf(q) };
  const groups = await Promise.all(
    SEARCH_TYPES.map(async (type) => ({
      type,
      items: await hits(terms, await repository.page({ types: [type], scope, filter: {}, terms, order: 'relevance', after: null, limit: 3 })),
    })),
  );
  return { groups: groups.filter((g) => g.items.length > 0) };
}

serveJson(pool, async (url) => {
  const q = (url.searchParams.get('q') ?? '').trim();
  if (url.pathname === '/api/v1/search' && q) return [200, await search(q, Number(url.searchParams.get('limit') ?? 20))];
  if (url.pathname === '/api/v1/search/suggest' && q) return [200, await suggest(q)];
  return [404, { message: 'not found' }];
});
