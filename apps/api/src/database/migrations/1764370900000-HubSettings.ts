import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * D2: the hub's settings, one row (id 1) that every API node reads, created at first start with
 * the initial values of ALLOW_MEMBER_NETWORKS and AUTO_APPROVE_DOMAINS (never by this migration,
 * which does not know the environment).
 *
 * D1: the indexes the dashboard's figures need to stay fast on large tables: each figure over a
 * recent window (posts and threads per week, tags of recent threads, sessions used in the last
 * 30 days) reads a range of one of these indexes instead of the whole table, and attendance per
 * event reads one event's rows.
 */
export class HubSettings1764370900000 implements MigrationInterface {
  name = 'HubSettings1764370900000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE hub_settings (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        hub_name text NOT NULL CHECK (char_length(hub_name) BETWEEN 1 AND 80),
        registration_open boolean NOT NULL DEFAULT true,
        members_may_create_networks boolean NOT NULL DEFAULT false,
        auto_approve_domains text[] NOT NULL DEFAULT '{}',
        updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
        updated_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await db.query(`CREATE INDEX posts_created_idx ON posts (created_at) WHERE deleted_at IS NULL`);
    await db.query(`CREATE INDEX threads_created_idx ON threads (created_at)`);
    await db.query(`CREATE INDEX user_sessions_last_used_idx ON user_sessions (last_used_at, user_id)`);
    await db.query(`CREATE INDEX event_attendance_event_idx ON event_attendance (event_id, user_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX event_attendance_event_idx`);
    await db.query(`DROP INDEX user_sessions_last_used_idx`);
    await db.query(`DROP INDEX threads_created_idx`);
    await db.query(`DROP INDEX posts_created_idx`);
    await db.query(`DROP TABLE hub_settings`);
  }
}
