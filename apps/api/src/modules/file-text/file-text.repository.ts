import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { FileOwnerType } from '../files/stored-file.entity.js';

export type FileTextRowStatus = 'pending' | 'working' | 'done' | 'failed' | 'unsupported';

/** A file this process claimed: `attempts` counts this claim, and identifies it when the result is written. */
export interface ClaimedFileText {
  fileId: string;
  attempts: number;
}

/** Who the finished file belongs to, for the features that registered for its owner type. */
export interface FinishedFileText {
  ownerType: FileOwnerType;
  ownerId: string | null;
}

/** TypeORM answers an UPDATE ... RETURNING on PostgreSQL with [rows, affected count]. */
function updatedRows<T>(result: unknown): T[] {
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
}

@Injectable()
export class FileTextRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One row per file, in the caller's transaction; a file already queued keeps its row. */
  async insert(rows: { fileId: string; status: 'pending' | 'unsupported' }[], manager: EntityManager): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO file_texts (file_id, status, finished_at)
       SELECT f.file_id, f.status, CASE WHEN f.status = 'unsupported' THEN now() END
         FROM unnest($1::uuid[], $2::text[]) AS f(file_id, status)
       ON CONFLICT (file_id) DO NOTHING`,
      [rows.map((r) => r.fileId), rows.map((r) => r.status)],
    );
  }

  /**
   * Claims the oldest waiting file, or one claimed longer than `staleMs` ago whose process never
   * finished it. SKIP LOCKED lets concurrent workers (other API nodes) pass over a row another is
   * claiming instead of waiting for it and then claiming it again: each claim goes to one worker.
   */
  async claimNext(staleMs: number): Promise<ClaimedFileText | null> {
    const result = await this.db.query(
      `UPDATE file_texts SET status = 'working', claimed_at = now(), attempts = attempts + 1
        WHERE file_id = (
          SELECT file_id FROM file_texts
           WHERE status = 'pending' OR (status = 'working' AND claimed_at < now() - make_interval(secs => $1::double precision / 1000))
           ORDER BY created_at
           FOR UPDATE SKIP LOCKED
           LIMIT 1)
        RETURNING file_id AS "fileId", attempts`,
      [staleMs],
    );
    return updatedRows<ClaimedFileText>(result)[0] ?? null;
  }

  /**
   * Writes the outcome of a claim, unless the file was claimed again since (this process was too
   * slow and taken for gone): only the latest claim writes. Answers the file's owner, or null when
   * nothing was written (claimed again, or the file was deleted meanwhile).
   */
  async finish(
    claim: ClaimedFileText,
    outcome: { status: 'done'; text: string } | { status: 'failed'; error: string },
  ): Promise<FinishedFileText | null> {
    const result = await this.db.query(
      `UPDATE file_texts t SET status = $3, text = $4, error = $5, finished_at = now()
         FROM stored_files f
        WHERE t.file_id = $1 AND t.attempts = $2 AND t.status = 'working' AND f.id = t.file_id
        RETURNING f.owner_type AS "ownerType", f.owner_id AS "ownerId"`,
      [claim.fileId, claim.attempts, outcome.status, outcome.status === 'done' ? outcome.text : null, outcome.status === 'failed' ? outcome.error : null],
    );
    return updatedRows<FinishedFileText>(result)[0] ?? null;
  }

  /** Gives a claim back untouched (the process is stopping): the attempt does not count. */
  async release(claim: ClaimedFileText): Promise<void> {
    await this.db.query(
      `UPDATE file_texts SET status = 'pending', claimed_at = NULL, attempts = attempts - 1
        WHERE file_id = $1 AND attempts = $2 AND status = 'working'`,
      [claim.fileId, claim.attempts],
    );
  }

  async statuses(fileIds: string[]): Promise<{ fileId: string; status: FileTextRowStatus }[]> {
    if (fileIds.length === 0) return [];
    return (await this.db.query(`SELECT file_id AS "fileId", status FROM file_texts WHERE file_id = ANY($1::uuid[])`, [fileIds])) as {
      fileId: string;
      status: FileTextRowStatus;
    }[];
  }
}
