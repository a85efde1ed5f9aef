import type { SearchQuery, SearchResponse, SearchSuggestions } from '@praxis/contracts';
import { api } from '../../../shared/api/client';

/** The one search box (SPEC S1–S3). */
export const searchApi = {
  search: (query: SearchQuery, signal?: AbortSignal) => api.get<SearchResponse>('/search', { ...query }, signal),
  suggest: (q: string, signal?: AbortSignal) => api.get<SearchSuggestions>('/search/suggest', { q }, signal),
};
