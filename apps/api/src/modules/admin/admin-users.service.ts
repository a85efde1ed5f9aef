import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { AdminUser, Page, UserStatus } from '@praxis/contracts';
import { DomainEvents } from '../../common/domain-events.js';
import type { Viewer } from '../auth/auth.decorators.js';
import { AuthService } from '../auth/auth.service.js';
import { AuditLogService } from '../audit/audit.service.js';
import { AccountNotices } from '../users/account-notices.js';
import { decodeIdCursor, pageOf } from '../users/cursor.js';
import type { UserEntity } from '../users/user.entity.js';
import { toAdminUser } from '../users/user.mapper.js';
import { UsersRepository } from '../users/users.repository.js';
import { AdminPolicy } from './admin.policy.js';

/** User administration (A8) and focal-point appointments (A2); every change is audited. */
@Injectable()
export class AdminUsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly policy: AdminPolicy,
    private readonly audit: AuditLogService,
    private readonly auth: AuthService,
    private readonly notices: AccountNotices,
    private readonly events: DomainEvents,
  ) {}

  async list(viewer: Viewer, query: { q?: string; status?: UserStatus; cursor?: string; limit?: number }): Promise<Page<AdminUser>> {
    this.assertAdmin(viewer);
    const limit = query.limit ?? 50;
    const rows = await this.users.searchAll({ q: query.q || undefined, status: query.status, limit: limit + 1, afterId: decodeIdCursor(query.cursor) });
    return pageOf(rows, limit, toAdminUser, (user) => [user.id]);
  }

  /** Suspension ends every session at once; live sockets close through 'user.access-ended'. */
  async suspend(viewer: Viewer, userId: string, reason: string | null): Promise<AdminUser> {
    const target = await this.target(viewer, userId);
    const problem = this.policy.suspendProblem(viewer, target);
    if (problem) throw new ForbiddenException(problem);
    const suspended = await this.users.transaction(async (manager) => {
      if (target.isAdmin && !this.policy.leavesAnAdmin(await this.users.lockActiveAdmins(manager), target.id)) {
        throw new ConflictException('This is the last active admin; make someone else an admin first');
      }
      const updated = await this.users.changeStatus(userId, ['pending', 'active', 'rejected'], 'suspended', manager);
      if (!updated) throw new ConflictException('This account is already suspended');
      await this.audit.record(
        { actorId: viewer.user.id, action: 'user.suspended', targetType: 'user', targetId: userId, reason, details: { previousStatus: target.status } },
        manager,
      );
      return updated;
    });
    await this.auth.endAllSessions(userId, 'suspended');
    this.events.publish('user.access-ended', { userId });
    return toAdminUser(suspended);
  }

  /** Reinstating gives full member access back (an admin vouches for the person again). */
  async reinstate(viewer: Viewer, userId: string): Promise<AdminUser> {
    await this.target(viewer, userId);
    const reinstated = await this.users.transaction(async (manager) => {
      const updated = await this.users.changeStatus(userId, ['suspended'], 'active', manager);
      if (!updated) throw new ConflictException('Only a suspended account can be reinstated');
      await this.audit.record({ actorId: viewer.user.id, action: 'user.reinstated', targetType: 'user', targetId: userId }, manager);
      return updated;
    });
    return toAdminUser(reinstated);
  }

  async grantAdmin(viewer: Viewer, userId: string): Promise<AdminUser> {
    const target = await this.target(viewer, userId);
    if (target.status !== 'active') throw new ConflictException('Only an active member can be made an admin');
    const granted = await this.users.transaction(async (manager) => {
      const updated = await this.users.setAdmin(userId, true, manager);
      if (!updated) throw new ConflictException('This member is already an admin');
      await this.audit.record({ actorId: viewer.user.id, action: 'user.admin-granted', targetType: 'user', targetId: userId }, manager);
      return updated;
    });
    return toAdminUser(granted);
  }

  async withdrawAdmin(viewer: Viewer, userId: string): Promise<AdminUser> {
    const target = await this.target(viewer, userId);
    const problem = this.policy.withdrawAdminProblem(viewer, target);
    if (problem) throw new ForbiddenException(problem);
    const withdrawn = await this.users.transaction(async (manager) => {
      if (!this.policy.leavesAnAdmin(await this.users.lockActiveAdmins(manager), userId)) {
        throw new ConflictException('This is the last active admin; make someone else an admin first');
      }
      const updated = await this.users.setAdmin(userId, false, manager);
      if (!updated) throw new ConflictException('This user is not an admin');
      await this.audit.record({ actorId: viewer.user.id, action: 'user.admin-withdrawn', targetType: 'user', targetId: userId }, manager);
      return updated;
    });
    return toAdminUser(withdrawn);
  }

  async setFocalPoint(viewer: Viewer, userId: string, organisation: string): Promise<AdminUser> {
    const target = await this.target(viewer, userId);
    if (target.status !== 'active') throw new ConflictException('Only an active member can be a focal point');
    const appointed = await this.users.transaction(async (manager) => {
      const updated = await this.users.update(userId, { focalPointFor: organisation }, manager);
      await this.audit.record(
        {
          actorId: viewer.user.id,
          action: 'user.focal-point-appointed',
          targetType: 'user',
          targetId: userId,
          details: { organisation, previous: target.focalPointFor },
        },
        manager,
      );
      return updated;
    });
    await this.notices.focalPointAppointed(appointed, organisation);
    return toAdminUser(appointed);
  }

  async removeFocalPoint(viewer: Viewer, userId: string): Promise<AdminUser> {
    const target = await this.target(viewer, userId);
    if (!target.focalPointFor) throw new ConflictException('This member is not a focal point');
    const removed = await this.users.transaction(async (manager) => {
      const updated = await this.users.update(userId, { focalPointFor: null }, manager);
      await this.audit.record(
        { actorId: viewer.user.id, action: 'user.focal-point-removed', targetType: 'user', targetId: userId, details: { organisation: target.focalPointFor } },
        manager,
      );
      return updated;
    });
    return toAdminUser(removed);
  }

  private assertAdmin(viewer: Viewer) {
    if (!this.policy.mayManageUsers(viewer)) throw new ForbiddenException('Platform administrators only');
  }

  private async target(viewer: Viewer, userId: string): Promise<UserEntity> {
    this.assertAdmin(viewer);
    const user = await this.users.findById(userId);
    if (!user) throw new NotFoundException('No such user');
    return user;
  }
}
