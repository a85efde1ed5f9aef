import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DigestFrequency, InterfaceLanguage, NotificationCategory, NotificationChannel } from '@praxis/contracts';
import { DataSource, type EntityManager } from 'typeorm';

/** A member as the delivery of a notification needs them: address, language, and their choices. */
export interface RecipientRow {
  id: string;
  email: string;
  displayName: string;
  locale: InterfaceLanguage;
  timeZone: string | null;
  status: string;
  /** Only the categories the member changed. */
  channels: Partial<Record<NotificationCategory, NotificationChannel>>;
  digest: DigestFrequency;
}

export interface DigestCandidate extends RecipientRow {
  /** Where the member's last digest stopped; null before the first. */
  lastUntil: Date | null;
}

export interface DigestEntryRow {
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  targetType: string | null;
  targetId: string | null;
  threadTitle: string | null;
  author: string | null;
  postExcerpt: string | null;
  postGone: boolean;
}

const RECIPIENT = `u.id, u.email, u.display_name AS "displayName", u.locale, u.time_zone AS "timeZone", u.status,
  COALESCE(p.channels, '{}'::jsonb) AS channels, COALESCE(p.digest, 'daily') AS digest`;

/** notification_preferences and notification_digests (O2, O3). */
@Injectable()
export class NotificationPreferencesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async recipient(userId: string): Promise<RecipientRow | null> {
    const [row] = (await this.db.query(`SELECT ${RECIPIENT} FROM users u LEFT JOIN notification_preferences p ON p.user_id = u.id WHERE u.id = $1`, [userId])) as RecipientRow[];
    return row ?? null;
  }

  /** Merges the given channels into the member's and sets the digest frequency when given. */
  async update(userId: string, channels: Partial<Record<NotificationCategory, NotificationChannel>>, digest: DigestFrequency | null): Promise<void> {
    await this.db.query(
      `INSERT INTO notification_preferences (user_id, channels, digest) VALUES ($1, $2::jsonb, COALESCE($3, 'daily'))
       ON CONFLICT (user_id) DO UPDATE SET channels = notification_preferences.channels || EXCLUDED.channels,
         digest = COALESCE($3, notification_preferences.digest), updated_at = now()`,
      [userId, JSON.stringify(channels), digest],
    );
  }

  /**
   * Members whose digest may be due: digest on, active, and no digest in the last 12 hours (the
   * caller works out the period in the member's time zone; the claim decides).
   */
  digestCandidates(now: Date, limit: number): Promise<DigestCandidate[]> {
    return this.db.query(
      `SELECT ${RECIPIENT}, last.covers_until AS "lastUntil"
         FROM users u
         LEFT JOIN notification_preferences p ON p.user_id = u.id
         LEFT JOIN LATERAL (SELECT d.covers_until, d.created_at FROM notification_digests d WHERE d.user_id = u.id ORDER BY d.covers_until DESC LIMIT 1) last ON true
        WHERE u.status = 'active' AND COALESCE(p.digest, 'daily') <> 'off'
          AND (last.created_at IS NULL OR last.created_at < $1::timestamptz - interval '12 hours')
        ORDER BY u.id
        LIMIT $2`,
      [now.toISOString(), limit],
    );
  }

  /**
   * Claims the member's digest of `period` inside the caller's transaction: a second process
   * inserting the same key waits on the uncommitted row and then finds it taken; if sending fails,
   * the transaction rolls back and a later pass retries.
   */
  async claimDigest(manager: EntityManager, userId: string, period: string, from: Date, until: Date): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO notification_digests (user_id, period, covers_from, covers_until) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING period`,
      [userId, period, from.toISOString(), until.toISOString()],
    )) as unknown[];
    return rows.length === 1;
  }

  async recordDigest(manager: EntityManager, userId: string, period: string, items: number): Promise<void> {
    await manager.query(`UPDATE notification_digests SET items = $3 WHERE user_id = $1 AND period = $2`, [userId, period, items]);
  }

  /**
   * The member's notifications of the given kinds in (from, until], oldest first, with the thread's
   * current title and the post's current author and text (a post deleted or hidden since is marked
   * gone, so the digest never repeats what readers can no longer see).
   */
  digestEntries(manager: EntityManager, userId: string, kinds: string[], from: Date, until: Date, limit: number): Promise<DigestEntryRow[]> {
    return manager.query(
      `SELECT n.kind, n.title, n.body, n.link, n.target_type AS "targetType", n.target_id AS "targetId",
              t.title AS "threadTitle", a.display_name AS "author", left(p.body, 400) AS "postExcerpt",
              (n.data ? 'postId' AND (p.id IS NULL OR p.deleted_at IS NOT NULL)) AS "postGone"
         FROM notifications n
         LEFT JOIN threads t ON n.target_type = 'thread' AND t.id = n.target_id
         LEFT JOIN posts p ON n.data ? 'postId' AND p.id = (n.data->>'postId')::uuid
         LEFT JOIN users a ON a.id = p.author_id
        WHERE n.user_id = $1 AND n.kind = ANY($2::text[]) AND n.created_at > $3 AND n.created_at <= $4
        ORDER BY n.created_at, n.id
        LIMIT $5`,
      [userId, kinds, from.toISOString(), until.toISOString(), limit],
    );
  }
}
