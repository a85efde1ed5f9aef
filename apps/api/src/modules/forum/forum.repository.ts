import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Reaction } from '@praxis/contracts';

export type Tx = EntityManager;

export interface ThreadRow {
  id: string;
  networkId: string;
  categoryId: string | null;
  title: string;
  tags: string[];
  authorId: string;
  authorHandle: string;
  authorName: string;
  authorOrganisation: string;
  authorAvatarFileId: string | null;
  pinned: boolean;
  locked: boolean;
  closed: boolean;
  postCount: number;
  lastSeq: string;
  lastActivityAt: Date;
  activityKey: string;
  createdAt: Date;
  readSeq: string;
  unreadCount: number;
  following: 'following' | 'muted' | null;
}

export interface PostRow {
  id: string;
  threadId: string;
  seq: string;
  authorId: string;
  authorHandle: string;
  authorName: string;
  authorOrganisation: string;
  authorAvatarFileId: string | null;
  body: string;
  html: string;
  replyToId: string | null;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  reactions: { reaction: Reaction; count: number; mine: boolean }[] | null;
  attachments: { id: string; name: string; size: number; mimeType: string }[] | null;
}

const THREAD_COLUMNS = `t.id, t.network_id AS "networkId", t.category_id AS "categoryId", t.title, t.tags, t.author_id AS "authorId",
  a.handle::text AS "authorHandle", a.display_name AS "authorName", a.organisation AS "authorOrganisation", a.avatar_file_id AS "authorAvatarFileId",
  t.pinned, t.locked, t.closed, t.post_count AS "postCount", COALESCE(rs.seq, 0)::text AS "lastSeq",
  t.last_activity_at AS "lastActivityAt", t.last_activity_at::text AS "activityKey", t.created_at AS "createdAt",
  COALESCE(r.read_seq, 0)::text AS "readSeq",
  (SELECT count(*)::int FROM posts up WHERE up.thread_id = t.id AND up.seq > COALESCE(r.read_seq, 0) AND up.deleted_at IS NULL AND up.author_id <> $1::uuid) AS "unreadCount",
  f.level AS following`;
const THREAD_FROM = `threads t JOIN users a ON a.id = t.author_id
  LEFT JOIN room_sequences rs ON rs.room = 'thread:' || t.id
  LEFT JOIN thread_reads r ON r.thread_id = t.id AND r.user_id = $1::uuid
  LEFT JOIN thread_follows f ON f.thread_id = t.id AND f.user_id = $1::uuid`;

const POST_COLUMNS = `p.id, p.thread_id AS "threadId", p.seq::text AS seq, p.author_id AS "authorId", a.handle::text AS "authorHandle",
  a.display_name AS "authorName", a.organisation AS "authorOrganisation", a.avatar_file_id AS "authorAvatarFileId",
  p.body, p.html, p.reply_to_id AS "replyToId", p.created_at AS "createdAt", p.edited_at AS "editedAt", p.deleted_at AS "deletedAt",
  (SELECT json_agg(json_build_object('reaction', x.reaction, 'count', x.n, 'mine', x.mine) ORDER BY x.reaction)
     FROM (SELECT reaction, count(*)::int AS n, bool_or(user_id = $1::uuid) AS mine FROM post_reactions WHERE post_id = p.id GROUP BY reaction) x) AS reactions,
  (SELECT json_agg(json_build_object('id', sf.id, 'name', sf.name, 'size', sf.size, 'mimeType', sf.mime_type) ORDER BY sf.created_at, sf.id)
     FROM stored_files sf WHERE sf.owner_type = 'post' AND sf.owner_id = p.id) AS attachments`;

/** threads, posts, revisions, reactions, read positions and follows. */
@Injectable()
export class ForumRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  private q(tx?: Tx) {
    return tx ?? this.db;
  }

  async thread(viewerId: string, id: string, tx?: Tx): Promise<ThreadRow | null> {
    const rows: ThreadRow[] = await this.q(tx).query(`SELECT ${THREAD_COLUMNS} FROM ${THREAD_FROM} WHERE t.id = $2`, [viewerId, id]);
    return rows[0] ?? null;
  }

  /** F8: latest activity first, keyset on (last_activity_at, id) with the exact database timestamp. */
  threads(viewerId: string, f: { networkId: string; categoryId?: string; tag?: string; unanswered?: boolean; pinned?: boolean; after?: [string, string]; limit: number }): Promise<ThreadRow[]> {
    return this.db.query(
      `SELECT ${THREAD_COLUMNS} FROM ${THREAD_FROM}
        WHERE t.network_id = $2
          AND ($3::uuid IS NULL OR t.category_id = $3::uuid)
          AND ($4::text IS NULL OR $4 = ANY(t.tags))
          AND (NOT $5::boolean OR t.post_count <= 1)
          AND ($6::boolean IS NULL OR t.pinned = $6)
          AND ($7::timestamptz IS NULL OR (t.last_activity_at, t.id) < ($7::timestamptz, $8::uuid))
        ORDER BY t.last_activity_at DESC, t.id DESC
        LIMIT $9`,
      [viewerId, f.networkId, f.categoryId ?? null, f.tag ?? null, f.unanswered ?? false, f.pinned ?? null, f.after?.[0] ?? null, f.after?.[1] ?? null, f.limit],
    );
  }

  /** S3: a thread (and each post) is indexed in its author's interface language at the time of writing. */
  async insertThread(t: { networkId: string; categoryId: string | null; authorId: string; title: string; tags: string[]; clientId: string | null }, tx: Tx): Promise<string | null> {
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO threads (network_id, category_id, author_id, title, tags, client_id, language)
       VALUES ($1, $2, $3, $4, $5, $6, (SELECT locale FROM users WHERE id = $3))
       ON CONFLICT (author_id, client_id) DO NOTHING RETURNING id`,
      [t.networkId, t.categoryId, t.authorId, t.title, t.tags, t.clientId],
    );
    return rows[0]?.id ?? null;
  }

  async threadByClientId(authorId: string, clientId: string): Promise<string | null> {
    const rows: { id: string }[] = await this.db.query(`SELECT id FROM threads WHERE author_id = $1 AND client_id = $2`, [authorId, clientId]);
    return rows[0]?.id ?? null;
  }

  async lockThread(id: string, tx: Tx): Promise<{ id: string; networkId: string; locked: boolean; closed: boolean; authorId: string; title: string } | null> {
    const rows = await tx.query(
      `SELECT id, network_id AS "networkId", locked, closed, author_id AS "authorId", title FROM threads WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Locks the thread for a new post and counts it, in one statement; the caller's refusal rolls the count back. */
  async lockThreadForPost(id: string, tx: Tx): Promise<{ locked: boolean; closed: boolean } | null> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected].
    const [rows] = (await tx.query(`UPDATE threads SET post_count = post_count + 1, last_activity_at = now() WHERE id = $1 RETURNING locked, closed`, [id])) as [
      { locked: boolean; closed: boolean }[],
      number,
    ];
    return rows[0] ?? null;
  }

  async updateThread(id: string, changes: Partial<{ title: string; pinned: boolean; locked: boolean; closed: boolean; category_id: string | null; network_id: string; tags: string[] }>, tx: Tx) {
    const columns = Object.entries(changes).filter(([, v]) => v !== undefined);
    if (!columns.length) return;
    const sets = columns.map(([k], i) => `${k} = $${i + 2}`).join(', ');
    await tx.query(`UPDATE threads SET ${sets}, updated_at = now() WHERE id = $1`, [id, ...columns.map(([, v]) => v)]);
  }

  async touchThread(id: string, postDelta: number, tx: Tx) {
    await tx.query(
      `UPDATE threads SET post_count = post_count + $2, last_activity_at = CASE WHEN $2 > 0 THEN now() ELSE last_activity_at END WHERE id = $1`,
      [id, postDelta],
    );
  }

  async insertPost(p: { threadId: string; authorId: string; seq: number; body: string; html: string; replyToId: string | null; clientId: string | null }, tx: Tx): Promise<string | null> {
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO posts (thread_id, author_id, seq, body, html, reply_to_id, client_id, language)
       VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT locale FROM users WHERE id = $2))
       ON CONFLICT (author_id, client_id) DO NOTHING RETURNING id`,
      [p.threadId, p.authorId, p.seq, p.body, p.html, p.replyToId, p.clientId],
    );
    return rows[0]?.id ?? null;
  }

  async postByClientId(authorId: string, clientId: string): Promise<{ id: string; threadId: string } | null> {
    const rows = await this.db.query(`SELECT id, thread_id AS "threadId" FROM posts WHERE author_id = $1 AND client_id = $2`, [authorId, clientId]);
    return rows[0] ?? null;
  }

  async post(viewerId: string, id: string, tx?: Tx): Promise<PostRow | null> {
    const rows: PostRow[] = await this.q(tx).query(`SELECT ${POST_COLUMNS} FROM posts p JOIN users a ON a.id = p.author_id WHERE p.id = $2`, [viewerId, id]);
    return rows[0] ?? null;
  }

  postsByIds(viewerId: string, ids: string[]): Promise<PostRow[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.db.query(`SELECT ${POST_COLUMNS} FROM posts p JOIN users a ON a.id = p.author_id WHERE p.id = ANY($2::uuid[])`, [viewerId, ids]);
  }

  /** Posts after `afterSeq` ascending, or the last ones before `beforeSeq` (answered ascending too). */
  async posts(viewerId: string, threadId: string, o: { afterSeq?: number; beforeSeq?: number; limit: number }): Promise<PostRow[]> {
    if (o.beforeSeq !== undefined) {
      const rows: PostRow[] = await this.db.query(
        `SELECT ${POST_COLUMNS} FROM posts p JOIN users a ON a.id = p.author_id WHERE p.thread_id = $2 AND p.seq < $3 ORDER BY p.seq DESC LIMIT $4`,
        [viewerId, threadId, o.beforeSeq, o.limit],
      );
      return rows.reverse();
    }
    return this.db.query(
      `SELECT ${POST_COLUMNS} FROM posts p JOIN users a ON a.id = p.author_id WHERE p.thread_id = $2 AND p.seq > $3 ORDER BY p.seq LIMIT $4`,
      [viewerId, threadId, o.afterSeq ?? 0, o.limit],
    );
  }

  async lockPost(id: string, tx: Tx): Promise<{ id: string; threadId: string; authorId: string; body: string; deletedAt: Date | null } | null> {
    const rows = await tx.query(
      `SELECT id, thread_id AS "threadId", author_id AS "authorId", body, deleted_at AS "deletedAt" FROM posts WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] ?? null;
  }

  async editPost(id: string, editorId: string, previousBody: string, body: string, html: string, tx: Tx) {
    await tx.query(`INSERT INTO post_revisions (post_id, body, edited_by) VALUES ($1, $2, $3)`, [id, previousBody, editorId]);
    await tx.query(`UPDATE posts SET body = $2, html = $3, edited_at = now() WHERE id = $1`, [id, body, html]);
  }

  async deletePost(id: string, by: string, tx: Tx) {
    await tx.query(`UPDATE posts SET deleted_at = now(), deleted_by = $2 WHERE id = $1`, [id, by]);
  }

  revisions(postId: string): Promise<{ id: string; body: string; editorId: string | null; editorHandle: string | null; editorName: string | null; editorOrganisation: string | null; editorAvatarFileId: string | null; createdAt: Date }[]> {
    return this.db.query(
      `SELECT r.id::text AS id, r.body, r.edited_by AS "editorId", u.handle::text AS "editorHandle", u.display_name AS "editorName",
              u.organisation AS "editorOrganisation", u.avatar_file_id AS "editorAvatarFileId", r.created_at AS "createdAt"
         FROM post_revisions r LEFT JOIN users u ON u.id = r.edited_by WHERE r.post_id = $1 ORDER BY r.id`,
      [postId],
    );
  }

  /** Adds or removes one reaction; answers whether anything changed. */
  async setReaction(postId: string, userId: string, reaction: Reaction, on: boolean, tx: Tx): Promise<boolean> {
    if (on) {
      const rows = await tx.query(`INSERT INTO post_reactions (post_id, user_id, reaction) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`, [postId, userId, reaction]);
      return rows.length > 0;
    }
    const [, count] = await tx.query(`DELETE FROM post_reactions WHERE post_id = $1 AND user_id = $2 AND reaction = $3`, [postId, userId, reaction]);
    return count > 0;
  }

  reactionCounts(postId: string, tx?: Tx): Promise<{ reaction: Reaction; count: number }[]> {
    return this.q(tx).query(`SELECT reaction, count(*)::int AS count FROM post_reactions WHERE post_id = $1 GROUP BY reaction ORDER BY reaction`, [postId]);
  }

  async setFollow(threadId: string, userId: string, level: 'following' | 'muted' | null, tx?: Tx, onlyIfAbsent = false) {
    if (level === null) {
      await this.q(tx).query(`DELETE FROM thread_follows WHERE thread_id = $1 AND user_id = $2`, [threadId, userId]);
      return;
    }
    await this.q(tx).query(
      `INSERT INTO thread_follows (thread_id, user_id, level) VALUES ($1, $2, $3)
       ON CONFLICT (thread_id, user_id) DO ${onlyIfAbsent ? 'NOTHING' : 'UPDATE SET level = $3, updated_at = now()'}`,
      [threadId, userId, level],
    );
  }

  /** Who follows or muted the thread (F5), active accounts only. */
  follows(threadId: string): Promise<{ userId: string; level: 'following' | 'muted' }[]> {
    return this.db.query(
      `SELECT f.user_id AS "userId", f.level FROM thread_follows f JOIN users u ON u.id = f.user_id AND u.status = 'active' WHERE f.thread_id = $1`,
      [threadId],
    );
  }

  /** Moves the read position forward only, never beyond the room's latest seq. */
  async markRead(threadId: string, userId: string, seq: number, tx?: Tx): Promise<number> {
    const [row] = await this.q(tx).query(
      `INSERT INTO thread_reads (thread_id, user_id, read_seq)
       VALUES ($1::uuid, $2, LEAST($3::bigint, COALESCE((SELECT seq FROM room_sequences WHERE room = 'thread:' || $1::text), 0)))
       ON CONFLICT (thread_id, user_id) DO UPDATE SET read_seq = GREATEST(thread_reads.read_seq, EXCLUDED.read_seq), updated_at = now()
       RETURNING read_seq::text AS "readSeq"`,
      [threadId, userId, seq],
    );
    return Number((row as { readSeq: string }).readSeq);
  }

  usersByHandles(handles: string[]): Promise<{ id: string; handle: string }[]> {
    if (!handles.length) return Promise.resolve([]);
    return this.db.query(`SELECT id, handle::text AS handle FROM users WHERE handle = ANY($1::citext[]) AND status = 'active'`, [handles]);
  }
}
