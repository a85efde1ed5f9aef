import type { ChangePasswordRequest, CurrentUser, LoginResponse, Page, SessionInfo, UpdateProfileRequest } from '@praxis/contracts';
import { api } from '../../../shared/api/client';

export const profileApi = {
  update: (body: UpdateProfileRequest) => api.patch<CurrentUser>('/me', body),
  uploadAvatar: (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api.put<unknown>('/me/avatar', form);
  },
  sessions: () => api.get<Page<SessionInfo>>('/auth/sessions'),
  revokeSession: (id: string) => api.delete<void>(`/auth/sessions/${encodeURIComponent(id)}`),
  /** Every session ends; the answer is this device's new session. */
  changePassword: (body: ChangePasswordRequest) => api.post<LoginResponse>('/auth/password', body),
  logoutEverywhere: () => api.post<void>('/auth/logout-all'),
};
