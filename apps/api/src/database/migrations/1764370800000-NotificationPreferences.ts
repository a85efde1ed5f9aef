import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * O2/O3: a member's channel per notification category (only the ones they changed; the rest take
 * the calm default in code) and digest frequency; one row per member and digest period, claimed
 * by the process that sends it, so that each digest goes out once whatever the number of nodes.
 */
export class NotificationPreferences1764370800000 implements MigrationInterface {
  name = 'NotificationPreferences1764370800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE notification_preferences (
        user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        channels jsonb NOT NULL DEFAULT '{}',
        digest text NOT NULL DEFAULT 'daily' CHECK (digest IN ('off', 'daily', 'weekly')),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE notification_digests (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        period text NOT NULL,
        covers_from timestamptz NOT NULL,
        covers_until timestamptz NOT NULL,
        items integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, period)
      )`);
    await db.query(`CREATE INDEX notification_digests_latest ON notification_digests (user_id, covers_until DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE notification_digests`);
    await db.query(`DROP TABLE notification_preferences`);
  }
}
