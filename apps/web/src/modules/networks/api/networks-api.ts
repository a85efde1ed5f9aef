import type {
  CreateNetworkRequest,
  EventSummary,
  JoinNetworkResponse,
  MemberListQuery,
  MuteMemberRequest,
  NetworkDetail,
  NetworkListQuery,
  NetworkMember,
  NetworkRole,
  NetworkSummary,
  Page,
} from '@praxis/contracts';
import { api } from '../../../shared/api/client';

/** How many upcoming events the network home lists. */
export const UPCOMING_EVENTS_LIMIT = 5;

const base = (id: string) => `/networks/${encodeURIComponent(id)}`;
const member = (id: string, userId: string) => `${base(id)}/members/${encodeURIComponent(userId)}`;

/** REST calls of the networks feature (SPEC N1–N6); shapes from @praxis/contracts. */
export const networksApi = {
  list: (query: NetworkListQuery, signal?: AbortSignal) => api.get<Page<NetworkSummary>>('/networks', { ...query }, signal),
  get: (idOrSlug: string, signal?: AbortSignal) => api.get<NetworkDetail>(base(idOrSlug), undefined, signal),
  create: (body: CreateNetworkRequest) => api.post<NetworkDetail>('/networks', body),
  join: (id: string, message?: string) => api.post<JoinNetworkResponse>(`${base(id)}/join`, message ? { message } : {}),
  leave: (id: string) => api.delete<void>(`${base(id)}/members/me`),

  /** The network's events that have not ended yet, soonest first (read from the events API). */
  upcomingEvents: (networkId: string, from: string, signal?: AbortSignal) =>
    api.get<{ items: EventSummary[] }>('/events', { networkId, from, order: 'asc', limit: UPCOMING_EVENTS_LIMIT }, signal),

  members: (id: string, query: MemberListQuery, signal?: AbortSignal) => api.get<Page<NetworkMember>>(`${base(id)}/members`, { ...query }, signal),
  joinRequests: (id: string, query: Omit<MemberListQuery, 'status'>, signal?: AbortSignal) => api.get<Page<NetworkMember>>(`${base(id)}/join-requests`, { ...query }, signal),
  approve: (id: string, userId: string) => api.post<unknown>(`${base(id)}/join-requests/${encodeURIComponent(userId)}/approve`),
  reject: (id: string, userId: string) => api.post<unknown>(`${base(id)}/join-requests/${encodeURIComponent(userId)}/reject`),
  invite: (id: string, userId: string) => api.post<NetworkMember>(`${base(id)}/invitations`, { userId }),
  setRole: (id: string, userId: string, role: NetworkRole) => api.patch<NetworkMember>(member(id, userId), { role }),
  remove: (id: string, userId: string) => api.delete<unknown>(member(id, userId)),
  ban: (id: string, userId: string, reason?: string) => api.post<unknown>(`${member(id, userId)}/ban`, reason ? { reason } : {}),
  unban: (id: string, userId: string) => api.delete<unknown>(`${member(id, userId)}/ban`),
  mute: (id: string, userId: string, body: MuteMemberRequest) => api.post<unknown>(`${member(id, userId)}/mute`, body),
  warn: (id: string, userId: string, reason: string) => api.post<unknown>(`${member(id, userId)}/warn`, { reason }),
};
