/**
 * Calendar and time-zone arithmetic for events (SPEC E1, E3, I1). Events are stored as instants
 * (UTC) with the IANA zone they were planned in; members read them in their own zone (the
 * profile's, else the browser's), and hosts type wall-clock times in the event's zone.
 */

export function isValidTimeZone(zone: string | null | undefined): zone is string {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The locale for dates: the interface language with the browser's region when they agree
 * ("en" + en-GB gives a 24-hour clock and weeks from Monday), else the language alone.
 */
export function regionalLocale(language: string, preferred: readonly string[] = typeof navigator !== 'undefined' ? (navigator.languages ?? [navigator.language]) : []): string {
  const match = preferred.find((tag) => tag.toLowerCase().split('-')[0] === language.toLowerCase());
  try {
    return match ? Intl.getCanonicalLocales(match)[0] : language;
  } catch {
    return language;
  }
}

/** The zone a member reads times in: their profile's, else the browser's, else UTC. */
export function viewerTimeZone(profileZone?: string | null): string {
  if (isValidTimeZone(profileZone)) return profileZone;
  const browser = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return isValidTimeZone(browser) ? browser : 'UTC';
}

interface WallParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const partFormatters = new Map<string, Intl.DateTimeFormat>();

function wallParts(instant: Date, timeZone: string): WallParts {
  let formatter = partFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partFormatters.set(timeZone, formatter);
  }
  const out: Record<string, number> = {};
  for (const part of formatter.formatToParts(instant)) {
    if (part.type !== 'literal') out[part.type] = Number(part.value);
  }
  return { year: out.year, month: out.month, day: out.day, hour: out.hour % 24, minute: out.minute, second: out.second };
}

/** How far the zone's wall clock is ahead of UTC at that instant, in milliseconds. */
export function zoneOffsetMs(instant: Date, timeZone: string): number {
  const p = wallParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The calendar day (YYYY-MM-DD) of an instant in a zone. */
export function dayKey(instant: Date | string, timeZone: string): string {
  const p = wallParts(new Date(instant), timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** The wall-clock time (YYYY-MM-DDTHH:mm, as a datetime-local input holds it) of an instant in a zone. */
export function utcToWallTime(instant: Date | string, timeZone: string): string {
  const p = wallParts(new Date(instant), timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

const WALL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * The instant at which the zone's clocks show `wall` (YYYY-MM-DDTHH:mm). Null when the text is not
 * such a time, or when that wall time does not exist in the zone (skipped by a clock change).
 * An ambiguous time (repeated when clocks go back) resolves to the earlier instant.
 */
export function wallTimeToUtc(wall: string, timeZone: string): Date | null {
  const match = WALL.exec(wall);
  if (!match || !isValidTimeZone(timeZone)) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  // Try the offsets in force a day either side: one of them is the right one.
  const candidates = new Set([zoneOffsetMs(new Date(asUtc - 86_400_000), timeZone), zoneOffsetMs(new Date(asUtc), timeZone), zoneOffsetMs(new Date(asUtc + 86_400_000), timeZone)]);
  const matches = [...candidates]
    .map((offset) => new Date(asUtc - offset))
    .filter((instant) => utcToWallTime(instant, timeZone) === wall)
    .sort((a, b) => a.getTime() - b.getTime());
  return matches[0] ?? null;
}

/** The day after a YYYY-MM-DD day (plain calendar arithmetic, no zone involved). */
export function nextDay(key: string, days = 1): string {
  const [y, m, d] = key.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d + days));
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** 0 = Sunday … 6 = Saturday, as the locale's calendars start their weeks. */
export function firstDayOfWeek(locale: string): number {
  try {
    const info = new Intl.Locale(locale) as Intl.Locale & { getWeekInfo?: () => { firstDay: number }; weekInfo?: { firstDay: number } };
    const firstDay = info.getWeekInfo?.().firstDay ?? info.weekInfo?.firstDay;
    if (typeof firstDay === 'number') return firstDay % 7;
  } catch {
    // Older engines: Monday, as in most of the world.
  }
  return 1;
}

export interface GridDay {
  key: string;
  day: number;
  inMonth: boolean;
}

/** The weeks shown for a month (month 1–12), padded with the neighbouring months' days. */
export function monthGrid(year: number, month: number, weekStartsOn: number): GridDay[][] {
  const first = new Date(Date.UTC(year, month - 1, 1));
  const lead = (first.getUTCDay() - weekStartsOn + 7) % 7;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const weeks = Math.ceil((lead + daysInMonth) / 7);
  const start = `${pad(year, 4)}-${pad(month)}-01`;
  const grid: GridDay[][] = [];
  for (let w = 0; w < weeks; w += 1) {
    const week: GridDay[] = [];
    for (let d = 0; d < 7; d += 1) {
      const key = nextDay(start, w * 7 + d - lead);
      const [y, m, day] = key.split('-').map(Number);
      week.push({ key, day, inMonth: y === year && m === month });
    }
    grid.push(week);
  }
  return grid;
}

/** The instants that bound a month grid in a zone, for the API's from/to. */
export function gridRange(grid: GridDay[][], timeZone: string): { from: Date; to: Date } {
  const firstKey = grid[0][0].key;
  const lastKey = grid[grid.length - 1][6].key;
  return {
    from: wallTimeToUtc(`${firstKey}T00:00`, timeZone) ?? new Date(`${firstKey}T00:00:00Z`),
    to: wallTimeToUtc(`${nextDay(lastKey)}T00:00`, timeZone) ?? new Date(`${nextDay(lastKey)}T00:00:00Z`),
  };
}

interface Timed {
  startsAt: string;
  endsAt: string;
}

/** Events by the days (in the reader's zone) they take place on; an event over midnight shows on each day. */
export function eventsByDay<T extends Timed>(events: T[], timeZone: string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  const sorted = [...events].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  for (const event of sorted) {
    const first = dayKey(event.startsAt, timeZone);
    // An event ending exactly at midnight does not spill into the next day.
    const last = dayKey(new Date(Date.parse(event.endsAt) - 1), timeZone);
    let key = first;
    for (let guard = 0; key <= last && guard < 62; guard += 1) {
      out.set(key, [...(out.get(key) ?? []), event]);
      key = nextDay(key);
    }
    if (last < first) out.set(first, [...(out.get(first) ?? []), event]);
  }
  return out;
}

/** Upcoming (not yet ended, soonest first) and past (latest first) events. */
export function splitUpcomingPast<T extends Timed>(events: T[], now: Date): { upcoming: T[]; past: T[] } {
  const upcoming = events.filter((e) => Date.parse(e.endsAt) >= now.getTime()).sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  const past = events.filter((e) => Date.parse(e.endsAt) < now.getTime()).sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt));
  return { upcoming, past };
}

/** "Tue 3 Mar 2026, 14:00 – 16:00 CET" in the reader's language and zone. */
export function formatRange(startsAt: string, endsAt: string, language: string, timeZone: string): string {
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  const options: Intl.DateTimeFormatOptions = {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  };
  try {
    return new Intl.DateTimeFormat(language, options).formatRange(start, end);
  } catch {
    const format = new Intl.DateTimeFormat(language, { ...options, timeZone: 'UTC' });
    return `${format.format(start)} – ${format.format(end)}`;
  }
}

/** A time of day ("14:00") in the reader's language and zone. */
export function formatTime(instant: string, language: string, timeZone: string): string {
  return new Intl.DateTimeFormat(language, { timeZone, hour: '2-digit', minute: '2-digit' }).format(new Date(instant));
}

/** The event's own zone as people name it: "Europe/Vienna (CET)". */
export function zoneLabel(timeZone: string, language: string, at: Date = new Date()): string {
  try {
    const name = new Intl.DateTimeFormat(language, { timeZone, timeZoneName: 'long' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value;
    return name ? `${timeZone.replace(/_/g, ' ')} (${name})` : timeZone;
  } catch {
    return timeZone;
  }
}

/** The name of a month in the reader's language: "March 2026". */
export function monthTitle(year: number, month: number, language: string): string {
  return new Intl.DateTimeFormat(language, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, 15)));
}

/** Short weekday names starting from the locale's first day of the week. */
export function weekdayNames(language: string, weekStartsOn: number, width: 'short' | 'long' = 'short'): string[] {
  const format = new Intl.DateTimeFormat(language, { weekday: width, timeZone: 'UTC' });
  // 2023-01-01 was a Sunday.
  return Array.from({ length: 7 }, (_, i) => format.format(new Date(Date.UTC(2023, 0, 1 + ((weekStartsOn + i) % 7)))));
}

export type EventPhase = 'upcoming' | 'live' | 'ended';

/** Where an event stands: the hosts' start and end win over the planned times. */
export function eventPhase(event: Timed & { live?: { startedAt: string | null; endedAt: string | null } | boolean }, now: Date): EventPhase {
  const live = event.live;
  if (typeof live === 'object' && live) {
    if (live.endedAt) return 'ended';
    if (live.startedAt) return 'live';
  } else if (live === true) return 'live';
  return Date.parse(event.endsAt) < now.getTime() ? 'ended' : 'upcoming';
}

/** The meeting link is handed out from this long before the start (E6; the API decides). */
export const MEETING_LINK_LEAD_MS = 30 * 60 * 1000;
