/**
 * The expiry (ms since epoch) of a JWT that AuthService has already verified, or null. Reading the
 * payload without checking the signature is safe only because the caller verified it first.
 */
export function verifiedTokenExpiry(token: string): number | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : null;
  } catch {
    return null;
  }
}
