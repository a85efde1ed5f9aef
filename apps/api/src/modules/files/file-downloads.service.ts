import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { Viewer } from '../auth/auth.decorators.js';
import { FilesPolicy } from './files.policy.js';
import { FilesService } from './files.service.js';
import type { StoredFileEntity } from './stored-file.entity.js';

/** Permission-checked, logged downloads (K2). */
@Injectable()
export class FileDownloads {
  private readonly logger = new Logger('FileDownloads');

  constructor(
    private readonly files: FilesService,
    private readonly policy: FilesPolicy,
  ) {}

  async ensureReadable(viewer: Viewer, fileId: string): Promise<StoredFileEntity> {
    const file = await this.files.findById(fileId);
    // A file the viewer may not read answers exactly like a file that does not exist.
    if (!file || !(await this.policy.mayRead(viewer, file))) throw new NotFoundException('No such file');
    return file;
  }

  async open(viewer: Viewer, fileId: string, viaLink = false): Promise<{ file: StoredFileEntity; content: Buffer }> {
    const file = await this.ensureReadable(viewer, fileId);
    const content = await this.files.read(file);
    await this.files.logDownload(file.id, viewer.user.id, viaLink);
    this.logger.log({ msg: 'file downloaded', fileId: file.id, ownerType: file.ownerType, ownerId: file.ownerId, userId: viewer.user.id, size: file.size });
    return { file, content };
  }
}
