import type {
  CreateEventRequest, EventChatMessage, EventDetail, EventKind, EventQuestion, EventRegistration, EventSummary, NetworkSummary, Page,
  QuestionStatus, RegistrationStatus, UpdateEventRequest, MemberProfile, EventSummaryResponse,
} from '@praxis/contracts';
import { api } from '../../../shared/api/client';

/** A registration as hosts list it (GET /events/:id/registrations). */
export interface RegistrationRow {
  userId: string;
  displayName: string;
  email: string;
  organisation: string | null;
  status: RegistrationStatus;
  createdAt: string;
}

/** One entry of the event room's log (GET /events/:id/room-events), for catching up (R4). */
export interface RoomEventItem {
  seq: number;
  event: string;
  payload: Record<string, unknown>;
}

export interface EventListFilter {
  from?: string;
  to?: string;
  networkId?: string;
  kind?: EventKind;
  /** `asc` (default): soonest first; `desc`: latest first. */
  order?: 'asc' | 'desc';
  cursor?: string;
  limit?: number;
}

/** Pages the month grid follows at most (100 events each). */
const MAX_RANGE_PAGES = 20;

const path = (id: string, rest = '') => `/events/${encodeURIComponent(id)}${rest}`;

export const eventsApi = {
  /** One page (keyset-paginated; `nextCursor` for the next). */
  list: (filter: EventListFilter, signal?: AbortSignal) => api.get<Page<EventSummary>>('/events', { ...filter }, signal),
  /** Every event of a bounded range (the month grid), following the cursor. */
  async listRange(filter: Omit<EventListFilter, 'cursor' | 'limit' | 'order'>, signal?: AbortSignal): Promise<{ items: EventSummary[] }> {
    const items: EventSummary[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < MAX_RANGE_PAGES; i += 1) {
      const page = await eventsApi.list({ ...filter, cursor, limit: 100 }, signal);
      items.push(...page.items);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    return { items };
  },
  get: (id: string, signal?: AbortSignal) => api.get<EventDetail>(path(id), undefined, signal),
  create: (body: CreateEventRequest) => api.post<EventDetail>('/events', body),
  update: (id: string, body: UpdateEventRequest) => api.patch<EventDetail>(path(id), body),

  register: (id: string) => api.post<{ registration: EventRegistration }>(path(id, '/registrations')),
  cancel: (id: string) => api.delete<void>(path(id, '/registrations/me')),
  registrations: (id: string) => api.get<{ items: RegistrationRow[] }>(path(id, '/registrations')),
  decide: (id: string, userId: string, approve: boolean) =>
    api.post<{ registration: EventRegistration }>(path(id, `/registrations/${encodeURIComponent(userId)}/${approve ? 'approve' : 'reject'}`)),

  /** E7: keeps the answered questions and attendance on the event and posts them to its thread (hosts, after the session). */
  publishSummary: (id: string) => api.post<EventSummaryResponse>(path(id, '/summary')),
  invite: (id: string, userIds: string[]) => api.post<{ invited: number }>(path(id, '/invitations'), { userIds }),
  setLive: (id: string, start: boolean) => api.post<EventDetail>(path(id, `/live/${start ? 'start' : 'end'}`)),

  chat: (id: string) => api.get<{ items: EventChatMessage[] }>(path(id, '/chat')),
  sendChat: (id: string, body: string, clientId: string) => api.post<{ message: EventChatMessage }>(path(id, '/chat'), { body, clientId }),
  questions: (id: string) => api.get<{ items: EventQuestion[] }>(path(id, '/questions')),
  ask: (id: string, body: string, clientId: string) => api.post<{ question: EventQuestion }>(path(id, '/questions'), { body, clientId }),
  vote: (questionId: string) => api.post<{ question: EventQuestion }>(`/questions/${encodeURIComponent(questionId)}/votes`),
  setQuestionStatus: (questionId: string, status: QuestionStatus) =>
    api.patch<{ question: EventQuestion }>(`/questions/${encodeURIComponent(questionId)}`, { status }),
  roomEvents: (id: string, after: number) => api.get<{ items: RoomEventItem[] }>(path(id, '/room-events'), { after }),

  /** Creates or rotates the member's secret calendar-feed URL (the previous one stops working). */
  rotateCalendarFeed: () => api.post<{ url: string }>('/me/calendar-feed'),

  icsPath: (id: string) => `/api/v1${path(id, '/ics')}`,
  attendanceCsvPath: (id: string) => `/api/v1${path(id, '/attendance.csv')}`,

  /** Networks the viewer may see (for the calendar filter and, filtered, the host picker). */
  networks: (query: { mine?: boolean; limit?: number } = {}) => api.get<Page<NetworkSummary>>('/networks', { limit: 100, ...query }),
  /** Member search for the speaker picker. */
  members: (q: string, signal?: AbortSignal) => api.get<Page<MemberProfile>>('/members', { q, limit: 20 }, signal),
};
