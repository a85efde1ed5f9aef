import type {
  MarkNotificationsReadRequest,
  MarkNotificationsReadResponse,
  NotificationPreferences,
  NotificationsPage,
  UnsubscribeResponse,
  UpdateNotificationPreferencesRequest,
} from '@praxis/contracts';
import { api } from '../../../shared/api/client';

export const notificationsApi = {
  list: (query: { cursor?: string; limit?: number; unread?: boolean }, signal?: AbortSignal) =>
    api.get<NotificationsPage>('/notifications', { ...query }, signal),
  markRead: (request: MarkNotificationsReadRequest) => api.post<MarkNotificationsReadResponse>('/notifications/read', request),
  preferences: () => api.get<NotificationPreferences>('/me/notification-preferences'),
  updatePreferences: (request: UpdateNotificationPreferencesRequest) => api.patch<NotificationPreferences>('/me/notification-preferences', request),
  /** The unsubscribe link's own token stands in for signing in. */
  describeUnsubscribe: (token: string) => api.get<UnsubscribeResponse>('/unsubscribe', { token }),
  unsubscribe: (token: string) => api.post<UnsubscribeResponse>('/unsubscribe', undefined, { query: { token } }),
};
