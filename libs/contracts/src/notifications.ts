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
  | 'access.rejected'
  | 'moderation.outcome';

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

/**
 * O3: what a member may choose for, kind by kind. Each notification kind belongs to one category;
 * the member picks a channel per category.
 */
export const NOTIFICATION_CATEGORIES = ['mentions', 'replies', 'followed', 'decisions', 'events', 'moderation'] as const;
export type NotificationCategory = (typeof NOTIFICATION_CATEGORIES)[number];

/**
 * `app`: in the app only; `email`: in the app and by email at once; `digest`: in the app and in
 * the next digest email; `off`: neither.
 */
export const NOTIFICATION_CHANNELS = ['app', 'email', 'digest', 'off'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export const DIGEST_FREQUENCIES = ['off', 'daily', 'weekly'] as const;
export type DigestFrequency = (typeof DIGEST_FREQUENCIES)[number];

/** Which category each kind belongs to; a kind not listed here is shown in the app only. */
export const NOTIFICATION_CATEGORY_OF_KIND: Readonly<Record<string, NotificationCategory>> = {
  'forum.mention': 'mentions',
  'forum.reply': 'replies',
  'forum.followed-post': 'followed',
  'network.invited': 'decisions',
  'network.request-approved': 'decisions',
  'network.request-rejected': 'decisions',
  'event.registration': 'decisions',
  'event.invited': 'decisions',
  'access.approved': 'decisions',
  'access.rejected': 'decisions',
  'focal-point.appointed': 'decisions',
  'event.reminder': 'events',
  'network.moderation': 'moderation',
  'moderation.outcome': 'moderation',
};

/**
 * The calm default: mentions, replies and decisions by email at once, followed threads in a daily
 * digest, event reminders at once (SPEC O2), moderation outcomes in the app only.
 */
export const DEFAULT_NOTIFICATION_CHANNELS: Readonly<Record<NotificationCategory, NotificationChannel>> = {
  mentions: 'email',
  replies: 'email',
  followed: 'digest',
  decisions: 'email',
  events: 'email',
  moderation: 'app',
};
export const DEFAULT_DIGEST_FREQUENCY: DigestFrequency = 'daily';

/** GET/PATCH /api/v1/me/notification-preferences. */
export interface NotificationPreferences {
  channels: Record<NotificationCategory, NotificationChannel>;
  digest: DigestFrequency;
}

export interface UpdateNotificationPreferencesRequest {
  channels?: Partial<Record<NotificationCategory, NotificationChannel>>;
  digest?: DigestFrequency;
}

/** What an unsubscribe link switches off: one category's email, or the digest. */
export type UnsubscribeTopic = NotificationCategory | 'digest';

/** GET and POST /api/v1/unsubscribe?token= (no sign-in): what the link is for, and whether it is done. */
export interface UnsubscribeResponse {
  topic: UnsubscribeTopic;
  /** The address the link was sent to, partly masked. */
  email: string;
  /** True once that email is switched off (always true after POST). */
  unsubscribed: boolean;
}
