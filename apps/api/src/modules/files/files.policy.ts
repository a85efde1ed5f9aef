import { Injectable } from '@nestjs/common';
import type { Viewer } from '../auth/auth.decorators.js';
import type { FileOwnerType, StoredFileEntity } from './stored-file.entity.js';

/** Whether `viewer` may read `file`, answered by the feature that owns files of that kind. */
export type FileReadRule = (viewer: Viewer, file: StoredFileEntity) => boolean | Promise<boolean>;

/**
 * Who may download a file (K2). A file inherits the permission of what it belongs to, so each
 * owning feature registers the rule for its owner type from its module's onModuleInit (users:
 * avatars; admin: registration letters; networks, events, posts, resources: theirs). The rule is
 * asked on every request, so a change of permission applies at once. A type nobody registered is
 * readable by no one.
 */
@Injectable()
export class FilesPolicy {
  private readonly rules = new Map<FileOwnerType, FileReadRule>();

  registerOwnerRule(ownerType: FileOwnerType, rule: FileReadRule): void {
    if (this.rules.has(ownerType)) throw new Error(`a read rule for ${ownerType} files is already registered`);
    this.rules.set(ownerType, rule);
  }

  async mayRead(viewer: Viewer, file: StoredFileEntity): Promise<boolean> {
    const rule = this.rules.get(file.ownerType);
    return rule ? Boolean(await rule(viewer, file)) : false;
  }
}
