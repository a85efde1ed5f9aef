import { Injectable } from '@nestjs/common';
import type { FileTextStatus } from '@praxis/contracts';
import type { EntityManager } from 'typeorm';
import type { FileOwnerType } from '../files/stored-file.entity.js';
import { isExtractable } from './file-text-extractors.js';
import { FileTextRepository } from './file-text.repository.js';
import { FileTextWorker, type ExtractedHandler } from './file-text.worker.js';

/**
 * Text inside files (K3), as other features use it: queue files when they are attached, wake the
 * worker once that commits, hear when a file's text is ready, and tell clients where each file stands.
 */
@Injectable()
export class FileTextService {
  constructor(
    private readonly queue: FileTextRepository,
    private readonly worker: FileTextWorker,
  ) {}

  /**
   * Queues the files in the caller's transaction, so a rolled-back attach queues nothing. A type
   * without an extractor is recorded as 'unsupported' at once; a file already queued is left as it is.
   */
  async enqueue(files: { id: string; mimeType: string }[], manager: EntityManager): Promise<void> {
    await this.queue.insert(
      files.map((f) => ({ fileId: f.id, status: isExtractable(f.mimeType) ? 'pending' : 'unsupported' })),
      manager,
    );
  }

  /**
   * Wakes this process's worker now rather than at its next poll. Call it after the transaction
   * that enqueued commits: before, the worker cannot see the rows yet.
   */
  poke(): void {
    this.worker.poke();
  }

  /**
   * `handler(ownerId)` runs after a file owned by an `ownerType` thing is done or failed (in the
   * process that extracted it), e.g. to refresh that thing's search text. Its errors are logged.
   */
  onExtracted(ownerType: FileOwnerType, handler: ExtractedHandler): void {
    this.worker.onExtracted(ownerType, handler);
  }

  /** Where each queued file stands; a file being read is still 'pending' to clients. Files never queued are absent. */
  async statuses(fileIds: string[]): Promise<Map<string, FileTextStatus>> {
    const rows = await this.queue.statuses(fileIds);
    return new Map(rows.map((r) => [r.fileId, r.status === 'working' ? 'pending' : r.status]));
  }
}
