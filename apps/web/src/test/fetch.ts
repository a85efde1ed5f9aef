import { vi } from 'vitest';

export const json = (body: unknown, status = 200) =>
  status === 204 ? new Response(null, { status }) : new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

export interface Call {
  method: string;
  url: URL;
  body: unknown;
}

type Handler = (call: Call) => Response | Promise<Response>;

/**
 * Stubs the global fetch the app's one API client uses: each request goes to the first handler
 * whose "METHOD /path" matches, and is recorded. An unexpected request fails the test loudly.
 */
export function stubApi(routes: Record<string, Handler>) {
  const calls: Call[] = [];
  const spy = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const method = init?.method ?? 'GET';
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : init?.body;
    const call = { method, url, body };
    calls.push(call);
    const handler = routes[`${method} ${url.pathname}`];
    if (!handler) throw new Error(`Unexpected request ${method} ${url.pathname}${url.search}`);
    return handler(call);
  });
  vi.stubGlobal('fetch', spy);
  return { calls, spy, to: (method: string, pathname: string) => calls.filter((c) => c.method === method && c.url.pathname === pathname) };
}
