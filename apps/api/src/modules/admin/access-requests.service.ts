import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { AccessRequest, AdminUser, Page } from '@praxis/contracts';
import { DomainEvents } from '../../common/domain-events.js';
import type { Viewer } from '../auth/auth.decorators.js';
import { AuditLogService } from '../audit/audit.service.js';
import { FilesService } from '../files/files.service.js';
import { AccountNotices } from '../users/account-notices.js';
import { decodeIdCursor, pageOf } from '../users/cursor.js';
import type { UserEntity } from '../users/user.entity.js';
import { toAdminUser } from '../users/user.mapper.js';
import { UsersRepository } from '../users/users.repository.js';
import { AdminPolicy } from './admin.policy.js';

const NOT_A_REVIEWER = 'Only platform admins and organisation focal points review access requests';

/** The access-request queue (A2): admins decide on everyone, focal points on their organisation. */
@Injectable()
export class AccessRequestsService {
  constructor(
    private readonly users: UsersRepository,
    private readonly files: FilesService,
    private readonly policy: AdminPolicy,
    private readonly audit: AuditLogService,
    private readonly notices: AccountNotices,
    private readonly events: DomainEvents,
  ) {}

  async list(viewer: Viewer, query: { cursor?: string; limit?: number }): Promise<Page<AccessRequest>> {
    const scope = this.policy.reviewScope(viewer);
    if (!scope) throw new ForbiddenException(NOT_A_REVIEWER);
    const limit = query.limit ?? 50;
    const rows = await this.users.findPending({
      organisation: scope.kind === 'organisation' ? scope.organisation : undefined,
      limit: limit + 1,
      afterId: decodeIdCursor(query.cursor),
    });
    const page = pageOf(rows, limit, (user) => user, (user) => [user.id]);
    return { items: await Promise.all(page.items.map((user) => this.toAccessRequest(user))), nextCursor: page.nextCursor };
  }

  private async toAccessRequest(user: UserEntity): Promise<AccessRequest> {
    const letter = user.nominationFileId ? await this.files.findById(user.nominationFileId) : null;
    return {
      id: user.id,
      email: user.email,
      emailVerified: user.emailVerifiedAt !== null,
      displayName: user.displayName,
      organisation: user.organisation,
      organisationType: user.organisationType,
      country: user.country,
      jobTitle: user.jobTitle,
      reason: user.reason,
      createdAt: user.createdAt.toISOString(),
      nominationLetter: letter ? { id: letter.id, name: letter.name, size: letter.size, url: `/api/v1/files/${letter.id}` } : null,
    };
  }

  approve(viewer: Viewer, userId: string): Promise<AdminUser> {
    return this.decide(viewer, userId, { status: 'active', reason: null });
  }

  reject(viewer: Viewer, userId: string, reason: string): Promise<AdminUser> {
    return this.decide(viewer, userId, { status: 'rejected', reason });
  }

  private async decide(viewer: Viewer, userId: string, decision: { status: 'active' | 'rejected'; reason: string | null }): Promise<AdminUser> {
    if (!this.policy.reviewScope(viewer)) throw new ForbiddenException(NOT_A_REVIEWER);
    const applicant = await this.users.findById(userId);
    if (!applicant) throw new NotFoundException('No such applicant');
    if (!this.policy.mayDecide(viewer, applicant)) {
      throw new ForbiddenException('As a focal point you decide only on applicants from your own organisation');
    }
    const decided = await this.users.transaction(async (manager) => {
      const updated = await this.users.decideAccess(
        userId,
        { status: decision.status, rejectionReason: decision.reason, decidedBy: viewer.user.id },
        manager,
      );
      if (!updated) return null;
      await this.audit.record(
        {
          actorId: viewer.user.id,
          action: decision.status === 'active' ? 'access-request.approved' : 'access-request.rejected',
          targetType: 'user',
          targetId: userId,
          reason: decision.reason,
          details: { email: updated.email, organisation: updated.organisation, asFocalPoint: !viewer.user.isAdmin },
        },
        manager,
      );
      return updated;
    });
    if (!decided) throw new ConflictException('This access request has already been decided');

    if (decision.status === 'active') {
      await this.notices.accessApproved(decided);
    } else {
      await this.notices.accessRejected(decided, decision.reason ?? '');
      this.events.publish('user.access-ended', { userId });
    }
    return toAdminUser(decided);
  }
}
