import type { EventVisibility } from '@praxis/contracts';
import { isValidTimeZone, wallTimeToUtc } from './time';

/**
 * The server's rules for an event (apps/api/src/modules/events/events.dto.ts and the service's
 * checks), so a mistake is named next to its field before anything is sent. Each rule answers an
 * i18n key and its values, or null.
 */
export type Problem = { key: string; values?: Record<string, unknown> } | null;

const text = (value: string, min: number, max: number): Problem => {
  const length = value.trim().length;
  if (length < min) return { key: min === 1 ? 'events.validation.required' : 'events.validation.tooShort', values: { min } };
  if (value.length > max) return { key: 'events.validation.tooLong', values: { max } };
  return null;
};

export const rules = {
  title: (value: string) => text(value, 1, 300),
  description: (value: string) => (value.length > 20000 ? { key: 'events.validation.tooLong', values: { max: 20000 } } : null),
  capacity: (value: number | string) => {
    if (value === '' || value === null || value === undefined) return null;
    const n = Number(value);
    return Number.isInteger(n) && n >= 1 && n <= 100000 ? null : { key: 'events.validation.capacity', values: { max: 100000 } };
  },
  url: (value: string, required = false): Problem => {
    if (!value.trim()) return required ? { key: 'events.validation.required' } : null;
    if (value.length > 2000) return { key: 'events.validation.tooLong', values: { max: 2000 } };
    try {
      const url = new URL(value.trim());
      return url.protocol === 'https:' || url.protocol === 'http:' ? null : { key: 'events.validation.url' };
    } catch {
      return { key: 'events.validation.url' };
    }
  },
  timeZone: (value: string) => (isValidTimeZone(value) ? null : { key: 'events.validation.timeZone' }),
  wallTime: (value: string, timeZone: string): Problem => {
    if (!value) return { key: 'events.validation.required' };
    if (!isValidTimeZone(timeZone)) return null;
    return wallTimeToUtc(value, timeZone) ? null : { key: 'events.validation.noSuchTime' };
  },
  endAfterStart: (startsAt: string, endsAt: string, timeZone: string): Problem => {
    const start = wallTimeToUtc(startsAt, timeZone);
    const end = wallTimeToUtc(endsAt, timeZone);
    return start && end && end <= start ? { key: 'events.validation.endAfterStart' } : null;
  },
  languages: (value: string[]) => (value.length > 20 ? { key: 'events.validation.tooMany', values: { max: 20 } } : null),
  agendaTime: (value: string) => (/^([01]\d|2[0-3]):[0-5]\d$/.test(value) ? null : { key: 'events.validation.agendaTime' }),
  agendaTitle: (value: string) => text(value, 1, 300),
  speakerName: (value: string) => text(value, 1, 200),
  affiliation: (value: string) => (value.length > 200 ? { key: 'events.validation.tooLong', values: { max: 200 } } : null),
  followUpTitle: (value: string) => text(value, 1, 300),
  visibility: (visibility: EventVisibility, networkId: string) => (visibility === 'network' && !networkId ? { key: 'events.validation.networkVisibility' } : null),
  thread: (value: string) => (!value.trim() || threadIdFrom(value) ? null : { key: 'events.validation.thread' }),
};

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The thread id in a pasted thread link or id. */
export function threadIdFrom(value: string): string | null {
  return UUID.exec(value.trim())?.[0]?.toLowerCase() ?? null;
}
