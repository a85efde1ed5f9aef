export const NETWORK_VISIBILITIES = ['open', 'restricted', 'hidden'] as const;
export type NetworkVisibility = (typeof NETWORK_VISIBILITIES)[number];

export const NETWORK_ROLES = ['owner', 'moderator', 'member'] as const;
export type NetworkRole = (typeof NETWORK_ROLES)[number];

export const MEMBERSHIP_STATUSES = ['active', 'pending', 'invited', 'banned'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

export interface NetworkSummary {
  id: string;
  slug: string;
  name: string;
  summary: string;
  visibility: NetworkVisibility;
  tags: string[];
  memberCount: number;
  /** The viewer's own membership, when signed in. */
  membership: { status: MembershipStatus; role: NetworkRole } | null;
}

export interface NetworkDetail extends NetworkSummary {
  description: string;
  descriptionHtml: string;
  categories: Category[];
  createdAt: string;
  /** What the viewer may do here, as the one policy decides. */
  permissions: { read: boolean; post: boolean; moderate: boolean; own: boolean };
}

export interface Category {
  id: string;
  name: string;
  slug: string;
  description: string | null;
  moderatorsOnly: boolean;
  position: number;
}

export interface CreateNetworkRequest {
  name: string;
  slug?: string;
  description: string;
  visibility: NetworkVisibility;
  tags?: string[];
}

export interface JoinNetworkRequest {
  message?: string;
}

export interface JoinNetworkResponse {
  membership: { status: 'active' | 'pending' };
}

export interface NetworkMember {
  user: UserRef;
  role: NetworkRole;
  status: MembershipStatus;
  joinedAt: string;
  mutedUntil: string | null;
  message: string | null;
}

/** The smallest picture of a person that lists and posts carry. */
export interface UserRef {
  id: string;
  handle: string;
  displayName: string;
  organisation: string;
  avatarUrl: string | null;
}
