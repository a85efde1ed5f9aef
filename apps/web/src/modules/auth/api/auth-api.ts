import type { PasswordResetConfirm, RegisterRequest, RegisterResponse } from '@praxis/contracts';
import { api } from '../../../shared/api/client';

export const authApi = {
  register: (body: RegisterRequest | FormData) => api.post<RegisterResponse>('/auth/register', body, { auth: false }),
  verifyEmail: (token: string) => api.post<{ verified: boolean }>('/auth/verify-email', { token }, { auth: false }),
  requestPasswordReset: (email: string) => api.post<{ accepted: boolean }>('/auth/password-reset', { email }, { auth: false }),
  confirmPasswordReset: (body: PasswordResetConfirm) => api.post<{ reset: boolean }>('/auth/password-reset/confirm', body, { auth: false }),
};
