#!/usr/bin/env node
// The read-path baseline: the same rows as the API's thread page and thread list, each fetched by
// one hand-written query on raw `pg` behind a bare node:http server. No framework, no sign-in, no
// permission check: what the hardware and PostgreSQL give at best. Prints `listening <port>`.
//
//   DATABASE_URL=… VIEWER_ID=… node bench/baselines/raw-read-server.mjs
import pg from 'pg';
import { serveJson } from './bare-http.mjs';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 20) });
const viewerId = process.env.VIEWER_ID;

const POSTS = `
  SELECT p.id, p.thread_id AS "threadId", p.seq::int AS seq, p.body, p.html, p.reply_to_id AS "replyToId",
         p.created_at AS "createdAt", p.edited_at AS "editedAt",
         json_build_object('id', a.id, 'handle', a.handle, 'displayName', a.display_name, 'organisation', a.organisation) AS author,
         COALESCE(r.reactions, '[]') AS reactions, COALESCE(f.files, '[]') AS attachments
    FROM posts p
    JOIN users a ON a.id = p.author_id
    LEFT JOIN LATERAL (
      SELECT json_agg(json_build_object('reaction', x.reaction, 'count', x.n, 'mine', x.mine) ORDER BY x.reaction) AS reactions
        FROM (SELECT reaction, count(*)::int AS n, bool_or(user_id = $1) AS mine FROM post_reactions WHERE post_id = p.id GROUP BY reaction) x
    ) r ON true
    LEFT JOIN LATERAL (
      SELECT json_agg(json_build_object('id', sf.id, 'name', sf.name, 'size', sf.size, 'mimeType', sf.mime_type)) AS files
        FROM stored_files sf WHERE sf.owner_type = 'post' AND sf.owner_id = p.id
    ) f ON true
   WHERE p.thread_id = $2 AND p.seq > $3
   ORDER BY p.seq LIMIT $4`;

const THREADS = `
  SELECT t.id, t.title, t.tags, t.pinned, t.locked, t.closed, t.post_count AS "postCount", t.last_activity_at AS "lastActivityAt",
         json_build_object('id', a.id, 'handle', a.handle, 'displayName', a.display_name) AS author,
         COALESCE(rs.seq, 0)::int AS "lastSeq", COALESCE(rd.read_seq, 0)::int AS "readSeq",
         (SELECT count(*)::int FROM posts up WHERE up.thread_id = t.id AND up.seq > COALESCE(rd.read_seq, 0) AND up.deleted_at IS NULL AND up.author_id <> $1) AS "unreadCount",
         fo.level AS following
    FROM threads t
    JOIN users a ON a.id = t.author_id
    LEFT JOIN room_sequences rs ON rs.room = 'thread:' || t.id
    LEFT JOIN thread_reads rd ON rd.thread_id = t.id AND rd.user_id = $1
    LEFT JOIN thread_follows fo ON fo.thread_id = t.id AND fo.user_id = $1
   WHERE t.network_id = $2 AND ($3::timestamptz IS NULL OR (t.last_activity_at, t.id) < ($3::timestamptz, $4::uuid))
   ORDER BY t.last_activity_at DESC, t.id DESC LIMIT $5`;

serveJson(pool, async (url) => {
  let m;
  if ((m = /^\/api\/v1\/threads\/([0-9a-f-]{36})\/posts$/.exec(url.pathname))) {
    const limit = Number(url.searchParams.get('limit') ?? 50);
    const { rows } = await pool.query(POSTS, [viewerId, m[1], Number(url.searchParams.get('afterSeq') ?? 0), limit]);
    return [200, { items: rows, nextCursor: null }];
  }
  if ((m = /^\/api\/v1\/networks\/([0-9a-f-]{36})\/threads$/.exec(url.pathname))) {
    const cursor = url.searchParams.get('cursor');
    const [at, id] = cursor ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) : [null, null];
    const { rows } = await pool.query(THREADS, [viewerId, m[1], at, id, Number(url.searchParams.get('limit') ?? 25)]);
    return [200, { items: rows, nextCursor: null }];
  }
  return [404, { message: 'not found' }];
});
