import { ForbiddenException, Injectable } from '@nestjs/common';
import type { AuditEntry, Page } from '@praxis/contracts';
import type { Viewer } from '../auth/auth.decorators.js';
import { avatarUrl } from '../users/user.mapper.js';
import { decodeCursor, invalidCursor, pageOf } from '../users/cursor.js';
import { AuditPolicy } from './audit.policy.js';
import { AuditRepository, type AuditRecord, type AuditRow, type AuditTransaction } from './audit.repository.js';

export type { AuditRecord } from './audit.repository.js';

export interface AuditLogQueryInput {
  networkId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  cursor?: string;
  limit?: number;
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    actor:
      row.actorId && row.actorHandle
        ? {
            id: row.actorId,
            handle: row.actorHandle,
            displayName: row.actorDisplayName ?? '',
            organisation: row.actorOrganisation ?? '',
            avatarUrl: avatarUrl({ id: row.actorId, avatarFileId: row.actorAvatarFileId }),
          }
        : null,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    networkId: row.networkId,
    reason: row.reason,
    details: row.details ?? {},
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

/**
 * The audit log of admin and moderation actions (A8, M1). Callers write the line inside the same
 * transaction as the action it records, so there is never an action without its line or a line
 * for an action that was rolled back.
 */
@Injectable()
export class AuditLogService {
  constructor(
    private readonly lines: AuditRepository,
    private readonly policy: AuditPolicy,
  ) {}

  record(record: AuditRecord, transaction?: AuditTransaction): Promise<void> {
    return this.lines.insert(record, transaction);
  }

  async list(viewer: Viewer, query: AuditLogQueryInput): Promise<Page<AuditEntry>> {
    if (!(await this.policy.mayRead(viewer, { networkId: query.networkId }))) {
      throw new ForbiddenException(
        query.networkId ? 'Only admins and the moderators of this network may read its audit log' : 'Only platform admins may read the whole audit log',
      );
    }
    const limit = query.limit ?? 50;
    const [beforeId] = decodeCursor(query.cursor, ['string']) ?? [];
    if (beforeId !== undefined && !/^\d{1,18}$/.test(String(beforeId))) throw invalidCursor();
    const rows = await this.lines.list({
      networkId: query.networkId,
      action: query.action,
      targetType: query.targetType,
      targetId: query.targetId,
      beforeId: beforeId as string | undefined,
      limit: limit + 1,
    });
    return pageOf(rows, limit, toEntry, (row) => [row.id]);
  }
}
