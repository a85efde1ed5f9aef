import type { MarkNotificationsReadRequest, MarkNotificationsReadResponse, NotificationsPage } from '@praxis/contracts';
import { api } from '../../../shared/api/client';

export const notificationsApi = {
  list: (query: { cursor?: string; limit?: number; unread?: boolean }, signal?: AbortSignal) =>
    api.get<NotificationsPage>('/notifications', { ...query }, signal),
  markRead: (request: MarkNotificationsReadRequest) => api.post<MarkNotificationsReadResponse>('/notifications/read', request),
};
