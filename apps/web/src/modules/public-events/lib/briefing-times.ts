import { formatDateTime } from '../../../shared/format/dates';

/** The visitor's own time zone as the browser reports it (undefined when the browser cannot tell). */
export function browserTimeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The locale to write dates in: the browser's own when it is a variant of the interface language
 * (a British visitor reading English gets "2 Dec", not "Dec 2"), otherwise the interface language.
 */
export function displayLocale(language: string, browserLanguages: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language]): string {
  const base = language.split('-')[0].toLowerCase();
  return browserLanguages.find((tag) => tag && tag.split('-')[0].toLowerCase() === base) ?? language;
}

const RANGE_OPTIONS: Intl.DateTimeFormatOptions = {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
};

/**
 * "Tue, 15 Jun 2027, 10:00 – 12:00 CEST": start and end in one reading, in the given zone (the
 * visitor's when omitted) and language; the date is said once when both ends fall on the same day.
 */
export function formatTimeRange(startsAt: string, endsAt: string, language: string, timeZone?: string): string {
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return '';
  for (const zone of [timeZone, undefined]) {
    try {
      return new Intl.DateTimeFormat(language, { ...RANGE_OPTIONS, timeZone: zone }).formatRange(start, end);
    } catch {
      // An unknown zone: try again in the browser's own.
    }
  }
  return `${formatDateTime(startsAt, language)} – ${formatDateTime(endsAt, language)}`;
}

/** The parts of a calendar tile (month abbreviation and day of the month) in the visitor's zone. */
export function calendarTile(startsAt: string, language: string, timeZone?: string): { month: string; day: string } {
  const date = new Date(startsAt);
  if (Number.isNaN(date.getTime())) return { month: '', day: '' };
  const part = (options: Intl.DateTimeFormatOptions) => {
    try {
      return new Intl.DateTimeFormat(language, { ...options, timeZone }).format(date);
    } catch {
      return new Intl.DateTimeFormat(language, options).format(date);
    }
  };
  return { month: part({ month: 'short' }).replace(/\.$/, ''), day: part({ day: 'numeric' }) };
}
