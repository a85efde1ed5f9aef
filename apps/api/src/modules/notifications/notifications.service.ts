import { BadRequestException, Injectable, Logger } from '@nestjs/common';
import {
  NOTIFICATION_CATEGORY_OF_KIND,
  type MarkNotificationsReadResponse,
  type NotificationItem,
  type NotificationsPage,
  type NotificationTarget,
  type NotificationTargetType,
} from '@praxis/contracts';
import { DomainEvents } from '../../common/domain-events.js';
import { decodeCursor, encodeCursor, invalidCursor } from '../users/cursor.js';
import { NotificationMail, type NoticeContent } from './mail/notification-mail.js';
import { NotificationPreferencesRepository, type RecipientRow } from './notification-preferences.repository.js';
import { channelFor } from './notification-preferences.service.js';
import { NotificationsRepository, type NewNotification as StoredNotification, type NotificationRow } from './notifications.repository.js';

/** A notification as features hand it over: what is stored, and how its email reads if the member gets it by email. */
export interface NewNotification extends StoredNotification {
  /** Defaults: the title as subject, the title and body as text, the link. */
  email?: Partial<Pick<NoticeContent, 'subject' | 'text' | 'attachments' | 'idempotencyKey'>>;
}

export interface NotifyOptions {
  /** Throw when the email cannot be sent, before anything is stored (a caller that retries, such as reminders). */
  strict?: boolean;
  /**
   * Store the notification only if the user has none of this kind with this `data` yet: for a sender
   * that may run again after a crash between storing and recording its claim (reminders), so the
   * repeat stores nothing twice. Repeats must be serialised by the caller (reminders: the claim row).
   */
  once?: boolean;
}

/** Answers whether a user may still read a target; each feature registers the rule of its own policy. */
export type TargetReadRule = (userId: string, targetId: string) => Promise<boolean>;

export function toNotificationItem(row: NotificationRow): NotificationItem {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    link: row.link,
    target: row.targetType && row.targetId ? { type: row.targetType, id: row.targetId } : null,
    createdAt: new Date(row.createdAt).toISOString(),
    readAt: row.readAt ? new Date(row.readAt).toISOString() : null,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SORT_KEY = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/;

/**
 * In-app notifications (O1). `notify` stores the row and then announces it, so the realtime layer
 * can push it to the user's private room; callers notify after their own transaction committed.
 *
 * Permission is never copied here: the networks feature registers the rule for `network` and
 * `thread` targets (NetworksPolicy), the events feature for `event` targets (EventsPolicy). A
 * notification is created only if its recipient may read the target, and listed and counted only
 * while they still may (someone removed from a network stops seeing its notifications; they come
 * back if the person rejoins). `membership` targets are about the recipient's own standing and
 * always stay visible to them.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);
  private readonly rules = new Map<NotificationTargetType, TargetReadRule>([['membership', async () => true]]);

  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly preferences: NotificationPreferencesRepository,
    private readonly mail: NotificationMail,
    private readonly events: DomainEvents,
  ) {}

  registerTargetRule(type: Exclude<NotificationTargetType, 'membership'>, rule: TargetReadRule): void {
    this.rules.set(type, rule);
  }

  /** A per-call memo of the policy's answers: one question per distinct target. */
  reader(userId: string) {
    const answers = new Map<string, Promise<boolean>>();
    return (target: NotificationTarget | null): Promise<boolean> => {
      if (!target) return Promise.resolve(true);
      const key = `${target.type}:${target.id}`;
      let answer = answers.get(key);
      if (!answer) {
        const rule = this.rules.get(target.type);
        // No rule means no one registered who may read it: refuse rather than show it to everyone.
        answer = rule ? rule(userId, target.id).catch(() => false) : Promise.resolve(false);
        answers.set(key, answer);
      }
      return answer;
    };
  }

  /**
   * Delivers one notification as the recipient chose for its kind (O3): stored and announced in the
   * app, and for `email` also mailed at once (in the digest's kinds it waits for the digest); `off`
   * and a target the recipient may not read deliver nothing (null).
   */
  async notify(userId: string, notification: NewNotification, options: NotifyOptions = {}): Promise<NotificationItem | null> {
    if (notification.target && !(await this.reader(userId)(notification.target))) return null;
    const recipient = await this.preferences.recipient(userId);
    if (!recipient) return null;
    const channel = channelFor(recipient, notification.kind);
    if (channel === 'off') return null;
    if (channel === 'email' && recipient.status !== 'suspended') await this.email(recipient, notification, options);
    const { email: _email, ...stored } = notification;
    const row = options.once ? await this.notifications.insertOnce(userId, stored) : await this.notifications.insert(userId, stored);
    if (!row) return null;
    const item = toNotificationItem(row);
    const unreadCount = await this.unreadCount(userId);
    this.events.publish('notification.created', { userId, notification: item, unreadCount });
    return item;
  }

  private async email(recipient: RecipientRow, notification: NewNotification, options: NotifyOptions): Promise<void> {
    const content: NoticeContent = {
      subject: notification.email?.subject ?? notification.title,
      text: notification.email?.text ?? [notification.title, notification.body].filter(Boolean).join('\n\n'),
      link: notification.link,
      attachments: notification.email?.attachments,
      idempotencyKey: notification.email?.idempotencyKey,
    };
    try {
      await this.mail.notice(recipient, NOTIFICATION_CATEGORY_OF_KIND[notification.kind], content);
    } catch (error) {
      if (options.strict) throw error;
      this.logger.error({ msg: 'could not email a notification', kind: notification.kind, userId: recipient.id, err: error });
    }
  }

  /** notify for several recipients; one failure is logged and does not stop the others. */
  async notifyEach(userIds: string[], build: (userId: string) => NewNotification): Promise<void> {
    for (const userId of userIds) {
      try {
        await this.notify(userId, build(userId));
      } catch (error) {
        this.logger.error({ msg: 'notification failed', userId, err: error });
      }
    }
  }

  async unreadCount(userId: string, canRead = this.reader(userId)): Promise<number> {
    let count = 0;
    for (const group of await this.notifications.unreadByTarget(userId)) {
      const target = group.targetType && group.targetId ? { type: group.targetType, id: group.targetId } : null;
      if (await canRead(target)) count += group.count;
    }
    return count;
  }

  /**
   * Newest first. Rows whose target the user may no longer read are skipped, so the repository is
   * read in batches until the page is full or the rows run out; the cursor is the last row shown.
   */
  async list(userId: string, query: { cursor?: string; limit?: number; unread?: boolean }): Promise<NotificationsPage> {
    const limit = query.limit ?? 20;
    const decoded = decodeCursor(query.cursor, ['string', 'string']) as [string, string] | undefined;
    if (decoded && (!SORT_KEY.test(decoded[0]) || !UUID.test(decoded[1]))) throw invalidCursor();
    const canRead = this.reader(userId);
    const shown: NotificationRow[] = [];
    let after = decoded;
    let more = false;
    const batch = Math.min(100, limit * 2 + 1);
    for (;;) {
      const rows = await this.notifications.page(userId, { after, unreadOnly: query.unread, limit: batch });
      for (const row of rows) {
        if (!(await canRead(toNotificationItem(row).target ?? null))) continue;
        if (shown.length === limit) {
          more = true;
          break;
        }
        shown.push(row);
      }
      if (more || rows.length < batch) break;
      const last = rows[rows.length - 1];
      after = [last.sortKey, last.id];
    }
    const last = shown[shown.length - 1];
    return {
      items: shown.map(toNotificationItem),
      nextCursor: more && last ? encodeCursor([last.sortKey, last.id]) : null,
      unreadCount: await this.unreadCount(userId, canRead),
    };
  }

  /** Marks some of mine (ids that are not mine, or unknown, are ignored) or all of mine read; tells my other tabs. */
  async markRead(userId: string, input: { ids?: string[]; all?: boolean }): Promise<MarkNotificationsReadResponse> {
    const all = input.all === true;
    if (all === (input.ids !== undefined)) throw new BadRequestException('Send either ids (a list of notification ids) or all: true');
    const marked = await this.notifications.markRead(userId, all ? null : [...new Set(input.ids)]);
    const unreadCount = await this.unreadCount(userId);
    if (marked.length) this.events.publish('notification.read', { userId, ids: all ? null : marked, unreadCount });
    return { marked: marked.length, unreadCount };
  }
}
