import type { PublicEventSummary } from '@praxis/contracts';
import { api, API_PREFIX } from '../../../shared/api/client';

/** How many upcoming public briefings the landing page lists. */
export const LANDING_LIMIT = 6;

const path = (id: string, rest = '') => `/events/${encodeURIComponent(id)}${rest}`;

/**
 * The public event listing (SPEC roles: visitors see public events, title, time and host network).
 * The API answers visitors with the public fields only; a signed-in caller gets more, so the extra
 * `visibility` field, when present, is used to keep only the public ones.
 */
export const publicEventsApi = {
  async upcoming(now: Date, signal?: AbortSignal): Promise<PublicEventSummary[]> {
    // A signed-in caller's page also holds non-public events: ask for a few more than are shown.
    const { items } = await api.get<{ items: (PublicEventSummary & { visibility?: string })[] }>('/events', { from: now.toISOString(), order: 'asc', limit: LANDING_LIMIT * 4 }, signal);
    return items
      .filter((item) => item.visibility === undefined || item.visibility === 'public')
      .filter((item) => new Date(item.endsAt).getTime() >= now.getTime())
      .slice(0, LANDING_LIMIT);
  },
  get: (id: string, signal?: AbortSignal) => api.get<PublicEventSummary>(path(id), undefined, signal),
  /** The .ics file: a public route for public events, so a plain link works without a token. */
  icsUrl: (id: string) => `${API_PREFIX}${path(id, '/ics')}`,
};
