import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * R4: every seq of a thread room is in its room log, so that GET /rooms/:room/events?afterSeq=0
 * has no gap. Opening posts (and the demo's posts) took their seq without a logged event; this
 * logs one for each such post. The catch-up route shows a logged post as it is now, so the payload
 * only needs the post's id.
 */
export class RoomLogOpeningPosts1764371000000 implements MigrationInterface {
  name = 'RoomLogOpeningPosts1764371000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      INSERT INTO room_events (room, seq, event, payload, created_at)
      SELECT 'thread:' || p.thread_id, p.seq, 'post.created',
             jsonb_build_object('room', 'thread:' || p.thread_id, 'seq', p.seq, 'post', jsonb_build_object('id', p.id)), p.created_at
      FROM posts p
      WHERE NOT EXISTS (SELECT 1 FROM room_events e WHERE e.room = 'thread:' || p.thread_id AND e.seq = p.seq)
      ON CONFLICT (room, seq) DO NOTHING`);
  }

  async down(): Promise<void> {
    // The logged events are correct history; nothing to undo.
  }
}
