import { useEffect } from 'react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { MarkNotificationsReadRequest } from '@praxis/contracts';
import { realtime } from '../../../realtime/socket';
import { notificationsApi } from '../api/notifications-api';
import { addCreated, applyRead, unreadCountOf, type NotificationsData } from './notifications-cache';

export const NOTIFICATIONS_KEY = ['notifications'] as const;
const PAGE_SIZE = 20;

/** My notifications, newest first, shared by the header bell and the notifications page. */
export function useNotifications(enabled = true) {
  const query = useInfiniteQuery({
    queryKey: NOTIFICATIONS_KEY,
    queryFn: ({ pageParam, signal }) => notificationsApi.list({ cursor: pageParam, limit: PAGE_SIZE }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
  return { ...query, items: query.data?.pages.flatMap((page) => page.items) ?? [], unreadCount: unreadCountOf(query.data) };
}

export function useMarkNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: MarkNotificationsReadRequest) => notificationsApi.markRead(request),
    onSuccess: (result, request) =>
      queryClient.setQueryData<NotificationsData>(NOTIFICATIONS_KEY, (data) => applyRead(data, request.ids ?? null, result.unreadCount)),
  });
}

/**
 * Keeps the list live (SPEC O1): new notifications and reads from other tabs arrive on the private
 * `user:<id>` room every socket is in; after a reconnection the list is fetched again, since
 * notifications carry no room sequence to catch up from. Mounted once, in the layout.
 */
export function useNotificationsLive(onCreated?: (title: string) => void) {
  const queryClient = useQueryClient();
  useEffect(() => {
    const stops = [
      realtime.on('notification.created', ({ notification, unreadCount }) => {
        queryClient.setQueryData<NotificationsData>(NOTIFICATIONS_KEY, (data) => addCreated(data, notification, unreadCount));
        onCreated?.(notification.title);
      }),
      realtime.on('notification.read', ({ ids, unreadCount }) =>
        queryClient.setQueryData<NotificationsData>(NOTIFICATIONS_KEY, (data) => applyRead(data, ids, unreadCount)),
      ),
      realtime.onConnected(({ reconnect }) => {
        if (reconnect) void queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY });
      }),
    ];
    return () => stops.forEach((stop) => stop());
  }, [queryClient, onCreated]);
}
