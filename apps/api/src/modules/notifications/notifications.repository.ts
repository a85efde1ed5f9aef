import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { NotificationTarget, NotificationTargetType } from '@praxis/contracts';
import { DataSource } from 'typeorm';

export interface NewNotification {
  kind: string;
  title: string;
  body?: string | null;
  link?: string | null;
  data?: Record<string, unknown>;
  /** What it is about: listing shows it only while the recipient may read this (null: the account itself). */
  target?: NotificationTarget | null;
}

export interface NotificationRow {
  id: string;
  userId: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  data: Record<string, unknown>;
  targetType: NotificationTargetType | null;
  targetId: string | null;
  readAt: Date | null;
  createdAt: Date;
  /** created_at as text with microseconds, for an exact keyset cursor. */
  sortKey: string;
}

const COLUMNS = `id, user_id AS "userId", kind, title, body, link, data, target_type AS "targetType", target_id AS "targetId",
  read_at AS "readAt", created_at AS "createdAt", to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS "sortKey"`;

/** The notifications table (O1). */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(userId: string, notification: NewNotification): Promise<NotificationRow> {
    const [row] = await this.db.query(
      `INSERT INTO notifications (user_id, kind, title, body, link, data, target_type, target_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [
        userId,
        notification.kind,
        notification.title,
        notification.body ?? null,
        notification.link ?? null,
        JSON.stringify(notification.data ?? {}),
        notification.target?.type ?? null,
        notification.target?.id ?? null,
      ],
    );
    return row as NotificationRow;
  }

  /** insert, unless the user already has a notification of this kind with exactly this data (then null). */
  async insertOnce(userId: string, notification: NewNotification): Promise<NotificationRow | null> {
    const [row] = await this.db.query(
      `INSERT INTO notifications (user_id, kind, title, body, link, data, target_type, target_id)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8
        WHERE NOT EXISTS (SELECT 1 FROM notifications WHERE user_id = $1 AND kind = $2 AND data = $6::jsonb)
       RETURNING ${COLUMNS}`,
      [
        userId,
        notification.kind,
        notification.title,
        notification.body ?? null,
        notification.link ?? null,
        JSON.stringify(notification.data ?? {}),
        notification.target?.type ?? null,
        notification.target?.id ?? null,
      ],
    );
    return (row as NotificationRow | undefined) ?? null;
  }

  /** One batch of the user's notifications, newest first, strictly after the (sortKey, id) position. */
  page(userId: string, options: { after?: [string, string]; unreadOnly?: boolean; limit: number }): Promise<NotificationRow[]> {
    const params: unknown[] = [userId, options.limit];
    let where = 'user_id = $1';
    if (options.unreadOnly) where += ' AND read_at IS NULL';
    if (options.after) {
      params.push(options.after[0], options.after[1]);
      where += ` AND (created_at, id) < (($3::timestamp AT TIME ZONE 'UTC'), $4::uuid)`;
    }
    return this.db.query(`SELECT ${COLUMNS} FROM notifications WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $2`, params);
  }

  /** Unread notifications counted per target, so the caller can drop those whose target is no longer readable. */
  unreadByTarget(userId: string): Promise<{ targetType: NotificationTargetType | null; targetId: string | null; count: number }[]> {
    return this.db.query(
      `SELECT target_type AS "targetType", target_id AS "targetId", count(*)::int AS count
         FROM notifications WHERE user_id = $1 AND read_at IS NULL GROUP BY target_type, target_id`,
      [userId],
    );
  }

  /** Marks the given ids (only the user's own, unread ones) or all of the user's; answers the ids marked. */
  async markRead(userId: string, ids: string[] | null): Promise<string[]> {
    // TypeORM answers an UPDATE on PostgreSQL as [rows, affected count].
    const [rows] = (await this.db.query(
      `UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[])) RETURNING id`,
      [userId, ids],
    )) as [{ id: string }[], number];
    return rows.map((r) => r.id);
  }
}
