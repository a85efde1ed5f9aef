import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DashboardEvent, DashboardMembers, DashboardTag, DashboardWeek } from '@praxis/contracts';

/** The first day (Monday 00:00 UTC) of the `weeks`-week window that ends with the current week, as a timestamptz. */
const WINDOW_START = `((date_trunc('week', now() AT TIME ZONE 'UTC') - make_interval(weeks => $1::int - 1)) AT TIME ZONE 'UTC')`;

/**
 * The admin dashboard's figures (D1), each one SQL aggregate. Every query reads a bounded range
 * of an index rather than a whole table wherever the table grows with use: counts per status on
 * users_status_idx, sessions by last_used_at, threads and posts by created_at over the window only,
 * events by starts_at with a limit, registrations and attendance of one event at a time, open
 * reports on the partial index of open reports. docs/admin.md lists the plans.
 */
@Injectable()
export class DashboardRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async members(activeDays: number): Promise<DashboardMembers> {
    const [row] = await this.db.query(
      `SELECT (SELECT count(*) FROM users WHERE status = 'active')::int AS total,
              (SELECT count(*) FROM users WHERE status = 'pending')::int AS pending,
              (SELECT count(*) FROM users WHERE status = 'suspended')::int AS suspended,
              (SELECT count(DISTINCT s.user_id) FROM user_sessions s JOIN users u ON u.id = s.user_id
                WHERE s.last_used_at >= now() - make_interval(days => $1::int) AND u.status = 'active')::int AS "activeRecently"`,
      [activeDays],
    );
    return row;
  }

  async networks(): Promise<number> {
    const [row] = await this.db.query(`SELECT count(*)::int AS n FROM networks`);
    return row.n;
  }

  async openReports(): Promise<number> {
    const [row] = await this.db.query(`SELECT count(*)::int AS n FROM reports WHERE status = 'open'`);
    return row.n;
  }

  /** Threads and posts per week (Monday to Monday, UTC), oldest first, weeks without any included. */
  weeklyActivity(weeks: number): Promise<DashboardWeek[]> {
    return this.db.query(
      `WITH weeks AS (
         SELECT generate_series(date_trunc('week', now() AT TIME ZONE 'UTC') - make_interval(weeks => $1::int - 1),
                                date_trunc('week', now() AT TIME ZONE 'UTC'), interval '1 week') AS week
       ), t AS (
         SELECT date_trunc('week', created_at AT TIME ZONE 'UTC') AS week, count(*) AS n
           FROM threads WHERE created_at >= ${WINDOW_START} GROUP BY 1
       ), p AS (
         SELECT date_trunc('week', created_at AT TIME ZONE 'UTC') AS week, count(*) AS n
           FROM posts WHERE deleted_at IS NULL AND created_at >= ${WINDOW_START} GROUP BY 1
       )
       SELECT to_char(w.week, 'YYYY-MM-DD') AS "weekStart", COALESCE(t.n, 0)::int AS threads, COALESCE(p.n, 0)::int AS posts
         FROM weeks w LEFT JOIN t ON t.week = w.week LEFT JOIN p ON p.week = w.week
        ORDER BY w.week`,
      [weeks],
    );
  }

  /** The `limit` events that started most recently, with places taken against people who came. */
  async recentEvents(limit: number): Promise<DashboardEvent[]> {
    const rows: (Omit<DashboardEvent, 'startsAt'> & { startsAt: Date })[] = await this.db.query(
      `SELECT e.id, e.title, e.starts_at AS "startsAt",
              (SELECT count(*) FROM event_registrations r WHERE r.event_id = e.id AND r.status = 'registered')::int AS registered,
              (SELECT count(DISTINCT a.user_id) FROM event_attendance a WHERE a.event_id = e.id)::int AS attended,
              (SELECT count(DISTINCT a.user_id) FROM event_attendance a
                 JOIN event_registrations r ON r.event_id = a.event_id AND r.user_id = a.user_id AND r.status = 'registered'
                WHERE a.event_id = e.id)::int AS "attendedRegistered"
         FROM events e
        WHERE e.starts_at <= now()
        ORDER BY e.starts_at DESC, e.id
        LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({ ...row, startsAt: new Date(row.startsAt).toISOString() }));
  }

  /** The most used tags on threads and (not deleted) resources created in the window. */
  topTags(weeks: number, limit: number): Promise<DashboardTag[]> {
    return this.db.query(
      `WITH tagged AS (
         SELECT lower(unnest(tags)) AS tag, true AS thread FROM threads WHERE created_at >= ${WINDOW_START}
         UNION ALL
         SELECT lower(unnest(tags)), false FROM resources WHERE deleted_at IS NULL AND created_at >= ${WINDOW_START}
       )
       SELECT tag, count(*) FILTER (WHERE thread)::int AS threads, count(*) FILTER (WHERE NOT thread)::int AS resources, count(*)::int AS total
         FROM tagged
        GROUP BY tag
        ORDER BY total DESC, tag
        LIMIT $2`,
      [weeks, limit],
    );
  }
}
