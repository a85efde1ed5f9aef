import { describe, expect, it, vi } from 'vitest';
import { ApiClient } from './client';
import { ApiRequestError } from './errors';
import { localCoordinator, type RefreshCoordinator, type TabMessage } from './refresh-coordinator';

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/**
 * A fake server: /auth/refresh hands out token-N; other routes answer 200 only to the newest
 * token, 401 otherwise. Refresh calls are counted and their overlap measured.
 */
function fakeServer({ refreshOk = true, refreshDelay = 20 } = {}) {
  let issued = 0;
  let inFlight = 0;
  const stats = { refreshes: 0, maxConcurrentRefreshes: 0, requests: [] as { url: string; auth: string | null }[] };
  const fetchImpl = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const headers = new Headers(init?.headers);
    if (url.endsWith('/auth/refresh')) {
      stats.refreshes += 1;
      inFlight += 1;
      stats.maxConcurrentRefreshes = Math.max(stats.maxConcurrentRefreshes, inFlight);
      await new Promise((resolve) => setTimeout(resolve, refreshDelay));
      inFlight -= 1;
      if (!refreshOk) return json(401, { statusCode: 401, error: 'Unauthorized', message: 'This session has ended; sign in again' });
      issued += 1;
      return json(200, { accessToken: `token-${issued}` });
    }
    stats.requests.push({ url, auth: headers.get('Authorization') });
    if (headers.get('Authorization') === `Bearer token-${issued}` && issued > 0) return json(200, { ok: true, url });
    return json(401, { statusCode: 401, error: 'Unauthorized', message: 'Sign in first' });
  });
  return { fetchImpl, stats };
}

describe('ApiClient refresh', () => {
  it('shares one refresh between concurrent 401s and retries each request once with the new token', async () => {
    const server = fakeServer();
    const client = new ApiClient({ fetch: server.fetchImpl as typeof fetch, coordinator: localCoordinator() });
    const results = await Promise.all([client.get('/a'), client.get('/b'), client.get('/c'), client.get('/d')]);
    expect(results).toHaveLength(4);
    expect(server.stats.refreshes).toBe(1);
    expect(server.stats.maxConcurrentRefreshes).toBe(1);
    expect(client.getAccessToken()).toBe('token-1');
    // Each request was sent twice: without a valid token, then with token-1.
    expect(server.stats.requests.filter((r) => r.auth === 'Bearer token-1')).toHaveLength(4);
  });

  it('does not refresh again for a 401 that came from a token already replaced', async () => {
    const server = fakeServer();
    const client = new ApiClient({ fetch: server.fetchImpl as typeof fetch, coordinator: localCoordinator() });
    await client.get('/first');
    expect(server.stats.refreshes).toBe(1);
    // A request sent with the old token gets a 401 after another refresh already happened.
    const staleVersion = (client as unknown as { tokenVersion: number }).tokenVersion - 1;
    await expect(client.refresh(staleVersion)).resolves.toBe('token-1');
    expect(server.stats.refreshes).toBe(1);
  });

  it('never sends two refreshes at once across tabs sharing a lock', async () => {
    const server = fakeServer();
    // Two clients (two tabs) with one lock and one channel between them.
    let queue = Promise.resolve();
    const listeners = new Set<(m: TabMessage) => void>();
    const shared = (): RefreshCoordinator => ({
      exclusive<T>(work: () => Promise<T>) {
        const run = queue.then(work);
        queue = run.then(
          () => undefined,
          () => undefined,
        );
        return run;
      },
      broadcast: (message) => listeners.forEach((l) => l(message)),
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    });
    const tabA = new ApiClient({ fetch: server.fetchImpl as typeof fetch, coordinator: shared() });
    const tabB = new ApiClient({ fetch: server.fetchImpl as typeof fetch, coordinator: shared() });
    const [a, b] = await Promise.all([tabA.refresh(), tabB.refresh()]);
    expect(server.stats.maxConcurrentRefreshes).toBe(1);
    // Tab B waited for the lock, received tab A's token over the channel, and did not refresh.
    expect(server.stats.refreshes).toBe(1);
    expect(a).toBe('token-1');
    expect(b).toBe('token-1');
  });

  it('keeps a token accepted while a refused refresh was in flight (the session was replaced, not ended)', async () => {
    const server = fakeServer({ refreshOk: false, refreshDelay: 30 });
    const client = new ApiClient({ fetch: server.fetchImpl as typeof fetch, coordinator: localCoordinator() });
    const pending = client.refresh();
    client.acceptToken('token-from-password-change');
    expect(await pending).toBe('token-from-password-change');
    expect(client.getAccessToken()).toBe('token-from-password-change');
  });

  it('ends the session when the refresh is refused', async () => {
    const server = fakeServer({ refreshOk: false });
    const client = new ApiClient({ fetch: server.fetchImpl as typeof fetch, coordinator: localCoordinator() });
    const ended = vi.fn();
    client.onSessionEnded(ended);
    const failures = await Promise.allSettled([client.get('/a'), client.get('/b')]);
    expect(failures.every((f) => f.status === 'rejected' && f.reason instanceof ApiRequestError && f.reason.status === 401)).toBe(true);
    expect(server.stats.refreshes).toBe(1);
    expect(ended).toHaveBeenCalled();
    expect(client.getAccessToken()).toBeNull();
  });

  it('keeps the SPEC error shape and field errors of a failed request', async () => {
    const fetchImpl = vi.fn(async () =>
      json(400, {
        statusCode: 400,
        error: 'Bad Request',
        message: 'Invalid input: email must be a valid email address',
        details: [{ field: 'email', messages: ['email must be a valid email address'] }],
      }),
    );
    const client = new ApiClient({ fetch: fetchImpl as typeof fetch, coordinator: localCoordinator() });
    const error = (await client.post('/auth/register', {}, { auth: false }).catch((e: unknown) => e)) as ApiRequestError;
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error.status).toBe(400);
    expect(error.formErrors()).toEqual({ email: 'email must be a valid email address' });
  });

  it('does not refresh for the public auth routes', async () => {
    const server = fakeServer();
    const client = new ApiClient({ fetch: server.fetchImpl as typeof fetch, coordinator: localCoordinator() });
    await expect(client.post('/auth/login', { email: 'x', password: 'y' }, { auth: false })).rejects.toBeInstanceOf(ApiRequestError);
    expect(server.stats.refreshes).toBe(0);
  });
});
