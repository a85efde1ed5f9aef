import { verifiedTokenExpiry } from './access-token.js';

describe('verifiedTokenExpiry', () => {
  const jwt = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

  it('reads exp in milliseconds', () => {
    expect(verifiedTokenExpiry(jwt({ sub: 'x', exp: 1_700_000_000 }))).toBe(1_700_000_000_000);
  });

  it('answers null without a usable exp', () => {
    expect(verifiedTokenExpiry(jwt({ sub: 'x' }))).toBeNull();
    expect(verifiedTokenExpiry('garbage')).toBeNull();
    expect(verifiedTokenExpiry('a.!!!.c')).toBeNull();
  });
});
