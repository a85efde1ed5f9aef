import { digestPeriod } from './notification-digests.js';

describe('digestPeriod', () => {
  it('starts a daily period at 07:00 in the member’s time zone', () => {
    // 05:30 UTC is 06:30 in Paris (still yesterday’s period) and 00:30 in Bogotá (yesterday too).
    expect(digestPeriod(new Date('2026-12-03T05:30:00Z'), 'Europe/Paris', 'daily')).toBe('daily:2026-12-02');
    expect(digestPeriod(new Date('2026-12-03T06:00:00Z'), 'Europe/Paris', 'daily')).toBe('daily:2026-12-03');
    expect(digestPeriod(new Date('2026-12-03T11:59:00Z'), 'America/Bogota', 'daily')).toBe('daily:2026-12-02');
    expect(digestPeriod(new Date('2026-12-03T12:00:00Z'), 'America/Bogota', 'daily')).toBe('daily:2026-12-03');
  });

  it('starts a weekly period at 07:00 on Mondays, numbered by ISO week', () => {
    // Monday 7 December 2026 is in ISO week 50; Sunday 6 December in week 49.
    expect(digestPeriod(new Date('2026-12-07T06:59:00Z'), 'UTC', 'weekly')).toBe('weekly:2026-W49');
    expect(digestPeriod(new Date('2026-12-07T07:00:00Z'), 'UTC', 'weekly')).toBe('weekly:2026-W50');
    // 1 January 2027 is a Friday: it still belongs to 2026's week 53.
    expect(digestPeriod(new Date('2027-01-01T12:00:00Z'), 'UTC', 'weekly')).toBe('weekly:2026-W53');
  });

  it('falls back to UTC for a time zone it does not know', () => {
    expect(digestPeriod(new Date('2026-12-03T08:00:00Z'), 'Mars/Olympus', 'daily')).toBe('daily:2026-12-03');
  });
});
