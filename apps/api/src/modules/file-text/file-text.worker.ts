import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { FilesService } from '../files/files.service.js';
import type { FileOwnerType } from '../files/stored-file.entity.js';
import { ExtractionError, FileTextExtractor } from './file-text-extractors.js';
import { FileTextRepository, type ClaimedFileText } from './file-text.repository.js';

/** A file claimed this many times without an outcome (its process died on it each time) is given up. */
export const MAX_ATTEMPTS = 3;

export type ExtractedHandler = (ownerId: string) => Promise<void>;

/**
 * Extracts the text inside queued files (K3), one file at a time, in every API process. The
 * database hands out the work (FileTextRepository.claimNext), so each file is read once whatever
 * the number of processes; a process that stops mid-file leaves a claim that goes stale and is
 * taken up again. The worker goes on while there is work, then sleeps for the poll interval or
 * until poked.
 */
@Injectable()
export class FileTextWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('FileTextWorker');
  private readonly handlers = new Map<FileOwnerType, ExtractedHandler[]>();
  private loop: Promise<void> | null = null;
  private stopping = false;
  /** Set by poke; a poke during a pass means "look once more before sleeping". */
  private poked = false;
  private wake: (() => void) | null = null;
  /** Aborts the extraction in hand when the process stops. */
  private readonly stop = new AbortController();

  constructor(
    private readonly queue: FileTextRepository,
    private readonly files: FilesService,
    private readonly extractor: FileTextExtractor,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap() {
    if (this.config.fileText.pollMs > 0) this.loop = this.run();
  }

  // Before shutdown rather than on it (where EventReminders stops its timer): TypeORM closes its
  // connections in onApplicationShutdown, and the file in hand must still be written or released.
  async beforeApplicationShutdown() {
    this.stopping = true;
    this.stop.abort(new Error('the process is stopping'));
    this.wake?.();
    await this.loop;
  }

  onExtracted(ownerType: FileOwnerType, handler: ExtractedHandler): void {
    this.handlers.set(ownerType, [...(this.handlers.get(ownerType) ?? []), handler]);
  }

  poke(): void {
    this.poked = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      this.poked = false;
      try {
        while (!this.stopping && (await this.processNext())) {
          // one file per iteration, until the queue is empty
        }
      } catch (error) {
        // The database is unreachable or the like: try again after the interval, not in a tight loop.
        this.logger.error({ msg: 'file text queue pass failed; retried after the poll interval', err: error });
        this.poked = false;
      }
      if (this.stopping || this.poked) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.config.fileText.pollMs);
        timer.unref();
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  /** Claims and handles one file; answers false when the queue had nothing to hand out. */
  async processNext(): Promise<boolean> {
    const claim = await this.queue.claimNext(this.config.fileText.staleMs);
    if (!claim) return false;
    if (claim.attempts > MAX_ATTEMPTS) {
      this.logger.warn({ msg: 'file text given up: claimed too often without an outcome', fileId: claim.fileId, attempts: claim.attempts });
      await this.finish(claim, { status: 'failed', error: `gave up after ${MAX_ATTEMPTS} attempts` });
      return true;
    }
    const file = await this.files.findById(claim.fileId);
    // Deleted since it was claimed: its queue row went with it.
    if (!file) return true;
    let bytes: Buffer;
    try {
      bytes = await this.files.read(file);
    } catch (error) {
      // Storage trouble (an S3 outage) is not the file's fault: the claim is left to go stale and
      // is tried again later, MAX_ATTEMPTS times at most.
      this.logger.warn({ msg: 'file bytes could not be read; retried once the claim is stale', fileId: file.id, attempts: claim.attempts, err: error });
      return true;
    }
    const started = Date.now();
    try {
      const text = await this.extractor.extract(bytes, file.mimeType, { timeoutMs: this.config.fileText.timeoutMs, signal: this.stop.signal });
      this.logger.log({ msg: 'file text extracted', fileId: file.id, mimeType: file.mimeType, chars: text.length, ms: Date.now() - started });
      await this.finish(claim, { status: 'done', text });
    } catch (error) {
      if (this.stop.signal.aborted) {
        // Not the file's fault: give it back for the next process instead of waiting out the timeout.
        await this.queue.release(claim);
        return false;
      }
      const reason = error instanceof ExtractionError ? error.message : 'the text could not be extracted';
      // An error that is not an ExtractionError is a bug in a library (or ours): keep it in the log, not in the row.
      const err = error instanceof ExtractionError ? undefined : error;
      this.logger.warn({ msg: 'file text extraction failed', fileId: file.id, mimeType: file.mimeType, reason, ms: Date.now() - started, err });
      await this.finish(claim, { status: 'failed', error: reason });
    }
    return true;
  }

  private async finish(claim: ClaimedFileText, outcome: { status: 'done'; text: string } | { status: 'failed'; error: string }) {
    const owner = await this.queue.finish(claim, outcome);
    if (!owner?.ownerId) return;
    for (const handler of this.handlers.get(owner.ownerType) ?? []) {
      try {
        await handler(owner.ownerId);
      } catch (error) {
        this.logger.error({ msg: 'file text handler failed', fileId: claim.fileId, ownerType: owner.ownerType, ownerId: owner.ownerId, err: error });
      }
    }
  }
}
