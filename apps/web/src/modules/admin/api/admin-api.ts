import type { AccessRequest, AdminDashboard, AdminUser, DashboardTable, HubSettings, Page, UpdateHubSettingsRequest, UserStatus } from '@praxis/contracts';
import { API_PREFIX, api } from '../../../shared/api/client';

export const adminApi = {
  accessRequests: (cursor?: string | null) => api.get<Page<AccessRequest>>('/admin/access-requests', { cursor }),
  approve: (userId: string) => api.post<unknown>(`/admin/access-requests/${encodeURIComponent(userId)}/approve`),
  reject: (userId: string, reason: string) => api.post<unknown>(`/admin/access-requests/${encodeURIComponent(userId)}/reject`, { reason }),
  users: (q: string, status: UserStatus | null, cursor?: string | null) => api.get<Page<AdminUser>>('/admin/users', { q, status, cursor }),
  suspend: (userId: string, reason?: string) =>
    api.post<unknown>(`/admin/users/${encodeURIComponent(userId)}/suspend`, reason ? { reason } : {}),
  reinstate: (userId: string) => api.post<unknown>(`/admin/users/${encodeURIComponent(userId)}/reinstate`),
  grantAdmin: (userId: string) => api.post<unknown>(`/admin/users/${encodeURIComponent(userId)}/admin`),
  withdrawAdmin: (userId: string) => api.delete<unknown>(`/admin/users/${encodeURIComponent(userId)}/admin`),
  dashboard: () => api.get<AdminDashboard>('/admin/dashboard'),
  dashboardCsvUrl: (table: DashboardTable) => `${API_PREFIX}/admin/dashboard/${table}.csv`,
  settings: () => api.get<HubSettings>('/admin/settings'),
  updateSettings: (changes: UpdateHubSettingsRequest) => api.patch<HubSettings>('/admin/settings', changes),
};

/** Downloads a protected file with the bearer token and hands it to the browser as a download. */
export async function downloadFile(url: string, name: string) {
  const blob = await api.blob(url);
  const objectUrl = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = objectUrl;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(objectUrl), 60_000);
}
