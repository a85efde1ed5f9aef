import type { RefreshResponse } from '@praxis/contracts';
import { ApiRequestError, errorFromResponse, networkError } from './errors';
import { browserCoordinator, type RefreshCoordinator } from './refresh-coordinator';

export const API_PREFIX = '/api/v1';

type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  /** A JSON body, or FormData for multipart uploads. */
  body?: unknown;
  signal?: AbortSignal;
  /** false for the public auth routes, which must never trigger a refresh. */
  auth?: boolean;
}

export interface ApiClientOptions {
  fetch?: typeof fetch;
  coordinator?: RefreshCoordinator;
}

/**
 * The one HTTP client. The access token lives only in this object's memory (never in storage,
 * where an injected script could read it); the refresh token is an httpOnly cookie the browser
 * sends to /api/v1/auth on its own. A 401 triggers one silent refresh and one retry; concurrent
 * 401s share that single refresh.
 */
export class ApiClient {
  private accessToken: string | null = null;
  /** Bumped on every token change, so a caller can tell whether its 401 came from an older token. */
  private tokenVersion = 0;
  private refreshing: Promise<string | null> | null = null;
  private readonly sessionEndedListeners = new Set<() => void>();
  private readonly tokenListeners = new Set<(token: string | null) => void>();
  private readonly fetchImpl: typeof fetch;
  private readonly coordinator: RefreshCoordinator;

  constructor(options: ApiClientOptions = {}) {
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.coordinator = options.coordinator ?? browserCoordinator();
    this.coordinator.subscribe((message) => {
      if (message.type === 'token') this.setToken(message.token);
      else this.endSession(false);
    });
  }

  getAccessToken(): string | null {
    return this.accessToken;
  }

  /** Stores a token from sign-in and shares it with the other tabs. */
  acceptToken(token: string): void {
    this.setToken(token);
    this.coordinator.broadcast({ type: 'token', token });
  }

  /** Forgets the token here and in every tab, and tells listeners the session is over. */
  endSession(broadcast = true): void {
    this.setToken(null);
    if (broadcast) this.coordinator.broadcast({ type: 'signed-out' });
    for (const listener of this.sessionEndedListeners) listener();
  }

  onSessionEnded(listener: () => void): () => void {
    this.sessionEndedListeners.add(listener);
    return () => this.sessionEndedListeners.delete(listener);
  }

  onTokenChange(listener: (token: string | null) => void): () => void {
    this.tokenListeners.add(listener);
    return () => this.tokenListeners.delete(listener);
  }

  private setToken(token: string | null) {
    if (token === this.accessToken) return;
    this.accessToken = token;
    this.tokenVersion += 1;
    for (const listener of this.tokenListeners) listener(token);
  }

  /**
   * Gets a new access token from the refresh cookie, or null when there is no valid session.
   * Single-flight: every caller while one refresh runs gets that refresh's result. `staleVersion`
   * is the token version a caller saw rejected: if the token changed since (another request or
   * tab refreshed first), that newer token is used and no refresh is sent.
   */
  refresh(staleVersion?: number): Promise<string | null> {
    if (staleVersion !== undefined && staleVersion !== this.tokenVersion && this.accessToken) {
      return Promise.resolve(this.accessToken);
    }
    if (!this.refreshing) {
      const versionAtStart = this.tokenVersion;
      this.refreshing = this.coordinator
        .exclusive(async () => {
          // Another tab may have refreshed while we waited for the lock and broadcast its token.
          if (this.tokenVersion !== versionAtStart && this.accessToken) return this.accessToken;
          let response: Response;
          try {
            response = await this.fetchImpl(`${API_PREFIX}/auth/refresh`, {
              method: 'POST',
              credentials: 'same-origin',
              headers: { Accept: 'application/json' },
            });
          } catch {
            // Offline: keep what we have; the next request will try again.
            return this.accessToken;
          }
          if (!response.ok) {
            // A token accepted while this refresh was in flight (a sign-in, a password change that
            // ended the old session) is newer than the cookie this refresh sent: keep it.
            if (this.tokenVersion !== versionAtStart && this.accessToken) return this.accessToken;
            this.setToken(null);
            return null;
          }
          const { accessToken } = (await response.json()) as RefreshResponse;
          this.acceptToken(accessToken);
          return accessToken;
        })
        .finally(() => {
          this.refreshing = null;
        });
    }
    return this.refreshing;
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const auth = options.auth ?? true;
    const send = async () => {
      const version = this.tokenVersion;
      const headers: Record<string, string> = { Accept: 'application/json' };
      let body: BodyInit | undefined;
      if (options.body instanceof FormData) body = options.body;
      else if (options.body !== undefined) {
        headers['Content-Type'] = 'application/json';
        body = JSON.stringify(options.body);
      }
      if (auth && this.accessToken) headers.Authorization = `Bearer ${this.accessToken}`;
      try {
        const response = await this.fetchImpl(buildUrl(path, options.query), {
          method,
          headers,
          body,
          credentials: 'same-origin',
          signal: options.signal,
        });
        return { response, version };
      } catch (error) {
        if ((error as Error)?.name === 'AbortError') throw error;
        throw networkError(error);
      }
    };

    const first = await send();
    let response = first.response;
    if (response.status === 401 && auth) {
      const token = await this.refresh(first.version);
      if (!token) {
        this.endSession();
        throw await errorFromResponse(response);
      }
      ({ response } = await send());
      if (response.status === 401) this.endSession();
    }
    if (!response.ok) throw await errorFromResponse(response);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Fetches a protected binary (avatar, nomination letter) with the bearer token, as a Blob. */
  async blob(path: string): Promise<Blob> {
    const url = path.startsWith('/') ? path : `${API_PREFIX}/${path}`;
    const attempt = () =>
      this.fetchImpl(url, {
        credentials: 'same-origin',
        headers: this.accessToken ? { Authorization: `Bearer ${this.accessToken}` } : {},
      });
    const version = this.tokenVersion;
    let response = await attempt().catch((error: unknown) => {
      throw networkError(error);
    });
    if (response.status === 401 && (await this.refresh(version))) response = await attempt();
    if (!response.ok) throw await errorFromResponse(response);
    return response.blob();
  }

  get<T>(path: string, query?: RequestOptions['query'], signal?: AbortSignal) {
    return this.request<T>('GET', path, { query, signal });
  }
  post<T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}) {
    return this.request<T>('POST', path, { ...options, body });
  }
  patch<T>(path: string, body?: unknown) {
    return this.request<T>('PATCH', path, { body });
  }
  put<T>(path: string, body?: unknown) {
    return this.request<T>('PUT', path, { body });
  }
  delete<T>(path: string) {
    return this.request<T>('DELETE', path);
  }
}

function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const base = path.startsWith('/api/') ? path : `${API_PREFIX}${path.startsWith('/') ? '' : '/'}${path}`;
  if (!query) return base;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${base}?${qs}` : base;
}

export { ApiRequestError };

/** The app's one client instance. */
export const api = new ApiClient();
