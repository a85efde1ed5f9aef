import { Injectable } from '@nestjs/common';
import type { NotificationItem } from '@praxis/contracts';
import { DomainEvents } from '../../common/domain-events.js';
import { NotificationsRepository, type NewNotification, type NotificationRow } from './notifications.repository.js';

export type { NewNotification } from './notifications.repository.js';

export function toNotificationItem(row: NotificationRow): NotificationItem {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    link: row.link,
    createdAt: new Date(row.createdAt).toISOString(),
    readAt: row.readAt ? new Date(row.readAt).toISOString() : null,
  };
}

/**
 * In-app notifications (O1). `notify` stores the row and then announces it, so the realtime layer
 * can push it to the user's private room; callers notify after their own transaction committed.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly events: DomainEvents,
  ) {}

  async notify(userId: string, notification: NewNotification): Promise<NotificationItem> {
    const item = toNotificationItem(await this.notifications.insert(userId, notification));
    const unreadCount = await this.notifications.countUnread(userId);
    this.events.publish('notification.created', { userId, notification: item, unreadCount });
    return item;
  }
}
