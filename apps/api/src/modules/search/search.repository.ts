import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { SearchType } from '@praxis/contracts';

/**
 * How many matches of one type are ranked at most. Ranking reads every candidate's vector, so a
 * common word at 1M posts would rank hundreds of thousands of rows; the candidates are cut first
 * (measured in docs/search.md), and counts stop there too.
 */
export const CANDIDATE_LIMIT = 1000;

/** Everything a search may see, decided by the features' policies before any SQL runs. */
export interface SearchScope {
  /** Networks whose content (threads, posts, resources, network-only events) may be read. */
  readableNetworks: string[];
  /** Networks whose existence and name may be shown. */
  visibleNetworks: string[];
  /** Hub-wide resources (active members). */
  hubResources: boolean;
  /** Event visibilities read everywhere; network-only events in `eventNetworks` besides. */
  eventVisibilities: string[];
  eventNetworks: string[];
  /** Account statuses whose profiles may be found (none for visitors). */
  memberStatuses: string[];
}

export interface SearchFilter {
  networkId?: string;
  tag?: string;
  language?: string;
  from?: string;
  to?: string;
}

/** The query as SQL sees it: web-search syntax, or (type-ahead) every word as a prefix. */
export interface SearchTerms {
  /** The searcher's interface language: its stemmer parses the query besides 'simple'. */
  config: 'english' | 'french' | 'spanish' | 'simple';
  q: string;
  prefix: boolean;
  /** For partial words in any script (trigrams): the query as plain words, or null when it uses operators or is too short. */
  fragment: string | null;
}

export interface HitRow {
  type: SearchType;
  id: string;
  title: string;
  networkId: string | null;
  networkSlug: string | null;
  networkName: string | null;
  threadId: string | null;
  seq: string | null;
  slug: string | null;
  resourceKind: string | null;
  startsAt: Date | null;
  language: string | null;
  at: Date;
  createdAt: Date;
  rank: number;
  /** The source the snippet is cut from: Markdown (made plain text by the service), and plain text (file text). */
  body: string;
  extra: string;
}

class Params {
  readonly values: unknown[] = [];
  private readonly named = new Map<string, string>();
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
  /** One parameter shared by every part that uses it (PostgreSQL refuses a parameter no part uses). */
  shared(name: string, value: unknown): string {
    if (!this.named.has(name)) this.named.set(name, this.add(value));
    return this.named.get(name)!;
  }
}

/** The marks ts_headline puts around matched words; the service escapes the text, then turns them into <mark>. */
export const MARK_START = '\u0002';
export const MARK_END = '\u0003';
const HEADLINE = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "`;

/**
 * One SELECT per type, each returning the same columns: the policy is a condition of the WHERE
 * (never a filter after the page is cut), so pages are full and counts are true.
 */
function candidates(type: SearchType, scope: SearchScope, filter: SearchFilter, q: TermsSql, p: Params): string | null {
  const readable = () => p.shared('readable', scope.readableNetworks);
  const visible = () => p.shared('visible', scope.visibleNetworks);
  const match = (vector: string, trgm: string | null) => {
    const fragment = trgm ? q.fragment() : null;
    return `(${vector} @@ ${q.tsq}${fragment ? ` OR ${trgm} LIKE '%' || ${fragment} || '%' OR ${trgm} %> ${fragment}` : ''})`;
  };
  const dates = (column: string) =>
    [filter.from ? `${column} >= ${p.add(filter.from)}::date` : null, filter.to ? `${column} < ${p.add(filter.to)}::date + 1` : null].filter(Boolean);
  const network = (column: string) => (filter.networkId ? [`${column} = ${p.add(filter.networkId)}::uuid`] : []);
  const shownNetwork = (alias: string) =>
    `CASE WHEN ${alias}.id = ANY(${visible()}::uuid[]) THEN ${alias}.id END AS "networkId",
     CASE WHEN ${alias}.id = ANY(${visible()}::uuid[]) THEN ${alias}.slug::text END AS "networkSlug",
     CASE WHEN ${alias}.id = ANY(${visible()}::uuid[]) THEN ${alias}.name END AS "networkName"`;
  const none = `NULL::uuid AS "threadId", NULL::bigint AS seq, NULL::text AS slug, NULL::text AS "resourceKind", NULL::timestamptz AS "startsAt"`;
  let sql: string;
  switch (type) {
    case 'thread': {
      const where = [
        `t.network_id = ANY(${readable()}::uuid[])`, match('t.search_vector', 'praxis_unaccent(lower(t.title))'),
        ...network('t.network_id'), ...dates('t.created_at'),
        ...(filter.tag ? [`${p.add(filter.tag)} = ANY(t.tags)`] : []), ...(filter.language ? [`t.language = ${p.add(filter.language)}`] : []),
      ];
      sql = `SELECT 'thread'::text AS type, t.id, t.title, t.title AS body, ''::text AS extra, t.language, t.search_vector AS vector, t.created_at AS at, t.created_at AS "createdAt",
               praxis_unaccent(lower(t.title)) AS trgm, ${shownNetwork('n')}, t.id AS "threadId", NULL::bigint AS seq, NULL::text AS slug, NULL::text AS "resourceKind", NULL::timestamptz AS "startsAt"
          FROM threads t JOIN networks n ON n.id = t.network_id WHERE ${where.join(' AND ')}`;
      break;
    }
    case 'post': {
      const where = [
        `t.network_id = ANY(${readable()}::uuid[])`, 'p.deleted_at IS NULL', match('p.search_vector', null),
        ...network('t.network_id'), ...dates('p.created_at'),
        ...(filter.tag ? [`${p.add(filter.tag)} = ANY(t.tags)`] : []), ...(filter.language ? [`p.language = ${p.add(filter.language)}`] : []),
      ];
      sql = `SELECT 'post'::text AS type, p.id, t.title, p.body, ''::text AS extra, p.language, p.search_vector AS vector, p.created_at AS at, p.created_at AS "createdAt",
               NULL::text AS trgm, ${shownNetwork('n')}, t.id AS "threadId", p.seq, NULL::text AS slug, NULL::text AS "resourceKind", NULL::timestamptz AS "startsAt"
          FROM posts p JOIN threads t ON t.id = p.thread_id JOIN networks n ON n.id = t.network_id WHERE ${where.join(' AND ')}`;
      break;
    }
    case 'resource': {
      const places = [scope.hubResources ? 'r.network_id IS NULL' : null, `r.network_id = ANY(${readable()}::uuid[])`].filter(Boolean).join(' OR ');
      const where = [
        'r.deleted_at IS NULL', `(${places})`, match('r.search_vector', 'praxis_unaccent(lower(r.title))'),
        ...network('r.network_id'), ...dates('r.created_at'),
        ...(filter.tag ? [`${p.add(filter.tag)} = ANY(r.tags)`] : []), ...(filter.language ? [`r.language = ${p.add(filter.language)}`] : []),
      ];
      sql = `SELECT 'resource'::text AS type, r.id, r.title, r.summary AS body, left(r.file_text, 100000) AS extra, r.language, r.search_vector AS vector,
               r.created_at AS at, r.created_at AS "createdAt", praxis_unaccent(lower(r.title)) AS trgm, ${shownNetwork('n')},
               NULL::uuid AS "threadId", NULL::bigint AS seq, NULL::text AS slug, r.kind AS "resourceKind", NULL::timestamptz AS "startsAt"
          FROM resources r LEFT JOIN networks n ON n.id = r.network_id WHERE ${where.join(' AND ')}`;
      break;
    }
    case 'event': {
      if (filter.tag) return null;
      const where = [
        `(e.visibility = ANY(${p.add(scope.eventVisibilities)}::text[]) OR (e.visibility = 'network' AND e.network_id = ANY(${p.add(scope.eventNetworks)}::uuid[])))`,
        match('e.search_vector', 'praxis_unaccent(lower(e.title))'), ...network('e.network_id'), ...dates('e.starts_at'),
        ...(filter.language ? [`${p.add(filter.language)} = ANY(e.languages)`] : []),
      ];
      sql = `SELECT 'event'::text AS type, e.id, e.title, e.description AS body, ''::text AS extra, e.languages[1] AS language, e.search_vector AS vector, e.starts_at AS at,
               e.created_at AS "createdAt", praxis_unaccent(lower(e.title)) AS trgm, ${shownNetwork('n')},
               NULL::uuid AS "threadId", NULL::bigint AS seq, NULL::text AS slug, NULL::text AS "resourceKind", e.starts_at AS "startsAt"
          FROM events e LEFT JOIN networks n ON n.id = e.network_id WHERE ${where.join(' AND ')}`;
      break;
    }
    case 'network': {
      if (filter.language) return null;
      const where = [
        `nw.id = ANY(${visible()}::uuid[])`, match('nw.search_vector', 'praxis_unaccent(lower(nw.name))'), ...network('nw.id'), ...dates('nw.created_at'),
        ...(filter.tag ? [`${p.add(filter.tag)} = ANY(nw.tags)`] : []),
      ];
      sql = `SELECT 'network'::text AS type, nw.id, nw.name AS title, nw.summary || E'\\n\\n' || nw.description AS body, ''::text AS extra, NULL::text AS language, nw.search_vector AS vector,
               nw.created_at AS at, nw.created_at AS "createdAt", praxis_unaccent(lower(nw.name)) AS trgm,
               nw.id AS "networkId", nw.slug::text AS "networkSlug", nw.name AS "networkName", NULL::uuid AS "threadId", NULL::bigint AS seq, nw.slug::text AS slug,
               NULL::text AS "resourceKind", NULL::timestamptz AS "startsAt"
          FROM networks nw WHERE ${where.join(' AND ')}`;
      break;
    }
    case 'member': {
      const where = [
        `u.status = ANY(${p.add(scope.memberStatuses)}::text[])`, match('u.search_vector', 'praxis_unaccent(lower(u.display_name))'), ...dates('u.created_at'),
        ...(filter.networkId ? [`EXISTS (SELECT 1 FROM network_memberships m WHERE m.user_id = u.id AND m.network_id = ${p.add(filter.networkId)}::uuid AND m.status = 'active' AND m.network_id = ANY(${readable()}::uuid[]))`] : []),
        ...(filter.tag ? [`${p.add(filter.tag)} = ANY(u.expertise)`] : []), ...(filter.language ? [`${p.add(filter.language)} = ANY(u.languages)`] : []),
      ];
      sql = `SELECT 'member'::text AS type, u.id, u.display_name AS title, u.job_title || ' · ' || u.organisation AS body, ''::text AS extra, NULL::text AS language, u.search_vector AS vector,
               u.created_at AS at, u.created_at AS "createdAt", praxis_unaccent(lower(u.display_name)) AS trgm,
               NULL::uuid AS "networkId", NULL::text AS "networkSlug", NULL::text AS "networkName", ${none}
          FROM users u WHERE ${where.join(' AND ')}`;
      break;
    }
  }
  return `(${sql} LIMIT ${CANDIDATE_LIMIT})`;
}

/** The query as SQL expressions (parameters), written into each condition that uses them. */
interface TermsSql {
  tsq: string;
  /** Null when the query has no fragment for trigram matching; a function, as a parameter must only be added where it is used. */
  fragment(): string | null;
}

/**
 * The stemmed and the word-for-word readings OR-ed together. They are written into each WHERE, not
 * read from a CTE: only a query it can see lets the planner weigh a common word (scan until the
 * candidate limit is full) against a rare one (the GIN index); behind a CTE it read every match of a
 * common word through the index first (measured in docs/BENCHMARKS.md). The configuration is one of
 * four names, written as a literal so the whole expression folds into one constant.
 */
function termsSql(terms: SearchTerms, p: Params): TermsSql {
  const q = p.shared('q', terms.q);
  const config = `'${terms.config}'::regconfig`;
  const tsq = terms.prefix
    ? `(to_tsquery(${config}, ${q}) || to_tsquery('simple', ${q}))`
    : `(websearch_to_tsquery(${config}, praxis_unaccent(${q})) || websearch_to_tsquery('simple', praxis_unaccent(${q})))`;
  const fragment = terms.fragment;
  return { tsq, fragment: () => (fragment === null ? null : `praxis_unaccent(lower(${p.shared('fragment', fragment)}::text))`) };
}

/** Relevance: cover density with title (A) above body (B) above file text (C); a trigram-only match ranks below any word match. */
function rank(q: TermsSql): string {
  const fragment = q.fragment();
  return `(CASE WHEN c.vector @@ ${q.tsq}
    THEN ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', c.vector, ${q.tsq}, 4)::float8 + 0.001
    ELSE ${fragment ? `coalesce(word_similarity(${fragment}, c.trgm), 0)::float8 / 1000` : '0::float8'} END)`;
}

@Injectable()
export class SearchRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * One page of hits: the candidates of each type (at most CANDIDATE_LIMIT each), ranked, in keyset
   * order; snippets are made for the page's rows only.
   */
  async page(options: {
    types: SearchType[]; scope: SearchScope; filter: SearchFilter; terms: SearchTerms; order: 'relevance' | 'recent';
    after: { rank: number; at: string; id: string } | null; limit: number;
  }): Promise<HitRow[]> {
    const p = new Params();
    const q = termsSql(options.terms, p);
    const parts = options.types.map((type) => candidates(type, options.scope, options.filter, q, p)).filter((s): s is string => s !== null);
    if (!parts.length) return [];
    let keyset = '';
    if (options.after) {
      const at = p.add(options.after.at);
      const id = p.add(options.after.id);
      keyset = options.order === 'relevance'
        ? `WHERE (rank, at, id::text) < (${p.add(options.after.rank)}::float8, ${at}::timestamptz, ${id})`
        : `WHERE (at, id::text) < (${at}::timestamptz, ${id})`;
    }
    const orderBy = options.order === 'relevance' ? 'rank DESC, at DESC, id::text DESC' : 'at DESC, id::text DESC';
    // A common word's candidates are the first CANDIDATE_LIMIT matches a scan meets, so the scan must
    // meet them in the same order every time, or the next page would be cut from another set: no
    // synchronised scan (which starts where the last scan of the table stopped) and no parallel one.
    return this.db.transaction(async (manager) => {
      await manager.query('SET LOCAL synchronize_seqscans = off; SET LOCAL max_parallel_workers_per_gather = 0');
      return manager.query(
        `WITH candidates AS (${parts.join(' UNION ALL ')}),
         ranked AS (SELECT c.*, ${rank(q)} AS rank FROM candidates c),
         page AS (SELECT * FROM ranked ${keyset} ORDER BY ${orderBy} LIMIT ${p.add(options.limit)})
         SELECT type, id, title, "networkId", "networkSlug", "networkName", "threadId", seq, slug, "resourceKind", "startsAt", language, at, "createdAt", rank,
                left(body, 100000) AS body, extra
           FROM page ORDER BY ${orderBy}`,
        p.values,
      );
    });
  }

  /**
   * Snippets for a page: the matched words marked in each hit's text as the reader sees it (the
   * service turns Markdown into plain text first, so no syntax shows), one query for the page.
   */
  async headlines(terms: SearchTerms, texts: { text: string; language: string | null }[]): Promise<string[]> {
    if (!texts.length) return [];
    const p = new Params();
    const q = termsSql(terms, p);
    const rows: { snippet: string }[] = await this.db.query(
      `SELECT ts_headline(praxis_ts_config(x.language), x.text, ${q.tsq}, '${HEADLINE}') AS snippet
         FROM unnest(${p.add(texts.map((t) => t.text))}::text[], ${p.add(texts.map((t) => t.language))}::text[]) WITH ORDINALITY AS x(text, language, i)
        ORDER BY x.i`,
      p.values,
    );
    return rows.map((r) => r.snippet);
  }

  /** Matches per type, each stopping at CANDIDATE_LIMIT, with the same policy conditions as the page. */
  async counts(types: SearchType[], scope: SearchScope, filter: SearchFilter, terms: SearchTerms): Promise<Map<SearchType, number>> {
    const p = new Params();
    const q = termsSql(terms, p);
    const selects = types.map((type) => {
      const part = candidates(type, scope, filter, q, p);
      return `(${part ? `SELECT count(*)::int FROM ${part} x` : '0'}) AS "${type}"`;
    });
    const [row] = (await this.db.query(`SELECT ${selects.join(', ')}`, p.values)) as Record<SearchType, number>[];
    return new Map(types.map((type) => [type, row[type]]));
  }
}
