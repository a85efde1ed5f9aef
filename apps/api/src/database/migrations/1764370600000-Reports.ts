import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * M1: one report per reporter and target (reporting again updates it), the network it belongs to
 * (null: hub-wide, for admins), and how it was resolved.
 */
export class Reports1764370600000 implements MigrationInterface {
  name = 'Reports1764370600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE reports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        target_type text NOT NULL CHECK (target_type IN ('post', 'thread', 'resource', 'event', 'user')),
        target_id uuid NOT NULL,
        network_id uuid REFERENCES networks(id) ON DELETE CASCADE,
        reporter_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        reason text NOT NULL CHECK (reason IN ('spam', 'harassment', 'sensitive-data', 'off-topic', 'other')),
        note text,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
        action text CHECK (action IN ('dismiss', 'hide', 'delete', 'lock', 'warn', 'mute', 'remove', 'ban')),
        resolution_note text,
        resolved_by uuid REFERENCES users(id) ON DELETE SET NULL,
        resolved_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (reporter_id, target_type, target_id),
        CHECK ((status = 'resolved') = (action IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX reports_queue_idx ON reports (network_id, status, created_at DESC, id DESC)`);
    await db.query(`CREATE INDEX reports_target_idx ON reports (target_type, target_id) WHERE status = 'open'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE reports`);
  }
}
