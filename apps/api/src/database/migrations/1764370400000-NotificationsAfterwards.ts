import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * O1: what a notification is about (target_type, target_id), so that listing and the unread count
 * ask the feature's policy whether the recipient may still read it; keyset order (created_at, id).
 * E7: the summary kept on the event when its session ends (answered questions, attendance) and the
 * post it was published as.
 */
export class NotificationsAfterwards1764370400000 implements MigrationInterface {
  name = 'NotificationsAfterwards1764370400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE notifications ADD COLUMN target_type text CHECK (target_type IN ('network', 'thread', 'event', 'membership'))`);
    await db.query(`ALTER TABLE notifications ADD COLUMN target_id uuid`);
    await db.query(`ALTER TABLE notifications ADD CONSTRAINT notifications_target_check CHECK ((target_type IS NULL) = (target_id IS NULL))`);
    await db.query(`DROP INDEX notifications_user_idx`);
    await db.query(`CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC, id DESC)`);

    await db.query(`ALTER TABLE events ADD COLUMN summary jsonb`);
    await db.query(`ALTER TABLE events ADD COLUMN summary_post_id uuid`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE events DROP COLUMN summary_post_id`);
    await db.query(`ALTER TABLE events DROP COLUMN summary`);
    await db.query(`DROP INDEX notifications_user_idx`);
    await db.query(`CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC)`);
    await db.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_target_check`);
    await db.query(`ALTER TABLE notifications DROP COLUMN target_id`);
    await db.query(`ALTER TABLE notifications DROP COLUMN target_type`);
  }
}
