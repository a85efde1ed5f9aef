import type { AppConfig } from '../../../config/app-config.js';
import { UnsubscribeTokens } from './unsubscribe-tokens.js';

const userId = '3f1c2a4e-0b5d-4c6e-8f70-1a2b3c4d5e6f';
const tokens = new UnsubscribeTokens({ jwtSecret: 'a'.repeat(64) } as AppConfig);

describe('UnsubscribeTokens', () => {
  it('answers the member and topic it was issued for', () => {
    expect(tokens.verify(tokens.issue({ userId, topic: 'mentions' }))).toEqual({ userId, topic: 'mentions' });
    expect(tokens.verify(tokens.issue({ userId, topic: 'digest' }))).toEqual({ userId, topic: 'digest' });
  });

  it('refuses a token signed with another secret, an altered payload or signature, and garbage', () => {
    const token = tokens.issue({ userId, topic: 'replies' });
    const other = new UnsubscribeTokens({ jwtSecret: 'b'.repeat(64) } as AppConfig);
    expect(other.verify(token)).toBeNull();
    const [payload, signature] = token.split('.');
    const forged = Buffer.from(`${userId}:mentions`).toString('base64url');
    expect(tokens.verify(`${forged}.${signature}`)).toBeNull();
    expect(tokens.verify(`${payload}.${signature.slice(0, -2)}AA`)).toBeNull();
    expect(tokens.verify(`${payload}.${signature}.x`)).toBeNull();
    expect(tokens.verify('not-a-token')).toBeNull();
    expect(tokens.verify('')).toBeNull();
  });

  it('refuses a well-signed payload that names no known topic', () => {
    const sign = (tokens as unknown as { sign(p: string): string }).sign.bind(tokens);
    const payload = Buffer.from(`${userId}:everything`).toString('base64url');
    expect(tokens.verify(`${payload}.${sign(payload)}`)).toBeNull();
  });
});
