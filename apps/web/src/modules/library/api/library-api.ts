import type {
  CreateResourceRequest, Page, ResourceCollection, ResourceDetail, ResourceFacets, ResourceListQuery, ResourceSummary,
  UpdateResourceRequest,
} from '@praxis/contracts';
import { api } from '../../../shared/api/client';

const resource = (id: string) => `/resources/${encodeURIComponent(id)}`;

/** REST calls of the knowledge library (SPEC K1, K4); shapes from @praxis/contracts. */
export const libraryApi = {
  list: (query: ResourceListQuery, signal?: AbortSignal) => api.get<Page<ResourceSummary>>('/resources', { ...query }, signal),
  /** Counts for the same filters; the cursor, order and limit mean nothing to them. */
  facets: ({ cursor: _cursor, order: _order, limit: _limit, ...filters }: ResourceListQuery, signal?: AbortSignal) =>
    api.get<ResourceFacets>('/resources/facets', { ...filters }, signal),
  get: (id: string, signal?: AbortSignal) => api.get<ResourceDetail>(resource(id), undefined, signal),
  create: (body: CreateResourceRequest) => api.post<ResourceDetail>('/resources', body),
  update: (id: string, body: UpdateResourceRequest) => api.patch<ResourceDetail>(resource(id), body),
  remove: (id: string) => api.delete<void>(resource(id)),

  collections: (networkId: string, signal?: AbortSignal) =>
    api.get<{ items: ResourceCollection[] }>(`/networks/${encodeURIComponent(networkId)}/collections`, undefined, signal),
};
