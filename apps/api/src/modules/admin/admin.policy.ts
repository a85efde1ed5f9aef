import { Injectable } from '@nestjs/common';
import type { Viewer } from '../auth/auth.decorators.js';
import type { UserEntity } from '../users/user.entity.js';

/** Which applicants a reviewer sees: all of them (admins) or those of one organisation (focal points). */
export type ReviewScope = { kind: 'all' } | { kind: 'organisation'; organisation: string };

/** Organisation names are compared the way people write them: case and outer spaces do not matter. */
export function sameOrganisation(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  return a.trim().toLocaleLowerCase('en') === b.trim().toLocaleLowerCase('en');
}

/**
 * The one place that decides who may review access requests and manage users (A2, A8). The queue,
 * the approve and reject routes and nomination-letter downloads all ask here.
 */
@Injectable()
export class AdminPolicy {
  /** What part of the access-request queue `viewer` sees, or null for none of it. */
  reviewScope(viewer: Viewer): ReviewScope | null {
    if (viewer.user.status !== 'active') return null;
    if (viewer.user.isAdmin) return { kind: 'all' };
    if (viewer.user.focalPointFor) return { kind: 'organisation', organisation: viewer.user.focalPointFor };
    return null;
  }

  /** Admins decide on anyone; a focal point only on applicants of their own organisation. */
  mayDecide(viewer: Viewer, applicant: Pick<UserEntity, 'id' | 'organisation'>): boolean {
    if (viewer.user.id === applicant.id) return false;
    const scope = this.reviewScope(viewer);
    if (!scope) return false;
    return scope.kind === 'all' || sameOrganisation(scope.organisation, applicant.organisation);
  }

  /** A nomination letter: its author, and whoever may decide on its author's request. */
  mayReadRegistrationFile(viewer: Viewer, owner: Pick<UserEntity, 'id' | 'organisation'>): boolean {
    return viewer.user.id === owner.id || this.mayDecide(viewer, owner);
  }

  mayManageUsers(viewer: Viewer): boolean {
    return viewer.user.status === 'active' && viewer.user.isAdmin;
  }

  /** The dashboard (D1) and its exports: active platform admins (focal points see only their queue). */
  mayViewDashboard(viewer: Viewer): boolean {
    return viewer.user.status === 'active' && viewer.user.isAdmin;
  }

  /** Why `viewer` may not suspend `target`, or null. Admins never lock themselves out. */
  suspendProblem(viewer: Viewer, target: Pick<UserEntity, 'id'>): string | null {
    return viewer.user.id === target.id ? 'You cannot suspend your own account' : null;
  }

  withdrawAdminProblem(viewer: Viewer, target: Pick<UserEntity, 'id'>): string | null {
    return viewer.user.id === target.id ? 'You cannot withdraw your own admin rights; ask another admin' : null;
  }

  /**
   * Whether the hub keeps at least one active admin after `targetId` stops being one: the caller
   * passes the ids of the active admins, locked for the transaction.
   */
  leavesAnAdmin(activeAdminIds: string[], targetId: string): boolean {
    return activeAdminIds.some((id) => id !== targetId);
  }
}
