/** One search box (SPEC S1–S3) as the API answers it. */
import type { ResourceKind } from './library.js';

export const SEARCH_TYPES = ['thread', 'post', 'event', 'resource', 'network', 'member'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];
export type SearchOrder = 'relevance' | 'recent';

export interface SearchQuery {
  /** Web-search syntax: "quoted phrase", -exclusion, or. */
  q: string;
  type?: SearchType;
  networkId?: string;
  tag?: string;
  /** A content language, e.g. "fr". */
  language?: string;
  /** Date range (created, or an event's start), YYYY-MM-DD, inclusive. */
  from?: string;
  to?: string;
  order?: SearchOrder;
  cursor?: string;
  limit?: number;
}

export interface SearchHit {
  type: SearchType;
  id: string;
  /** Thread or resource title, event title, network name, member's display name; a post's thread title. */
  title: string;
  /** Sanitised HTML: the matched words wrapped in <mark>, nothing else. */
  snippetHtml: string;
  /** The network it lives in, when it lives in one the viewer may see. */
  network: { id: string; slug: string; name: string } | null;
  /** Where to open it: a post's thread and seq (the web app lands on the post), a network's slug… */
  threadId?: string;
  seq?: number;
  slug?: string;
  resourceKind?: ResourceKind;
  startsAt?: string;
  language: string | null;
  createdAt: string;
}

export interface SearchResponse {
  items: SearchHit[];
  nextCursor: string | null;
  /**
   * Matches per type among what the viewer may read, for the same query and filters (ignoring
   * `type`). A count stops at `countLimit`: `capped` says a type has at least that many.
   */
  counts: Record<SearchType, number>;
  capped: SearchType[];
  countLimit: number;
}

/** Type-ahead: a few prefix matches per type, best first. */
export interface SearchSuggestions {
  groups: { type: SearchType; items: SearchHit[] }[];
}
