import type { Page } from './common.js';
import type { NotificationItem } from './realtime.js';

/**
 * In-app notifications (SPEC O1). Each one is about a target; listing and the unread count show a
 * notification only while its recipient may still read that target (asked of the feature's
 * policy each time). `membership` targets (invitations, decisions on one's join requests,
 * moderation outcomes) concern the recipient's own standing and stay visible to them.
 */
export type NotificationTargetType = 'network' | 'thread' | 'event' | 'membership';

export interface NotificationTarget {
  type: NotificationTargetType;
  id: string;
}

/** The kinds the API creates today; clients should show unknown kinds by their title. */
export type NotificationKind =
  | 'forum.mention'
  | 'forum.reply'
  | 'forum.followed-post'
  | 'network.invited'
  | 'network.request-approved'
  | 'network.request-rejected'
  | 'network.moderation'
  | 'event.registration'
  | 'event.invited'
  | 'event.reminder'
  | 'access.approved'
  | 'access.rejected';

/** GET /api/v1/notifications: newest first, keyset paginated, with the unread count of what the caller may read. */
export interface NotificationsPage extends Page<NotificationItem> {
  unreadCount: number;
}

/** POST /api/v1/notifications/read: either some ids of mine or all of mine. Ids that are not mine are ignored. */
export type MarkNotificationsReadRequest = { ids: string[]; all?: never } | { all: true; ids?: never };

export interface MarkNotificationsReadResponse {
  /** How many of my unread notifications this call marked read. */
  marked: number;
  unreadCount: number;
}

/** Socket `notification.read`, to the reader's private room: other tabs update their badge. */
export interface NotificationsReadEvent {
  room: string;
  /** The ids marked read, or null when all were. */
  ids: string[] | null;
  unreadCount: number;
}
