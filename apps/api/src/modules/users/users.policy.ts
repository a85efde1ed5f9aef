import { Injectable } from '@nestjs/common';
import type { Viewer } from '../auth/auth.decorators.js';
import type { UserEntity } from './user.entity.js';

/**
 * Who may see whom (A6, A7). Profiles and avatars are for members only, and only of people who
 * are members themselves: an applicant, a rejected or a suspended account is not shown to anyone
 * but its owner. The profile route, the directory, the avatar route and file downloads all ask here.
 */
@Injectable()
export class UsersPolicy {
  mayViewProfile(viewer: Viewer, target: Pick<UserEntity, 'id' | 'status'>): boolean {
    if (viewer.user.id === target.id) return true;
    return viewer.user.status === 'active' && target.status === 'active';
  }

  /** S2: mayViewProfile as a condition for SQL: the account statuses whose profiles the viewer may find. */
  findableStatuses(viewer: Viewer | null): string[] {
    return viewer?.user.status === 'active' ? ['active'] : [];
  }
}
