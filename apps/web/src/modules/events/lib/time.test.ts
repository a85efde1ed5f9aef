import { describe, expect, it } from 'vitest';
import {
  dayKey, eventPhase, eventsByDay, firstDayOfWeek, formatRange, gridRange, monthGrid, regionalLocale, splitUpcomingPast, utcToWallTime, viewerTimeZone,
  wallTimeToUtc,
} from './time';

describe('wall times and instants', () => {
  it('reads a wall time in the event zone as the right instant, summer and winter', () => {
    expect(wallTimeToUtc('2026-07-01T14:00', 'Europe/Vienna')?.toISOString()).toBe('2026-07-01T12:00:00.000Z');
    expect(wallTimeToUtc('2026-01-15T14:00', 'Europe/Vienna')?.toISOString()).toBe('2026-01-15T13:00:00.000Z');
    expect(wallTimeToUtc('2026-01-15T09:30', 'America/New_York')?.toISOString()).toBe('2026-01-15T14:30:00.000Z');
    expect(wallTimeToUtc('2026-03-10T08:00', 'Asia/Kolkata')?.toISOString()).toBe('2026-03-10T02:30:00.000Z');
  });

  it('refuses a time skipped by a clock change and picks the first of a repeated one', () => {
    // Europe/Vienna springs forward from 02:00 to 03:00 on 29 March 2026.
    expect(wallTimeToUtc('2026-03-29T02:30', 'Europe/Vienna')).toBeNull();
    // And falls back from 03:00 to 02:00 on 25 October 2026: 02:30 happens twice.
    expect(wallTimeToUtc('2026-10-25T02:30', 'Europe/Vienna')?.toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('refuses what is not a wall time or not a zone', () => {
    expect(wallTimeToUtc('2026-13-01T10:00', 'UTC')).toBeNull();
    expect(wallTimeToUtc('tomorrow', 'UTC')).toBeNull();
    expect(wallTimeToUtc('2026-01-01T10:00', 'Mars/Olympus')).toBeNull();
  });

  it('round-trips an instant through the wall clock of any zone', () => {
    const instant = '2026-11-29T16:45:00.000Z';
    for (const zone of ['UTC', 'Europe/Vienna', 'America/Bogota', 'Asia/Kathmandu', 'Pacific/Auckland']) {
      expect(wallTimeToUtc(utcToWallTime(instant, zone), zone)?.toISOString()).toBe(instant);
    }
  });

  it('puts an instant on the calendar day of the reader, not of UTC', () => {
    const lateEvening = '2026-03-03T23:30:00.000Z';
    expect(dayKey(lateEvening, 'UTC')).toBe('2026-03-03');
    expect(dayKey(lateEvening, 'Europe/Paris')).toBe('2026-03-04');
    expect(dayKey(lateEvening, 'America/Mexico_City')).toBe('2026-03-03');
  });

  it('uses the profile zone when valid, else the browser zone', () => {
    expect(viewerTimeZone('Africa/Dakar')).toBe('Africa/Dakar');
    expect(viewerTimeZone('Not/AZone')).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(viewerTimeZone(null)).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });
});

describe('the month grid', () => {
  it('starts weeks on the locale first day and pads with neighbouring months', () => {
    // March 2026 starts on a Sunday.
    const monday = monthGrid(2026, 3, 1);
    expect(monday[0][0]).toEqual({ key: '2026-02-23', day: 23, inMonth: false });
    expect(monday[0][6]).toEqual({ key: '2026-03-01', day: 1, inMonth: true });
    expect(monday.length).toBe(6);
    expect(monday.at(-1)?.[6].key).toBe('2026-04-05');
    const sunday = monthGrid(2026, 3, 0);
    expect(sunday[0][0].key).toBe('2026-03-01');
    expect(sunday.length).toBe(5);
    expect(sunday.flat().filter((d) => d.inMonth)).toHaveLength(31);
  });

  it('knows where weeks start in a few locales', () => {
    expect(firstDayOfWeek('en-US')).toBe(0);
    expect(firstDayOfWeek('fr-FR')).toBe(1);
    expect(firstDayOfWeek('es-ES')).toBe(1);
  });

  it('asks the API for the grid’s days in the reader’s zone', () => {
    const { from, to } = gridRange(monthGrid(2026, 3, 1), 'Europe/Vienna');
    expect(from.toISOString()).toBe('2026-02-22T23:00:00.000Z');
    // 6 April 00:00 in Vienna is already summer time.
    expect(to.toISOString()).toBe('2026-04-05T22:00:00.000Z');
  });

  it('shows an event on every day it covers in the reader’s zone', () => {
    const events = [
      { id: 'overnight', startsAt: '2026-03-03T21:00:00Z', endsAt: '2026-03-04T02:00:00Z' },
      { id: 'to-midnight', startsAt: '2026-03-05T20:00:00Z', endsAt: '2026-03-06T00:00:00Z' },
      { id: 'late-utc', startsAt: '2026-03-07T23:30:00Z', endsAt: '2026-03-08T00:30:00Z' },
    ];
    const utc = eventsByDay(events, 'UTC');
    expect(utc.get('2026-03-03')?.map((e) => e.id)).toEqual(['overnight']);
    expect(utc.get('2026-03-04')?.map((e) => e.id)).toEqual(['overnight']);
    expect(utc.get('2026-03-05')?.map((e) => e.id)).toEqual(['to-midnight']);
    expect(utc.has('2026-03-06')).toBe(false);
    const tokyo = eventsByDay(events, 'Asia/Tokyo');
    expect(tokyo.get('2026-03-08')?.map((e) => e.id)).toEqual(['late-utc']);
    expect(tokyo.has('2026-03-07')).toBe(false);
  });
});

describe('upcoming and past', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  const events = [
    { id: 'a', startsAt: '2026-06-10T10:00:00Z', endsAt: '2026-06-10T11:00:00Z' },
    { id: 'b', startsAt: '2026-05-01T10:00:00Z', endsAt: '2026-05-01T11:00:00Z' },
    { id: 'c', startsAt: '2026-06-01T11:00:00Z', endsAt: '2026-06-01T13:00:00Z' },
    { id: 'd', startsAt: '2026-04-01T10:00:00Z', endsAt: '2026-04-01T11:00:00Z' },
  ];

  it('lists running and future events soonest first, past ones latest first', () => {
    const { upcoming, past } = splitUpcomingPast(events, now);
    expect(upcoming.map((e) => e.id)).toEqual(['c', 'a']);
    expect(past.map((e) => e.id)).toEqual(['b', 'd']);
  });

  it('lets the hosts’ start and end decide the phase', () => {
    const planned = { startsAt: '2026-06-01T11:00:00Z', endsAt: '2026-06-01T13:00:00Z' };
    expect(eventPhase({ ...planned, live: { startedAt: null, endedAt: null } }, now)).toBe('upcoming');
    expect(eventPhase({ ...planned, live: { startedAt: '2026-06-01T11:02:00Z', endedAt: null } }, now)).toBe('live');
    expect(eventPhase({ ...planned, live: { startedAt: '2026-06-01T11:02:00Z', endedAt: '2026-06-01T11:50:00Z' } }, now)).toBe('ended');
    expect(eventPhase({ ...planned, live: false }, new Date('2026-06-02T00:00:00Z'))).toBe('ended');
  });

  it('formats a range in the reader’s language and zone', () => {
    const text = formatRange('2026-06-10T10:00:00Z', '2026-06-10T11:30:00Z', 'fr', 'Europe/Paris');
    expect(text).toContain('12:00');
    expect(text).toContain('13:30');
    expect(text).toMatch(/juin/);
  });
});

describe('the locale for dates', () => {
  it('adds the browser region to the interface language when they agree', () => {
    expect(regionalLocale('en', ['en-GB', 'fr-FR'])).toBe('en-GB');
    expect(regionalLocale('fr', ['en-GB', 'fr-CA'])).toBe('fr-CA');
    expect(regionalLocale('es', ['en-GB'])).toBe('es');
  });
});
