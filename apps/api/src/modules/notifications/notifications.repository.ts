import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface NewNotification {
  kind: string;
  title: string;
  body?: string | null;
  link?: string | null;
  data?: Record<string, unknown>;
}

export interface NotificationRow {
  id: string;
  userId: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  data: Record<string, unknown>;
  readAt: Date | null;
  createdAt: Date;
}

const COLUMNS = `id, user_id AS "userId", kind, title, body, link, data, read_at AS "readAt", created_at AS "createdAt"`;

/** The notifications table (O1). */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(userId: string, notification: NewNotification): Promise<NotificationRow> {
    const [row] = await this.db.query(
      `INSERT INTO notifications (user_id, kind, title, body, link, data) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [userId, notification.kind, notification.title, notification.body ?? null, notification.link ?? null, JSON.stringify(notification.data ?? {})],
    );
    return row as NotificationRow;
  }

  async countUnread(userId: string): Promise<number> {
    const [row] = await this.db.query(`SELECT count(*)::int AS count FROM notifications WHERE user_id = $1 AND read_at IS NULL`, [userId]);
    return (row as { count: number }).count;
  }
}
