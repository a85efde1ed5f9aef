/**
 * Whether a handshake's Origin header may open a socket.
 *
 * Browsers always send Origin on WebSocket upgrades and on cross-origin requests, so a foreign web
 * page is always recognisable and refused. A missing Origin means either a same-origin polling
 * GET (browsers omit it there) or a non-browser client (a script, a test, a native app), which
 * could forge any Origin anyway; those are allowed, because the access token is what authorises
 * them. "null" (sandboxed frames, file: pages) is refused.
 */
export function isAllowedOrigin(origin: string | string[] | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined || origin === '') return true;
  if (Array.isArray(origin)) return false;
  let normalised: string;
  try {
    normalised = new URL(origin).origin.toLowerCase();
  } catch {
    return false;
  }
  if (normalised === 'null') return false;
  return allowed.some((entry) => entry.replace(/\/$/, '').toLowerCase() === normalised);
}
