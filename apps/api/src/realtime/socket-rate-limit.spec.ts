import { Throttle, TokenBucket } from './socket-rate-limit.js';

describe('TokenBucket', () => {
  it('allows a burst, then refills at the given rate', () => {
    let now = 0;
    const bucket = new TokenBucket(3, 2, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    now = 499;
    expect(bucket.take()).toBe(false);
    now = 1000;
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false]);
    now = 60_000;
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  });
});

describe('Throttle', () => {
  it('lets a key pass once per interval, independently of other keys', () => {
    let now = 0;
    const throttle = new Throttle(2000, () => now);
    expect(throttle.pass('a')).toBe(true);
    expect(throttle.pass('a')).toBe(false);
    expect(throttle.pass('b')).toBe(true);
    now = 1999;
    expect(throttle.pass('a')).toBe(false);
    now = 2000;
    expect(throttle.pass('a')).toBe(true);
  });
});
