import type { InfiniteData } from '@tanstack/react-query';
import type { NotificationItem, NotificationsPage } from '@praxis/contracts';

export type NotificationsData = InfiniteData<NotificationsPage, unknown>;

/** The badge count: the newest page knows it (every page carries the count of when it was read). */
export function unreadCountOf(data: NotificationsData | undefined): number {
  return data?.pages[0]?.unreadCount ?? 0;
}

function withCount(data: NotificationsData, unreadCount: number, mapItems: (items: NotificationItem[], index: number) => NotificationItem[]): NotificationsData {
  return { ...data, pages: data.pages.map((page, index) => ({ ...page, unreadCount, items: mapItems(page.items, index) })) };
}

/** A `notification.created` from the socket: on top of the list once (a catch-up may bring it too). */
export function addCreated(data: NotificationsData | undefined, item: NotificationItem, unreadCount?: number): NotificationsData | undefined {
  if (!data || data.pages.length === 0) return data;
  if (data.pages.some((page) => page.items.some((existing) => existing.id === item.id))) {
    return unreadCount === undefined ? data : withCount(data, unreadCount, (items) => items);
  }
  const count = unreadCount ?? unreadCountOf(data) + (item.readAt ? 0 : 1);
  return withCount(data, count, (items, index) => (index === 0 ? [item, ...items] : items));
}

/** A `notification.read` (from this tab or another device): those ids, or all when null, are read. */
export function applyRead(data: NotificationsData | undefined, ids: string[] | null, unreadCount: number, at = new Date().toISOString()): NotificationsData | undefined {
  if (!data) return data;
  const marked = ids ? new Set(ids) : null;
  return withCount(data, unreadCount, (items) =>
    items.map((item) => (!item.readAt && (marked === null || marked.has(item.id)) ? { ...item, readAt: at } : item)),
  );
}
