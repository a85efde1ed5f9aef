import type {
  AuditEntry,
  CreateReportRequest,
  HeldPost,
  MyReport,
  Page,
  Post,
  QueuedReport,
  ReportQueueQuery,
  ResolveReportRequest,
  ThreadDetail,
} from '@praxis/contracts';
import { api } from '../../../shared/api/client';

const network = (id: string) => `/networks/${encodeURIComponent(id)}`;

/** REST calls of moderation (SPEC M1 reports and queues, M2 held posts, the audit log). */
export const moderationApi = {
  report: (body: CreateReportRequest) => api.post<MyReport>('/reports', body),
  /** One network's queue (its moderators and owners, admins) or, with networkId null, the hub-wide one (admins). */
  queue: (networkId: string | null, query: ReportQueueQuery, signal?: AbortSignal) =>
    api.get<Page<QueuedReport>>(networkId ? `${network(networkId)}/reports` : '/reports', { ...query }, signal),
  resolve: (reportId: string, body: ResolveReportRequest) => api.post<QueuedReport>(`/reports/${encodeURIComponent(reportId)}/resolve`, body),

  networkHeldPosts: (networkId: string, signal?: AbortSignal) => api.get<{ items: HeldPost[] }>(`${network(networkId)}/held-posts`, undefined, signal),
  /** One's own pending posts in the thread; all of them for its moderators. */
  threadHeldPosts: (threadId: string, signal?: AbortSignal) => api.get<{ items: HeldPost[] }>(`/threads/${encodeURIComponent(threadId)}/held-posts`, undefined, signal),
  approveHeld: (id: string) => api.post<{ post: Post } | { thread: ThreadDetail }>(`/held-posts/${encodeURIComponent(id)}/approve`),
  rejectHeld: (id: string, reason?: string) => api.post<HeldPost>(`/held-posts/${encodeURIComponent(id)}/reject`, reason ? { reason } : {}),

  auditLog: (networkId: string, cursor: string | null, signal?: AbortSignal) =>
    api.get<Page<AuditEntry>>('/audit-log', { networkId, cursor, limit: 50 }, signal),
};

/** React Query keys: every list a moderation decision can change sits under ['moderation']. */
export const moderationKeys = {
  all: ['moderation'] as const,
  queue: (networkId: string | null, status: 'open' | 'resolved') => ['moderation', 'queue', networkId ?? 'hub', status] as const,
  networkHeld: (networkId: string) => ['moderation', 'held', 'network', networkId] as const,
  threadHeld: (threadId: string) => ['moderation', 'held', 'thread', threadId] as const,
  audit: (networkId: string) => ['moderation', 'audit', networkId] as const,
};
