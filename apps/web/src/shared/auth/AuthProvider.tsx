import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { CurrentUser, LoginResponse } from '@praxis/contracts';
import { api } from '../api/client';
import { setInterfaceLanguage, isInterfaceLanguage } from '../i18n';
import { realtime } from '../../realtime/socket';

export type AuthStatus = 'loading' | 'signed-out' | 'signed-in';

export interface AuthContextValue {
  status: AuthStatus;
  user: CurrentUser | null;
  signIn(email: string, password: string): Promise<CurrentUser>;
  signOut(): Promise<void>;
  /** Replaces the cached user after a profile change, or reloads it from GET /me. */
  setUser(user: CurrentUser): void;
  reloadUser(): Promise<CurrentUser | null>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

/**
 * A non-secret hint that this browser may hold a refresh cookie (which scripts cannot see), so a
 * visitor's first page load does not send a refresh that can only fail. It holds no token.
 */
const SESSION_HINT = 'praxis.hasSession';
function readSessionHint(): boolean {
  try {
    return localStorage.getItem(SESSION_HINT) === '1';
  } catch {
    return true; // storage disabled: just try the refresh
  }
}
function writeSessionHint(present: boolean) {
  try {
    if (present) localStorage.setItem(SESSION_HINT, '1');
    else localStorage.removeItem(SESSION_HINT);
  } catch {
    // Only an optimisation.
  }
}

/**
 * Holds who is signed in. On start-up it tries a silent refresh from the httpOnly cookie, so a
 * reload keeps the session without the access token ever touching storage.
 */
export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<AuthStatus>('loading');
  const [user, setUserState] = useState<CurrentUser | null>(null);

  const setUser = useCallback((next: CurrentUser) => {
    setUserState(next);
    setStatus('signed-in');
    if (isInterfaceLanguage(next.locale)) setInterfaceLanguage(next.locale);
  }, []);

  const reloadUser = useCallback(async () => {
    try {
      const me = await api.get<CurrentUser>('/me');
      setUser(me);
      return me;
    } catch {
      return null;
    }
  }, [setUser]);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      if (!readSessionHint()) {
        setStatus('signed-out');
        return;
      }
      const token = await api.refresh();
      if (cancelled) return;
      if (!token) {
        setStatus('signed-out');
        return;
      }
      const me = await reloadUser();
      if (!cancelled && !me) setStatus('signed-out');
    })();
    return () => {
      cancelled = true;
    };
  }, [reloadUser]);

  // A session can end elsewhere: a failed refresh, a sign-out in another tab, a suspension.
  useEffect(
    () =>
      api.onSessionEnded(() => {
        setUserState(null);
        setStatus('signed-out');
        queryClient.clear();
      }),
    [queryClient],
  );

  useEffect(() => api.onTokenChange((token) => writeSessionHint(Boolean(token))), []);

  // Another tab signed in: pick up its session.
  useEffect(
    () =>
      api.onTokenChange((token) => {
        if (token && status === 'signed-out') void reloadUser();
      }),
    [reloadUser, status],
  );

  // The live connection is for members only, and only while signed in.
  useEffect(() => {
    if (status === 'signed-in' && user?.status === 'active') realtime.connect();
    else realtime.disconnect();
  }, [status, user?.status]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const result = await api.post<LoginResponse>('/auth/login', { email, password }, { auth: false });
      api.acceptToken(result.accessToken);
      queryClient.clear();
      setUser(result.user);
      return result.user;
    },
    [queryClient, setUser],
  );

  const signOut = useCallback(async () => {
    try {
      await api.post('/auth/logout', undefined, { auth: true });
    } catch {
      // The server may already have ended the session; sign out here regardless.
    }
    api.endSession();
  }, []);

  const value = useMemo<AuthContextValue>(
    () => ({ status, user, signIn, signOut, setUser, reloadUser }),
    [status, user, signIn, signOut, setUser, reloadUser],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}

/** The signed-in user, for pages behind a guard that guarantees one. */
export function useCurrentUser(): CurrentUser {
  const { user } = useAuth();
  if (!user) throw new Error('useCurrentUser needs a signed-in user (wrap the route in a guard)');
  return user;
}
