import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * M2: a network may hold the first posts of new members for approval. A held post lives here, not
 * in `posts`, until a moderator approves it: it has no seq, is in no room, log, search or
 * notification; approving creates the post then, through the normal path, with its clientId.
 */
export class Premoderation1764370700000 implements MigrationInterface {
  name = 'Premoderation1764370700000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE networks ADD COLUMN hold_first_posts integer NOT NULL DEFAULT 0 CHECK (hold_first_posts BETWEEN 0 AND 100)`);
    await db.query(`ALTER TABLE networks ADD COLUMN hold_for_days integer NOT NULL DEFAULT 7 CHECK (hold_for_days BETWEEN 1 AND 365)`);
    await db.query(`
      CREATE TABLE held_posts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        network_id uuid NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
        thread_id uuid REFERENCES threads(id) ON DELETE CASCADE,
        author_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        title text,
        tags text[] NOT NULL DEFAULT '{}',
        category_id uuid,
        body text NOT NULL,
        html text NOT NULL,
        reply_to_id uuid,
        client_id uuid NOT NULL,
        file_ids uuid[] NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
        decided_by uuid REFERENCES users(id) ON DELETE SET NULL,
        decided_at timestamptz,
        reason text,
        post_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (author_id, client_id),
        CHECK ((thread_id IS NULL) = (title IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX held_posts_queue_idx ON held_posts (network_id, status, created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE held_posts`);
    await db.query(`ALTER TABLE networks DROP COLUMN hold_for_days`);
    await db.query(`ALTER TABLE networks DROP COLUMN hold_first_posts`);
  }
}
