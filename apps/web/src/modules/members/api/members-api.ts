import type { DirectoryQuery, MemberProfile, Page } from '@praxis/contracts';
import { api } from '../../../shared/api/client';

export const membersApi = {
  list: (query: DirectoryQuery, signal?: AbortSignal) => api.get<Page<MemberProfile>>('/members', { ...query }, signal),
  get: (id: string) => api.get<MemberProfile>(`/members/${encodeURIComponent(id)}`),
};
