import { BadRequestException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import {
  REPORT_ACTIONS_BY_TARGET, type MyReport, type Page, type QueuedReport, type ReportAction, type ReportTarget, type UserRef,
} from '@praxis/contracts';
import { plainExcerpt } from '../../common/markdown.js';
import { AdminUsersService } from '../admin/admin-users.service.js';
import { AuditLogService } from '../audit/audit.service.js';
import type { Viewer } from '../auth/auth.decorators.js';
import { ForumService } from '../forum/forum.service.js';
import { ResourcesService } from '../library/resources.service.js';
import { NetworksService } from '../networks/networks.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { avatarUrl } from '../users/user.mapper.js';
import { decodeIdCursor, pageOf } from '../users/cursor.js';
import type { CreateReportDto, ReportQueueQueryDto, ResolveReportDto } from './reports.dto.js';
import { ModerationPolicy } from './moderation.policy.js';
import { ReportsRepository, type PersonRow, type ReportRow, type TargetRow } from './reports.repository.js';

const DEFAULT_MUTE_MINUTES = 24 * 60;

const ref = (p: PersonRow | undefined): UserRef | null =>
  p ? { id: p.id, handle: p.handle, displayName: p.displayName, organisation: p.organisation, avatarUrl: avatarUrl(p) } : null;

function mine(row: ReportRow): MyReport {
  return {
    id: row.id, targetType: row.targetType, targetId: row.targetId, reason: row.reason, note: row.note, status: row.status,
    createdAt: new Date(row.createdAt).toISOString(), updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

/** What the outcome was, in words for the people told (never who reported). */
const OUTCOMES: Record<ReportAction, string> = {
  dismiss: 'no action was needed',
  hide: 'the post was hidden',
  delete: 'it was removed from the library',
  lock: 'the thread was locked',
  warn: 'the author was warned',
  mute: 'the author was muted',
  remove: 'the author was removed from the network',
  ban: 'the author was banned',
};

/**
 * Reports and the moderation queue (M1). A report is about one target; every open report of that
 * target is resolved together by one action, which is carried out by the feature that owns the
 * target (forum, library, networks, admin), so its live effects, audit lines and notices are the
 * ones those features already give. The resolution itself is audit-logged here.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly policy: ModerationPolicy,
    private readonly forum: ForumService,
    private readonly resources: ResourcesService,
    private readonly networks: NetworksService,
    private readonly admin: AdminUsersService,
    private readonly audit: AuditLogService,
    private readonly notifications: NotificationsService,
  ) {}

  async create(viewer: Viewer, dto: CreateReportDto): Promise<MyReport> {
    const target = await this.reports.target(dto.targetType, dto.targetId);
    // The same answer whether the target does not exist or may not be read: nothing is confirmed.
    if (!target || !(await this.policy.mayReport(viewer, target))) throw new NotFoundException('Nothing to report there');
    // Hub-wide events and resources, and members, go to the admins' queue.
    const id = await this.reports.upsert({
      targetType: dto.targetType, targetId: dto.targetId, networkId: dto.targetType === 'user' ? null : target.networkId,
      reporterId: viewer.user.id, reason: dto.reason, note: dto.note?.trim() || null,
    });
    return mine((await this.reports.find(id))!);
  }

  /** A queue: one network's (its moderators, admins) or, with networkId null, the hub-wide one (admins). */
  async queue(viewer: Viewer, networkId: string | null, query: ReportQueueQueryDto): Promise<Page<QueuedReport>> {
    if (!(await this.policy.mayHandle(viewer, networkId))) {
      if (networkId === null) throw new ForbiddenException('Only admins read the hub-wide reports');
      throw new NotFoundException('No such network');
    }
    const limit = query.limit ?? 25;
    const afterId = decodeIdCursor(query.cursor);
    const after = afterId ? await this.reports.find(afterId) : null;
    const rows = await this.reports.queue(networkId, query.status, after && after.networkId === networkId ? after : null, limit + 1);
    const views = await this.views(rows.slice(0, limit + 1));
    return pageOf(views, limit, (v) => v, (v) => [v.id]);
  }

  private async views(rows: ReportRow[]): Promise<QueuedReport[]> {
    const targets = await Promise.all(rows.map((r) => this.reports.target(r.targetType, r.targetId)));
    const people = await this.reports.people([
      ...rows.flatMap((r) => [r.reporterId, r.resolvedBy ?? '']).filter(Boolean),
      ...targets.flatMap((t) => (t?.authorId ? [t.authorId] : [])),
    ]);
    return rows.map((row, i) => {
      const target = targets[i];
      const shown: ReportTarget = target
        ? {
            type: target.type, id: target.id, title: target.title, excerpt: plainExcerpt(target.excerpt, 240), author: ref(people.get(target.authorId ?? '')),
            ...(target.threadId ? { threadId: target.threadId } : {}), ...(target.seq !== null ? { seq: Number(target.seq) } : {}),
            removed: target.removed, ...(target.locked !== null ? { locked: target.locked } : {}),
          }
        : { type: row.targetType, id: row.targetId, title: '', excerpt: '', author: null, removed: true };
      return {
        ...mine(row),
        network: row.networkId && row.networkSlug && row.networkName ? { id: row.networkId, slug: row.networkSlug, name: row.networkName } : null,
        target: shown,
        reporter: ref(people.get(row.reporterId))!,
        openReports: row.openReports,
        action: row.action,
        resolutionNote: row.resolutionNote,
        resolvedBy: ref(people.get(row.resolvedBy ?? '')),
        resolvedAt: row.resolvedAt ? new Date(row.resolvedAt).toISOString() : null,
      };
    });
  }

  async resolve(viewer: Viewer, id: string, dto: ResolveReportDto): Promise<QueuedReport> {
    const report = await this.reports.find(id);
    // A moderator of another network gets the same 404 as for a report that does not exist.
    if (!report || !(await this.policy.mayHandle(viewer, report.networkId))) throw new NotFoundException('No such report');
    if (!REPORT_ACTIONS_BY_TARGET[report.targetType].includes(dto.action)) {
      throw new BadRequestException({
        message: `Invalid input: ${dto.action} does not apply to a ${report.targetType}`,
        details: [{ field: 'action', messages: [`action must be one of ${REPORT_ACTIONS_BY_TARGET[report.targetType].join(', ')}`] }],
      });
    }
    const target = await this.reports.target(report.targetType, report.targetId);
    if (dto.action !== 'dismiss') {
      if (!target) throw new BadRequestException('The reported content no longer exists; dismiss the report');
      if (!this.policy.mayActAgainst(viewer, target)) throw new ForbiddenException('Only admins act on an admin’s content or account');
      await this.carryOut(viewer, report, target, dto);
    }
    const note = dto.note?.trim() || null;
    const reporters = await this.reports.transaction(async (manager) => {
      const told = await this.reports.resolveTarget(report.targetType, report.targetId, dto.action, note, viewer.user.id, manager);
      await this.audit.record(
        { actorId: viewer.user.id, action: `report.${dto.action === 'dismiss' ? 'dismissed' : 'resolved'}`, targetType: report.targetType, targetId: report.targetId, networkId: report.networkId, reason: note, details: { reportId: id, action: dto.action, reports: told.length } },
        manager,
      );
      return told;
    });
    await this.tellOutcome(report, target, dto.action, reporters);
    return (await this.views([(await this.reports.find(id))!]))[0];
  }

  /** The action, done by the feature that owns the target: the same live effects, audit lines and notices as its own routes. */
  private async carryOut(viewer: Viewer, report: ReportRow, target: TargetRow, dto: ResolveReportDto): Promise<void> {
    const reason = dto.note?.trim() || undefined;
    switch (dto.action) {
      case 'hide':
        await this.forum.deletePost(viewer, target.id);
        return;
      case 'delete':
        await this.resources.remove(viewer, target.id);
        return;
      case 'lock':
        await this.forum.updateThread(viewer, target.threadId!, { locked: true });
        return;
      case 'warn':
      case 'mute':
      case 'remove':
      case 'ban': {
        if (!target.authorId) throw new BadRequestException('Nobody to act on: the author’s account is gone');
        if (target.networkId && report.targetType !== 'user') {
          await this.networks.moderate(viewer, target.networkId, target.authorId, dto.action, { reason, minutes: dto.action === 'mute' ? dto.minutes ?? DEFAULT_MUTE_MINUTES : undefined });
          return;
        }
        // Hub-wide (a member, a hub-wide resource or event): admins warn or suspend the account.
        if (dto.action === 'ban') await this.admin.suspend(viewer, target.authorId, reason ?? null);
        else if (dto.action === 'warn') {
          await this.audit.record({ actorId: viewer.user.id, action: 'user.warned', targetType: 'user', targetId: target.authorId, reason: reason ?? null });
          await this.notify(target.authorId, 'An administrator warned you', reason ?? null);
        } else throw new BadRequestException(`${dto.action} applies to network members; this report is hub-wide`);
        return;
      }
      case 'dismiss':
        return;
    }
  }

  /** Reporters hear that their report was handled and how; the reported member hears of an action taken (not who reported). */
  private async tellOutcome(report: ReportRow, target: TargetRow | null, action: ReportAction, reporters: string[]): Promise<void> {
    const what = target?.title ? `“${target.title.slice(0, 80)}”` : `a ${report.targetType}`;
    for (const reporter of reporters) await this.notify(reporter, `Your report about ${what} was reviewed: ${OUTCOMES[action]}`, null);
    // warn, mute, remove and ban tell the member themselves (networks, admin); hide, delete and lock are told here.
    if (target?.authorId && ['hide', 'delete', 'lock'].includes(action) && !reporters.includes(target.authorId)) {
      await this.notify(target.authorId, `A moderator acted on your ${report.targetType} ${what}: ${OUTCOMES[action]}`, null);
    }
  }

  private async notify(userId: string, title: string, body: string | null): Promise<void> {
    // A notice that fails must not undo or fail the committed decision.
    await this.notifications.notify(userId, { kind: 'moderation.outcome', title, body, target: null }).catch(() => undefined);
  }
}
