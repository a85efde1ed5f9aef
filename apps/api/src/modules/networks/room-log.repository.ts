import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export interface StoredEventRow {
  room: string;
  seq: string;
  event: string;
  payload: Record<string, unknown> & { room: string; seq: number };
  createdAt: Date;
}

/**
 * The per-room sequence (R4). `next` increments the room's counter inside the caller's transaction:
 * the row stays locked until that transaction ends, so two writes to one room get consecutive
 * numbers and commit in that order, and a rolled-back write gives its number back.
 */
@Injectable()
export class RoomLogRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async next(room: string, tx: EntityManager): Promise<number> {
    const [row] = await tx.query(
      `INSERT INTO room_sequences (room, seq) VALUES ($1, 1)
       ON CONFLICT (room) DO UPDATE SET seq = room_sequences.seq + 1 RETURNING seq`,
      [room],
    );
    return Number((row as { seq: string }).seq);
  }

  /** Takes the next seq of `room` and stores the event with it; answers the payload with room and seq. */
  async append<P extends object>(room: string, event: string, payload: P, tx: EntityManager): Promise<P & { room: string; seq: number }> {
    const seq = await this.next(room, tx);
    const full = { room, seq, ...payload };
    await tx.query(`INSERT INTO room_events (room, seq, event, payload) VALUES ($1, $2, $3, $4)`, [room, seq, event, JSON.stringify(full)]);
    return full;
  }

  /** Stores an event whose seq the caller took with `next` (when the seq is also stored on the row). */
  async store(room: string, seq: number, event: string, payload: object, tx: EntityManager): Promise<void> {
    await tx.query(`INSERT INTO room_events (room, seq, event, payload) VALUES ($1, $2, $3, $4)`, [room, seq, event, JSON.stringify(payload)]);
  }

  async current(room: string): Promise<number> {
    const rows: { seq: string }[] = await this.db.query(`SELECT seq FROM room_sequences WHERE room = $1`, [room]);
    return rows.length ? Number(rows[0].seq) : 0;
  }

  /** Ordered by the bigint column, not by the text output column of the same name ("10" < "9"). */
  after(room: string, afterSeq: number, limit: number): Promise<StoredEventRow[]> {
    return this.db.query(
      `SELECT room, seq::text AS seq, event, payload, created_at AS "createdAt" FROM room_events WHERE room = $1 AND seq > $2 ORDER BY room_events.seq LIMIT $3`,
      [room, afterSeq, limit],
    );
  }
}
