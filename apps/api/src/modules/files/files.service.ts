import { BadRequestException, Injectable, PayloadTooLargeException, Inject } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { cleanFileName, detectFileType } from './file-types.js';
import { FileStorage } from './file-storage.js';
import { FilesRepository } from './files.repository.js';
import { RateLimitService } from '../rate-limit/rate-limit.service.js';
import type { FileOwnerType, StoredFileEntity } from './stored-file.entity.js';

export interface UploadedFile {
  originalname: string;
  buffer: Buffer;
  size: number;
}

@Injectable()
export class FilesService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly storage: FileStorage,
    private readonly files: FilesRepository,
    private readonly rateLimits: RateLimitService,
  ) {}

  /**
   * Checks an upload (size, type read from the content, name) before anything is written, then
   * stores the bytes and the record. Inside a transaction, the bytes are removed again if the
   * record cannot be written, so a refused request leaves nothing behind.
   */
  async store(
    upload: UploadedFile,
    owner: { type: FileOwnerType; id: string | null; uploadedBy: string | null; allowedTypes?: string[] },
    manager?: EntityManager,
  ): Promise<StoredFileEntity> {
    if (upload.size > this.config.maxUploadBytes) {
      throw new PayloadTooLargeException(`Files may be at most ${Math.round(this.config.maxUploadBytes / 1048576)} MB`);
    }
    if (upload.size === 0) throw new BadRequestException('The file is empty');
    const name = cleanFileName(upload.originalname);
    const type = await detectFileType(upload.buffer, name, owner.allowedTypes);
    if ('problem' in type) throw new BadRequestException(type.problem);
    // M2: a member's uploads are limited (anonymous uploads come with registration, limited per IP there).
    if (owner.uploadedBy) await this.rateLimits.consume('uploadsPerUser', owner.uploadedBy);
    const storageKey = await this.storage.put(upload.buffer);
    try {
      return await this.files.insert(
        { ownerType: owner.type, ownerId: owner.id, name, size: upload.size, mimeType: type.mimeType, storageKey, uploadedBy: owner.uploadedBy },
        manager,
      );
    } catch (error) {
      await this.storage.remove(storageKey);
      throw error;
    }
  }

  /** Deletes a file's record (in the caller's transaction); its bytes go with discardBytes once that commits. */
  async deleteRecord(file: StoredFileEntity, manager?: EntityManager): Promise<void> {
    await this.files.delete(file.id, manager);
  }

  /** Removes stored bytes whose record was deleted, or rolled back with its transaction. */
  async discardBytes(file: StoredFileEntity): Promise<void> {
    await this.storage.remove(file.storageKey);
  }

  findById(id: string) {
    return this.files.findById(id);
  }

  read(file: StoredFileEntity): Promise<Buffer> {
    return this.storage.get(file.storageKey);
  }

  attach(ids: string[], uploadedBy: string, owner: { type: FileOwnerType; id: string }, manager: EntityManager) {
    return this.files.attach(ids, uploadedBy, owner, manager);
  }

  countAttachable(ids: string[], uploadedBy: string) {
    return this.files.countAttachable(ids, uploadedBy);
  }

  listByOwner(type: FileOwnerType, ownerId: string) {
    return this.files.listByOwner(type, ownerId);
  }

  logDownload(fileId: string, userId: string, viaLink: boolean) {
    return this.files.logDownload(fileId, userId, viaLink);
  }

  findUser(id: string) {
    return this.files.findUser(id);
  }

  setOwner(id: string, ownerId: string, manager?: EntityManager) {
    return this.files.setOwner(id, ownerId, manager);
  }
}
