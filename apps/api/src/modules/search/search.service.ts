import { BadRequestException, Injectable } from '@nestjs/common';
import { SEARCH_TYPES, type SearchHit, type SearchResponse, type SearchSuggestions, type SearchType } from '@praxis/contracts';
import { plainText } from '../../common/markdown.js';
import type { Viewer } from '../auth/auth.decorators.js';
import { EventsPolicy } from '../events/events.policy.js';
import { LibraryPolicy } from '../library/library.policy.js';
import { NetworksPolicy } from '../networks/networks.policy.js';
import { decodeCursor, encodeCursor, invalidCursor } from '../users/cursor.js';
import { UsersPolicy } from '../users/users.policy.js';
import type { SearchQueryDto, SuggestQueryDto } from './search.dto.js';
import { CANDIDATE_LIMIT, MARK_END, MARK_START, SearchRepository, type HitRow, type SearchScope, type SearchTerms } from './search.repository.js';

const CONFIGS: Record<string, SearchTerms['config']> = { en: 'english', fr: 'french', es: 'spanish' };
const SUGGESTIONS_PER_TYPE = 3;

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** The snippet as HTML: the text escaped, then only the matched words marked. */
export function snippetHtml(snippet: string): string {
  return escapeHtml(snippet.replace(/\s+/g, ' ').trim()).replaceAll(MARK_START, '<mark>').replaceAll(MARK_END, '</mark>');
}

/** The words of a query, lowercased and without accents, letters and digits only (any script). */
export function plainWords(q: string): string[] {
  return (q.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 10);
}

/** The query as plain words for trigram matching, or null when it uses web-search operators or is too short. */
function fragmentOf(q: string): string | null {
  if (/["()]|(^|\s)-|\bor\b/i.test(q)) return null;
  const words = plainWords(q).join(' ');
  return words.length >= 3 ? words.replace(/[\\%_]/g, '\\$&') : null;
}

function toHit(row: HitRow, snippet: string): SearchHit {
  return {
    type: row.type,
    id: row.id,
    title: row.title,
    snippetHtml: snippetHtml(snippet),
    network: row.networkId && row.networkSlug && row.networkName ? { id: row.networkId, slug: row.networkSlug, name: row.networkName } : null,
    ...(row.threadId ? { threadId: row.threadId } : {}),
    ...(row.seq !== null ? { seq: Number(row.seq) } : {}),
    ...(row.slug ? { slug: row.slug } : {}),
    ...(row.resourceKind ? { resourceKind: row.resourceKind as SearchHit['resourceKind'] } : {}),
    ...(row.startsAt ? { startsAt: new Date(row.startsAt).toISOString() } : {}),
    language: row.language,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

/**
 * One search box (S1–S3). Search has no rule of its own: before any SQL runs it asks each
 * feature's policy what the viewer may read (networks, library, events, members), and the SQL
 * takes that as a condition, so nothing unreadable is returned, counted, highlighted or suggested.
 */
@Injectable()
export class SearchService {
  constructor(
    private readonly search: SearchRepository,
    private readonly networks: NetworksPolicy,
    private readonly library: LibraryPolicy,
    private readonly events: EventsPolicy,
    private readonly users: UsersPolicy,
  ) {}

  private async scope(viewer: Viewer | null): Promise<SearchScope> {
    const active = viewer !== null && viewer.user.status === 'active';
    const [networks, library, events] = await Promise.all([
      active ? this.networks.networkScope(viewer.user.id) : this.networks.networkScope(null),
      this.library.readableScope(viewer),
      this.events.readableScope(viewer),
    ]);
    return {
      readableNetworks: networks.readable,
      visibleNetworks: networks.visible,
      hubResources: library.hub,
      eventVisibilities: events.visibilities,
      eventNetworks: events.networkIds,
      memberStatuses: this.users.findableStatuses(viewer),
    };
  }

  private config(viewer: Viewer | null): SearchTerms['config'] {
    return CONFIGS[viewer?.user.locale ?? ''] ?? 'simple';
  }

  async query(viewer: Viewer | null, query: SearchQueryDto): Promise<SearchResponse> {
    const q = query.q.trim();
    if (!q) throw new BadRequestException({ message: 'Invalid input: q must not be empty', details: [{ field: 'q', messages: ['q must not be empty'] }] });
    const order = query.order ?? 'relevance';
    const limit = query.limit ?? 20;
    const after = this.after(query.cursor, order);
    const terms: SearchTerms = { config: this.config(viewer), q, prefix: false, fragment: fragmentOf(q) };
    const scope = await this.scope(viewer);
    const filter = { networkId: query.networkId, tag: query.tag?.toLowerCase(), language: query.language, from: query.from, to: query.to };
    const types = query.type ? [query.type] : [...SEARCH_TYPES];
    const [rows, counts] = await Promise.all([
      this.search.page({ types, scope, filter, terms, order, after, limit: limit + 1 }),
      this.search.counts([...SEARCH_TYPES], scope, filter, terms),
    ]);
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const last = page[page.length - 1];
    const at = last ? new Date(last.at).toISOString() : '';
    return {
      items: await this.hits(terms, page),
      nextCursor: more ? encodeCursor(order === 'relevance' ? [last.rank, at, last.id] : [at, last.id]) : null,
      counts: Object.fromEntries(SEARCH_TYPES.map((type) => [type, counts.get(type) ?? 0])) as Record<SearchType, number>,
      capped: SEARCH_TYPES.filter((type) => (counts.get(type) ?? 0) >= CANDIDATE_LIMIT),
      countLimit: CANDIDATE_LIMIT,
    };
  }

  private after(cursor: string | undefined, order: 'relevance' | 'recent'): { rank: number; at: string; id: string } | null {
    const values = decodeCursor(cursor, order === 'relevance' ? ['number', 'string', 'string'] : ['string', 'string']);
    if (!values) return null;
    const [rank, at, id] = order === 'relevance' ? values : [0, ...values];
    if (Number.isNaN(Date.parse(String(at))) || !/^[0-9a-f-]{36}$/i.test(String(id))) throw invalidCursor();
    return { rank: Number(rank), at: String(at), id: String(id) };
  }

  /** The page's hits with their snippets, cut from the text as readers see it. */
  private async hits(terms: SearchTerms, rows: HitRow[]): Promise<SearchHit[]> {
    const snippets = await this.search.headlines(
      terms,
      rows.map((r) => ({ text: [plainText(r.body ?? ''), r.extra ?? ''].filter(Boolean).join('\n'), language: r.language })),
    );
    return rows.map((r, i) => toHit(r, snippets[i] ?? ''));
  }

  /** Type-ahead: every word taken as a prefix, a few best hits per type. */
  async suggest(viewer: Viewer | null, query: SuggestQueryDto): Promise<SearchSuggestions> {
    const words = plainWords(query.q);
    if (!words.length) return { groups: [] };
    const terms: SearchTerms = { config: this.config(viewer), q: words.map((w) => `${w}:*`).join(' & '), prefix: true, fragment: fragmentOf(query.q) };
    const scope = await this.scope(viewer);
    const groups = await Promise.all(
      SEARCH_TYPES.map(async (type) => ({
        type,
        items: await this.hits(terms, await this.search.page({ types: [type], scope, filter: {}, terms, order: 'relevance', after: null, limit: SUGGESTIONS_PER_TYPE })),
      })),
    );
    return { groups: groups.filter((g) => g.items.length > 0) };
  }
}
