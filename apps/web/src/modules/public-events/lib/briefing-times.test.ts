import { describe, expect, it } from 'vitest';
import { calendarTile, displayLocale, formatTimeRange } from './briefing-times';

describe('formatTimeRange', () => {
  it('says the date once and both times in the given zone and language', () => {
    const text = formatTimeRange('2027-06-15T08:00:00.000Z', '2027-06-15T10:00:00.000Z', 'en-GB', 'Europe/Vienna');
    expect(text).toContain('15 Jun 2027');
    expect(text).toMatch(/10:00\s*–\s*12:00/);
    expect(text.match(/2027/g)).toHaveLength(1);
  });

  it('follows the zone it is given', () => {
    const text = formatTimeRange('2027-06-15T08:00:00.000Z', '2027-06-15T10:00:00.000Z', 'en-GB', 'America/New_York');
    expect(text).toMatch(/04:00\s*–\s*06:00/);
  });

  it('writes French dates in French', () => {
    expect(formatTimeRange('2027-06-15T08:00:00.000Z', '2027-06-15T10:00:00.000Z', 'fr', 'Europe/Paris')).toContain('juin');
  });

  it('falls back to the browser zone for an unknown zone, and to nothing for a bad date', () => {
    expect(formatTimeRange('2027-06-15T08:00:00.000Z', '2027-06-15T10:00:00.000Z', 'en', 'Not/AZone')).toContain('2027');
    expect(formatTimeRange('nope', '2027-06-15T10:00:00.000Z', 'en')).toBe('');
  });
});

describe('calendarTile', () => {
  it('gives the month and day in the zone, which can change the day', () => {
    expect(calendarTile('2027-06-15T23:30:00.000Z', 'en', 'Europe/Vienna')).toEqual({ month: 'Jun', day: '16' });
    expect(calendarTile('2027-06-15T23:30:00.000Z', 'en', 'UTC')).toEqual({ month: 'Jun', day: '15' });
  });
});

describe('displayLocale', () => {
  it("uses the browser's variant of the interface language, or the interface language", () => {
    expect(displayLocale('en', ['fr-FR', 'en-GB'])).toBe('en-GB');
    expect(displayLocale('fr', ['en-GB', 'fr-CA'])).toBe('fr-CA');
    expect(displayLocale('es', ['en-GB'])).toBe('es');
    expect(displayLocale('en', [])).toBe('en');
  });
});
