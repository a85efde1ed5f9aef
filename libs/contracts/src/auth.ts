import type { CurrentUser, OrganisationType, UserStatus } from './users.js';

export interface RegisterRequest {
  email: string;
  password: string;
  displayName: string;
  organisation: string;
  organisationType: OrganisationType;
  country: string;
  jobTitle: string;
  reason: string;
}

export interface RegisterResponse {
  user: { id: string; status: UserStatus };
}

export interface LoginRequest {
  email: string;
  password: string;
}

export interface LoginResponse {
  accessToken: string;
  user: CurrentUser;
}

export interface RefreshResponse {
  accessToken: string;
}

export interface VerifyEmailRequest {
  token: string;
}

export interface PasswordResetRequest {
  email: string;
}

export interface PasswordResetConfirm {
  token: string;
  password: string;
}

/** POST /api/v1/auth/password: answers a LoginResponse for a new session; every other session ends. */
export interface ChangePasswordRequest {
  currentPassword: string;
  password: string;
}

/** One signed-in device (a refresh-token family), as the sessions page lists it. */
export interface SessionInfo {
  id: string;
  userAgent: string | null;
  ip: string | null;
  createdAt: string;
  lastUsedAt: string;
  current: boolean;
}

/** The name of the httpOnly cookie that carries the refresh token. */
export const REFRESH_COOKIE = 'praxis_refresh';
