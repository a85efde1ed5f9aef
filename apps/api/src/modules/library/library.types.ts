import type { LibraryContributors, ResourceKind, ResourceListQuery } from '@praxis/contracts';

/** A resource row as the repository reads it (deleted ones included: the service decides). */
export interface ResourceRow {
  id: string;
  networkId: string | null;
  networkSlug: string | null;
  networkName: string | null;
  title: string;
  summary: string;
  summaryHtml: string;
  kind: ResourceKind;
  language: string;
  countries: string[];
  tags: string[];
  publishedOn: string | null;
  url: string | null;
  featuredAt: Date | null;
  fileCount: number;
  createdBy: string | null;
  creatorHandle: string | null;
  creatorName: string | null;
  creatorOrganisation: string | null;
  creatorAvatarFileId: string | null;
  creatorStatus: string | null;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
}

/** The network a resource is added to, as the library policy needs it. */
export interface LibraryPlace {
  networkId: string | null;
  contributors: LibraryContributors;
}

/** What the viewer may do in one place of the library (a network, or the hub when networkId is null). */
export interface LibraryStanding {
  read: boolean;
  add: boolean;
  moderate: boolean;
}

/** The list filters of the contract, without order and paging. */
export type ResourceFilter = Omit<ResourceListQuery, 'order' | 'cursor' | 'limit'>;
