import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a link handed to the browser works. */
export const FILE_LINK_TTL_MS = 5 * 60 * 1000;

function signature(secret: string, fileId: string, userId: string, expiresAt: number): string {
  return createHmac('sha256', secret).update(`file-link:${fileId}:${userId}:${expiresAt}`).digest('base64url');
}

/**
 * A short-lived link to a file for one user (K2: unguessable and expiring). The signature binds
 * the file, the user and the expiry; the download still asks FilesPolicy for that user.
 */
export function signFileLink(secret: string, fileId: string, userId: string, now = Date.now()): { url: string; expiresAt: string } {
  const exp = now + FILE_LINK_TTL_MS;
  const sig = `${userId}.${signature(secret, fileId, userId, exp)}`;
  return { url: `/api/v1/files/${fileId}?sig=${encodeURIComponent(sig)}&exp=${exp}`, expiresAt: new Date(exp).toISOString() };
}

/** The user a valid, unexpired link was made for, or null. */
export function verifyFileLink(secret: string, fileId: string, sig: string, exp: string, now = Date.now()): string | null {
  const expiresAt = Number(exp);
  if (!Number.isSafeInteger(expiresAt) || expiresAt < now || expiresAt > now + FILE_LINK_TTL_MS) return null;
  const [userId, given] = sig.split('.');
  if (!userId || !given || !/^[0-9a-f-]{36}$/i.test(userId)) return null;
  const expected = Buffer.from(signature(secret, fileId, userId, expiresAt));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? userId : null;
}
