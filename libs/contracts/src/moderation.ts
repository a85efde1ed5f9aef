/** Reports and the moderation queue (SPEC M1) as the API answers them. */
import type { UserRef } from './networks.js';

export const REPORT_TARGET_TYPES = ['post', 'thread', 'resource', 'event', 'user'] as const;
export type ReportTargetType = (typeof REPORT_TARGET_TYPES)[number];

/** `sensitive-data`: e.g. a victim's identity disclosed. */
export const REPORT_REASONS = ['spam', 'harassment', 'sensitive-data', 'off-topic', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export const REPORT_ACTIONS = ['dismiss', 'hide', 'delete', 'lock', 'warn', 'mute', 'remove', 'ban'] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];

export type ReportStatus = 'open' | 'resolved';

export interface CreateReportRequest {
  targetType: ReportTargetType;
  targetId: string;
  reason: ReportReason;
  note?: string;
}

/** What the reporter gets back: their own report (a second report of the same target updates it). */
export interface MyReport {
  id: string;
  targetType: ReportTargetType;
  targetId: string;
  reason: ReportReason;
  note: string | null;
  status: ReportStatus;
  createdAt: string;
  updatedAt: string;
}

/** The reported thing, shown in context in the queue. */
export interface ReportTarget {
  type: ReportTargetType;
  id: string;
  /** Thread or resource title, event title, member's name; a post's thread title. */
  title: string;
  /** The first words of the post, resource summary or event description (plain text). */
  excerpt: string;
  /** The author (post, thread, resource), host (event) or the member reported. */
  author: UserRef | null;
  threadId?: string;
  seq?: number;
  /** Already deleted, hidden or suspended: the state now. */
  removed: boolean;
  locked?: boolean;
}

/** One report in a moderator's queue. */
export interface QueuedReport extends MyReport {
  network: { id: string; slug: string; name: string } | null;
  target: ReportTarget;
  reporter: UserRef;
  /** Open reports of the same target, this one included. */
  openReports: number;
  action: ReportAction | null;
  resolutionNote: string | null;
  resolvedBy: UserRef | null;
  resolvedAt: string | null;
}

export interface ReportQueueQuery {
  status?: ReportStatus;
  cursor?: string;
  limit?: number;
}

export interface ResolveReportRequest {
  action: ReportAction;
  note?: string;
  /** For `mute`: how long, in minutes (default 1 day). */
  minutes?: number;
}

/** Which actions apply to which target (anything else is refused with 400). */
export const REPORT_ACTIONS_BY_TARGET: Record<ReportTargetType, readonly ReportAction[]> = {
  post: ['dismiss', 'hide', 'lock', 'warn', 'mute', 'remove', 'ban'],
  thread: ['dismiss', 'lock', 'warn', 'mute', 'remove', 'ban'],
  resource: ['dismiss', 'delete', 'warn', 'mute', 'remove', 'ban'],
  event: ['dismiss', 'warn', 'mute', 'remove', 'ban'],
  user: ['dismiss', 'warn', 'ban'],
};
