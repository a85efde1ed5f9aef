import { REPORT_ACTIONS_BY_TARGET, type QueuedReport, type ReportAction, type ReportTargetType } from '@praxis/contracts';

/** Actions that cannot be taken back from the queue: asked for confirmation first. */
export const DESTRUCTIVE_ACTIONS: ReadonlySet<ReportAction> = new Set(['delete', 'remove', 'ban']);

/** Mute lengths offered, in minutes (as in member management); the API's default is one day. */
export const MUTE_MINUTES = [60, 24 * 60, 7 * 24 * 60, 30 * 24 * 60] as const;
export const DEFAULT_MUTE_MINUTES = 24 * 60;

const PEOPLE_ACTIONS: ReadonlySet<ReportAction> = new Set(['warn', 'mute', 'remove', 'ban']);

/**
 * The actions a moderator is offered for one open report: those the API accepts for its target type
 * (REPORT_ACTIONS_BY_TARGET), less those that cannot apply as the target stands now — `mute` and
 * `remove` need a network (hub-wide reports have none), content already gone cannot be hidden or
 * deleted again, a locked thread cannot be locked, and nobody can be acted on when the author's
 * account is gone. Dismiss is always there.
 */
export function actionsFor(report: Pick<QueuedReport, 'targetType' | 'network' | 'target'>): ReportAction[] {
  const { target } = report;
  return REPORT_ACTIONS_BY_TARGET[report.targetType].filter((action) => {
    if (action === 'dismiss') return true;
    if ((action === 'mute' || action === 'remove') && !report.network) return false;
    if ((action === 'hide' || action === 'delete') && target.removed) return false;
    if (action === 'lock' && target.locked) return false;
    if (PEOPLE_ACTIONS.has(action) && !target.author) return false;
    return true;
  });
}

/** Where the reported thing is seen in the app; a post opens inside its thread at its place (`?seq=`). */
export function targetLink(target: { type: ReportTargetType; id: string; threadId?: string; seq?: number }): string | null {
  switch (target.type) {
    case 'post':
      return target.threadId ? `/threads/${target.threadId}${target.seq ? `?seq=${target.seq}` : ''}` : null;
    case 'thread':
      return `/threads/${target.id}`;
    case 'resource':
      return `/resources/${target.id}`;
    case 'event':
      return `/events/${target.id}`;
    case 'user':
      return `/members/${target.id}`;
  }
}

/**
 * The i18n key naming an action for a report. Hub-wide, `ban` suspends the account (members,
 * hub-wide resources and events), and a reported member is warned as a member, not as an author.
 */
export function actionKey(action: ReportAction, report: Pick<QueuedReport, 'targetType' | 'network'>): string {
  if (action === 'ban' && (!report.network || report.targetType === 'user')) return 'suspend';
  if (action === 'warn' && report.targetType === 'user') return 'warnMember';
  return action;
}
