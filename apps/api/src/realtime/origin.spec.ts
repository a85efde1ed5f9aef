import { isAllowedOrigin } from './origin.js';

describe('isAllowedOrigin', () => {
  const allowed = ['https://hub.example.org', 'http://localhost:5173'];

  it('accepts a configured origin, whatever its case', () => {
    expect(isAllowedOrigin('https://hub.example.org', allowed)).toBe(true);
    expect(isAllowedOrigin('HTTPS://Hub.Example.org', allowed)).toBe(true);
    expect(isAllowedOrigin('http://localhost:5173', allowed)).toBe(true);
  });

  it('refuses foreign, look-alike, opaque and malformed origins', () => {
    expect(isAllowedOrigin('https://evil.example', allowed)).toBe(false);
    expect(isAllowedOrigin('https://hub.example.org.evil.example', allowed)).toBe(false);
    expect(isAllowedOrigin('http://hub.example.org', allowed)).toBe(false);
    expect(isAllowedOrigin('http://localhost:5174', allowed)).toBe(false);
    expect(isAllowedOrigin('null', allowed)).toBe(false);
    expect(isAllowedOrigin('not a url', allowed)).toBe(false);
    expect(isAllowedOrigin(['https://hub.example.org', 'https://evil.example'], allowed)).toBe(false);
  });

  it('accepts a handshake without Origin (same-origin polling, non-browser clients)', () => {
    expect(isAllowedOrigin(undefined, allowed)).toBe(true);
    expect(isAllowedOrigin('', allowed)).toBe(true);
  });
});
