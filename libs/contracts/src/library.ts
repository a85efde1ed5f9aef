/** The knowledge library (SPEC K1, K3, K4) as the API answers it. */
import type { FileInfo } from './events.js';
import type { UserRef } from './networks.js';

export const RESOURCE_KINDS = ['publication', 'report', 'toolkit', 'case-law', 'legislation', 'training-material', 'presentation', 'news'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** K3: where the text inside an attached file stands; search reads it once it is `done`. */
export type FileTextStatus = 'pending' | 'done' | 'failed' | 'unsupported';

export interface ResourceFile extends FileInfo {
  textStatus: FileTextStatus;
}

export interface ResourceSummary {
  id: string;
  title: string;
  kind: ResourceKind;
  /** ISO 639-1 code, e.g. "en", "fr", "es", "ar". */
  language: string;
  /** ISO 3166-1 alpha-2 codes or region names, e.g. "FR", "West Africa". */
  countries: string[];
  tags: string[];
  /** YYYY-MM-DD, when the resource itself was published. */
  publishedOn: string | null;
  /** null for a hub-wide resource. */
  network: { id: string; slug: string; name: string } | null;
  featured: boolean;
  fileCount: number;
  hasUrl: boolean;
  createdAt: string;
}

export interface ResourceDetail extends ResourceSummary {
  /** Markdown as written. */
  summary: string;
  /** The summary rendered and sanitised, like a post. */
  summaryHtml: string;
  url: string | null;
  files: ResourceFile[];
  createdBy: UserRef | null;
  updatedAt: string;
  /** What the viewer may do with it, as the library policy decides. */
  permissions: { edit: boolean; delete: boolean; feature: boolean };
}

export interface CreateResourceRequest {
  title: string;
  summary: string;
  kind: ResourceKind;
  language: string;
  tags: string[];
  countries?: string[];
  publishedOn?: string | null;
  /** Files uploaded through POST /files by the same member, not yet attached to anything. */
  fileIds?: string[];
  url?: string | null;
  /** Omitted or null: hub-wide (admins only). */
  networkId?: string | null;
}

/**
 * Every field optional. `fileIds` replaces the attached files (new uploads are attached, files left
 * out are deleted). `featured` is for the network's moderators (K4).
 */
export type UpdateResourceRequest = Partial<CreateResourceRequest> & { featured?: boolean };

export type ResourceOrder = 'newest' | 'title';

export interface ResourceListQuery {
  kind?: ResourceKind;
  language?: string;
  country?: string;
  tag?: string;
  /** A network id, or "hub" for the hub-wide library only. */
  networkId?: string;
  /** Publication date range, YYYY-MM-DD, inclusive. */
  from?: string;
  to?: string;
  featured?: boolean;
  order?: ResourceOrder;
  cursor?: string;
  limit?: number;
}

/** Counts over what the viewer may read, for the same filters (each facet ignores its own filter). */
export interface ResourceFacets {
  total: number;
  kind: { value: ResourceKind; count: number }[];
  language: { value: string; count: number }[];
  country: { value: string; count: number }[];
  tag: { value: string; count: number }[];
}

/** K4: an ordered group of a network's resources, curated by its moderators. */
export interface ResourceCollection {
  id: string;
  networkId: string;
  title: string;
  description: string;
  position: number;
  /** In the collection's order; only those the viewer may read. */
  resources: ResourceSummary[];
}

export interface CreateCollectionRequest {
  title: string;
  description?: string;
  resourceIds?: string[];
}

export type UpdateCollectionRequest = Partial<CreateCollectionRequest> & { position?: number };

/** Who may add to a network's library: its members, or only its moderators. */
export const LIBRARY_CONTRIBUTORS = ['members', 'moderators'] as const;
export type LibraryContributors = (typeof LIBRARY_CONTRIBUTORS)[number];
