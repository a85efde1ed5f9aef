import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export interface HeldPostRow {
  id: string;
  networkId: string;
  threadId: string | null;
  authorId: string;
  authorHandle: string;
  authorName: string;
  authorOrganisation: string;
  authorAvatarFileId: string | null;
  title: string | null;
  tags: string[];
  categoryId: string | null;
  body: string;
  html: string;
  replyToId: string | null;
  clientId: string;
  fileIds: string[];
  status: 'pending' | 'approved' | 'rejected';
  postId: string | null;
  createdAt: Date;
}

const COLUMNS = `h.id, h.network_id AS "networkId", h.thread_id AS "threadId", h.author_id AS "authorId", u.handle::text AS "authorHandle",
  u.display_name AS "authorName", u.organisation AS "authorOrganisation", u.avatar_file_id AS "authorAvatarFileId", h.title, h.tags,
  h.category_id AS "categoryId", h.body, h.html, h.reply_to_id AS "replyToId", h.client_id AS "clientId", h.file_ids AS "fileIds", h.status,
  h.post_id AS "postId", h.created_at AS "createdAt"`;

export interface Standing {
  posts: number;
  days: number;
  joinedAt: Date | null;
  published: number;
}

/** M2: posts waiting for approval; outside `posts`, so nothing else (rooms, search, notifications) ever sees them. */
@Injectable()
export class HeldPostsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** The network's setting, when the member joined, and how many of their posts the network has published (counted up to the setting, all the rule needs). */
  standing(networkId: string, userId: string): Promise<Standing | null> {
    return this.standingIn('n.id = $1', networkId, userId);
  }

  /** `standing` in the network of a thread (read alongside the thread's access check). */
  standingInThread(threadId: string, userId: string): Promise<Standing | null> {
    return this.standingIn('n.id = (SELECT network_id FROM threads WHERE id = $1)', threadId, userId);
  }

  private async standingIn(where: string, id: string, userId: string): Promise<Standing | null> {
    const rows: Standing[] = await this.db.query(
      `SELECT n.hold_first_posts AS posts, n.hold_for_days AS days, m.joined_at AS "joinedAt",
              (SELECT count(*)::int FROM (SELECT 1 FROM posts p JOIN threads t ON t.id = p.thread_id WHERE t.network_id = n.id AND p.author_id = $2 LIMIT n.hold_first_posts) x) AS published
         FROM networks n LEFT JOIN network_memberships m ON m.network_id = n.id AND m.user_id = $2 WHERE ${where}`,
      [id, userId],
    );
    return rows[0] ?? null;
  }

  async insert(h: {
    networkId: string; threadId: string | null; authorId: string; title: string | null; tags: string[]; categoryId: string | null;
    body: string; html: string; replyToId: string | null; clientId: string; fileIds: string[];
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO held_posts (network_id, thread_id, author_id, title, tags, category_id, body, html, reply_to_id, client_id, file_ids)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (author_id, client_id) DO NOTHING`,
      [h.networkId, h.threadId, h.authorId, h.title, h.tags, h.categoryId, h.body, h.html, h.replyToId, h.clientId, h.fileIds],
    );
  }

  async byClientId(authorId: string, clientId: string): Promise<HeldPostRow | null> {
    const rows: HeldPostRow[] = await this.db.query(`SELECT ${COLUMNS} FROM held_posts h JOIN users u ON u.id = h.author_id WHERE h.author_id = $1 AND h.client_id = $2`, [authorId, clientId]);
    return rows[0] ?? null;
  }

  async find(id: string): Promise<HeldPostRow | null> {
    const rows: HeldPostRow[] = await this.db.query(`SELECT ${COLUMNS} FROM held_posts h JOIN users u ON u.id = h.author_id WHERE h.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Pending posts of a network (or of one thread), oldest first; `authorId` limits them to that author's. */
  async pending(where: { networkId?: string; threadId?: string; authorId?: string }): Promise<HeldPostRow[]> {
    return this.db.query(
      `SELECT ${COLUMNS} FROM held_posts h JOIN users u ON u.id = h.author_id
        WHERE h.status = 'pending' AND ($1::uuid IS NULL OR h.network_id = $1) AND ($2::uuid IS NULL OR h.thread_id = $2) AND ($3::uuid IS NULL OR h.author_id = $3)
        ORDER BY h.created_at, h.id LIMIT 200`,
      [where.networkId ?? null, where.threadId ?? null, where.authorId ?? null],
    );
  }

  /** Records the decision once: false when another moderator decided first. */
  async decide(id: string, decision: { status: 'approved' | 'rejected'; by: string; reason: string | null; postId: string | null }, manager: EntityManager): Promise<boolean> {
    const [, count] = (await manager.query(
      `UPDATE held_posts SET status = $2, decided_by = $3, decided_at = now(), reason = $4, post_id = $5 WHERE id = $1 AND status = 'pending'`,
      [id, decision.status, decision.by, decision.reason, decision.postId],
    )) as [unknown, number];
    return count > 0;
  }
}
