import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/**
 * Reads the latest sequence number of a room (R4), which the writing features store in
 * room_sequences in the same transaction as the data. A room that has seen no event is at 0.
 */
@Injectable()
export class RoomSequencesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async current(room: string): Promise<number> {
    const rows = (await this.db.query('SELECT seq FROM room_sequences WHERE room = $1', [room])) as { seq: string | number }[];
    return rows.length ? Number(rows[0].seq) : 0;
  }
}
