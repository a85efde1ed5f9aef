/**
 * iCalendar (RFC 5545) for events (E3). Times are written in the event's IANA zone with TZID and a
 * VTIMEZONE built from the platform's zone data (Intl), so calendar clients show the right local
 * time even across a daylight-saving change.
 */

export interface IcsEvent {
  id: string;
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  url?: string | null;
  location?: string | null;
  updatedAt?: Date;
  cancelled?: boolean;
}

function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Lines longer than 75 octets are folded (RFC 5545 3.1) without splitting a UTF-8 sequence. */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    if (bytes + size > (out.length ? 74 : 75)) {
      out.push(current);
      current = '';
      bytes = 0;
    }
    current += ch;
    bytes += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * One formatter per zone: making an Intl.DateTimeFormat costs far more than using one, and a
 * VTIMEZONE asks for hundreds of offsets. Bounded, as zone names come from stored events.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterOf(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    if (formatters.size >= 1000) formatters.clear();
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** Offset of `zone` from UTC at `at`, in minutes. */
export function zoneOffsetMinutes(zone: string, at: Date): number {
  const parts = formatterOf(zone).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((local - Math.floor(at.getTime() / 1000) * 1000) / 60000);
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

function localStamp(at: Date, zone: string): string {
  const local = new Date(at.getTime() + zoneOffsetMinutes(zone, at) * 60000);
  return `${local.getUTCFullYear()}${pad(local.getUTCMonth() + 1)}${pad(local.getUTCDate())}T${pad(local.getUTCHours())}${pad(local.getUTCMinutes())}${pad(local.getUTCSeconds())}`;
}

function utcStamp(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
}

/**
 * The zone's offset changes between `from` and `to`, found day by day and refined to the minute
 * (no zone changes its offset twice within a day).
 */
function transitions(zone: string, from: Date, to: Date): { at: Date; before: number; after: number }[] {
  const found: { at: Date; before: number; after: number }[] = [];
  const day = 86_400_000;
  let t = from.getTime();
  let previous = zoneOffsetMinutes(zone, from);
  while (t < to.getTime()) {
    const next = t + day;
    const offset = zoneOffsetMinutes(zone, new Date(next));
    if (offset !== previous) {
      let lo = t;
      let hi = next;
      while (hi - lo > 60_000) {
        const mid = lo + Math.floor((hi - lo) / 2 / 60_000) * 60_000 || lo + 60_000;
        if (zoneOffsetMinutes(zone, new Date(mid)) === previous) lo = mid;
        else hi = mid;
      }
      found.push({ at: new Date(hi), before: previous, after: offset });
      previous = offset;
    }
    t = next;
  }
  return found;
}

/** VTIMEZONEs made so far, by zone and years: the same few are asked for every reminder and download. */
const vtimezones = new Map<string, string[]>();

/** A VTIMEZONE covering the years of the given events. */
export function vtimezone(zone: string, dates: Date[]): readonly string[] {
  const years = dates.map((d) => d.getUTCFullYear());
  const [first, last] = [Math.min(...years) - 1, Math.max(...years) + 1];
  const key = `${zone} ${first} ${last}`;
  let lines = vtimezones.get(key);
  if (!lines) {
    lines = zoneLines(zone, new Date(Date.UTC(first, 0, 1)), new Date(Date.UTC(last, 11, 31)));
    if (vtimezones.size >= 1000) vtimezones.clear();
    vtimezones.set(key, lines);
  }
  return lines;
}

function zoneLines(zone: string, from: Date, to: Date): string[] {
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  const changes = transitions(zone, from, to);
  if (changes.length === 0) {
    const offset = offsetText(zoneOffsetMinutes(zone, from));
    lines.push('BEGIN:STANDARD', 'DTSTART:19700101T000000', `TZOFFSETFROM:${offset}`, `TZOFFSETTO:${offset}`, 'END:STANDARD');
  } else {
    // Before the first change: the offset in force then.
    const first = changes[0];
    lines.push('BEGIN:STANDARD', 'DTSTART:19700101T000000', `TZOFFSETFROM:${offsetText(first.before)}`, `TZOFFSETTO:${offsetText(first.before)}`, 'END:STANDARD');
    for (const change of changes) {
      // The larger offset of a pair is summer time.
      const kind = change.after > change.before ? 'DAYLIGHT' : 'STANDARD';
      const onset = new Date(change.at.getTime() + change.before * 60000);
      const stamp = `${onset.getUTCFullYear()}${pad(onset.getUTCMonth() + 1)}${pad(onset.getUTCDate())}T${pad(onset.getUTCHours())}${pad(onset.getUTCMinutes())}00`;
      lines.push(`BEGIN:${kind}`, `DTSTART:${stamp}`, `TZOFFSETFROM:${offsetText(change.before)}`, `TZOFFSETTO:${offsetText(change.after)}`, `END:${kind}`);
    }
  }
  lines.push('END:VTIMEZONE');
  return lines;
}

/** A calendar with the given events (one for an event's .ics, several for a personal feed). */
export function buildCalendar(events: IcsEvent[], name = 'Praxis'): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Praxis//Events//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${escapeText(name)}`];
  const zones = new Map<string, Date[]>();
  for (const event of events) zones.set(event.timeZone, [...(zones.get(event.timeZone) ?? []), event.startsAt, event.endsAt]);
  for (const [zone, dates] of zones) lines.push(...vtimezone(zone, dates));
  for (const event of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${event.id}@praxis`,
      `DTSTAMP:${utcStamp(event.updatedAt ?? new Date())}`,
      `DTSTART;TZID=${event.timeZone}:${localStamp(event.startsAt, event.timeZone)}`,
      `DTEND;TZID=${event.timeZone}:${localStamp(event.endsAt, event.timeZone)}`,
      `SUMMARY:${escapeText(event.title)}`,
      `DESCRIPTION:${escapeText(event.description)}`,
    );
    if (event.url) lines.push(`URL:${event.url}`);
    if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
    lines.push(`STATUS:${event.cancelled ? 'CANCELLED' : 'CONFIRMED'}`, 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}
