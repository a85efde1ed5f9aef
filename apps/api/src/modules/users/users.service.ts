import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { CurrentUser, DirectoryQuery, MemberProfile, Page, UpdateProfileRequest } from '@praxis/contracts';
import type { Viewer } from '../auth/auth.decorators.js';
import { FilesService, type UploadedFile } from '../files/files.service.js';
import { IMAGE_TYPES } from '../files/file-types.js';
import { HubSettingsService } from '../hub-settings/hub-settings.service.js';
import type { StoredFileEntity } from '../files/stored-file.entity.js';
import { decodeIdCursor, pageOf } from './cursor.js';
import { toCurrentUser, toMemberProfile } from './user.mapper.js';
import { UsersPolicy } from './users.policy.js';
import { UsersRepository } from './users.repository.js';

export const AVATAR_MAX_BYTES = 2 * 1024 * 1024;

/** Profiles (A6) and the member directory (A7). */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly policy: UsersPolicy,
    @Inject(FilesService) private readonly files: FilesService,
    private readonly hubSettings: HubSettingsService,
  ) {}

  /** Who I am, with what the hub lets me do as its settings stand now. */
  async me(viewer: Viewer): Promise<CurrentUser> {
    return toCurrentUser(viewer.user, await this.hubSettings.current());
  }

  async updateProfile(viewer: Viewer, changes: UpdateProfileRequest): Promise<CurrentUser> {
    // Only the fields that were sent change; the DTO has already refused anything else.
    const patch = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    if (Object.keys(patch).length === 0) return this.me(viewer);
    return toCurrentUser(await this.users.update(viewer.user.id, patch), await this.hubSettings.current());
  }

  /** Stores a new avatar (PNG or JPEG read from the content, at most 2 MB) and points the profile at it. */
  async setAvatar(viewer: Viewer, upload: UploadedFile | undefined): Promise<CurrentUser> {
    if (!upload) {
      throw new BadRequestException({ message: 'Invalid input: file is required', details: [{ field: 'file', messages: ['file is required'] }] });
    }
    if (upload.size > AVATAR_MAX_BYTES) throw new BadRequestException('An avatar may be at most 2 MB');
    const written: { file?: StoredFileEntity } = {};
    let replaced: StoredFileEntity | null = null;
    try {
      const user = await this.users.transaction(async (manager) => {
        written.file = await this.files.store(
          upload,
          { type: 'avatar', id: viewer.user.id, uploadedBy: viewer.user.id, allowedTypes: IMAGE_TYPES },
          manager,
        );
        // The old picture is not kept: a member who changes their photo expects the old one gone.
        const previousId = (await this.users.findByIdForUpdate(viewer.user.id, manager))?.avatarFileId;
        replaced = previousId ? await this.files.findById(previousId) : null;
        if (replaced) await this.files.deleteRecord(replaced, manager);
        return this.users.update(viewer.user.id, { avatarFileId: written.file.id }, manager);
      });
      if (replaced) await this.files.discardBytes(replaced);
      return toCurrentUser(user, await this.hubSettings.current());
    } catch (error) {
      // The record went with the rolled-back transaction; the bytes on disk must go too.
      if (written.file) await this.files.discardBytes(written.file);
      throw error;
    }
  }

  /** The avatar image of a member, for members (the same rule as the profile). */
  async avatar(viewer: Viewer, userId: string): Promise<{ file: StoredFileEntity; content: Buffer }> {
    const user = await this.users.findById(userId);
    if (!user || !user.avatarFileId || !this.policy.mayViewProfile(viewer, user)) throw new NotFoundException('No such avatar');
    const file = await this.files.findById(user.avatarFileId);
    if (!file) throw new NotFoundException('No such avatar');
    return { file, content: await this.files.read(file) };
  }

  async profile(viewer: Viewer, userId: string): Promise<MemberProfile> {
    const user = await this.users.findById(userId);
    // An account that may not be shown answers exactly like one that does not exist.
    if (!user || !this.policy.mayViewProfile(viewer, user)) throw new NotFoundException('No such member');
    return toMemberProfile(user);
  }

  async directory(query: DirectoryQuery): Promise<Page<MemberProfile>> {
    const limit = query.limit ?? 20;
    const afterId = decodeIdCursor(query.cursor);
    const { cursor: _cursor, limit: _limit, ...filters } = query;
    const rows = await this.users.searchDirectory(filters, limit + 1, afterId);
    return pageOf(rows, limit, toMemberProfile, (user) => [user.id]);
  }
}
