import type { ThreadSummary } from './forum.js';
import type { LibraryContributors } from './library.js';

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
  /** Empty for a viewer who may not read the network's content. */
  categories: Category[];
  createdAt: string;
  /** What the viewer may do here, as the one policy decides. */
  permissions: { read: boolean; post: boolean; moderate: boolean; own: boolean; invite: boolean };
  /**
   * Network home (N5); each list is empty for a viewer who may not read the content. Upcoming events
   * come from GET /events?networkId= (the events policy decides there); featured resources come with the library.
   */
  pinnedThreads: ThreadSummary[];
  /** The threads with the latest activity, newest first (at most 5). */
  recentActivity: ThreadSummary[];
  /** When the viewer is muted here, until when (ISO); otherwise null. */
  mutedUntil: string | null;
  /** Who may add resources to the network's library (K1); owners change it. */
  libraryContributors: LibraryContributors;
  /** M2: the first `posts` posts (threads and replies) of members who joined less than `days` ago wait for approval; 0 posts: off. */
  premoderation: Premoderation;
}

export interface Premoderation {
  posts: number;
  days: number;
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
  /** Lowercase letters, digits and dashes; derived from the name when absent. */
  slug?: string;
  /** Markdown. */
  description: string;
  visibility: NetworkVisibility;
  tags?: string[];
  /** One line for lists; the description's first line when absent. */
  summary?: string;
  /** Who may add to the network's library; `members` when absent. */
  libraryContributors?: LibraryContributors;
  premoderation?: Premoderation;
}

export type UpdateNetworkRequest = Partial<CreateNetworkRequest>;

export interface NetworkListQuery {
  q?: string;
  /** Only networks where the viewer is an active member. */
  mine?: boolean;
  cursor?: string;
  limit?: number;
}

export interface JoinNetworkRequest {
  message?: string;
}

export interface JoinNetworkResponse {
  membership: { status: 'active' | 'pending' };
}

export interface InviteMemberRequest {
  userId: string;
}

export interface UpdateMemberRequest {
  role: NetworkRole;
}

/** Moderation of a member (N4); reason is kept in the audit log and told to the member. */
export interface BanMemberRequest {
  reason?: string;
}

export interface MuteMemberRequest {
  /** 0 lifts a mute. */
  minutes: number;
  reason?: string;
}

export interface WarnMemberRequest {
  reason: string;
}

export interface MemberListQuery {
  /** Moderators may list pending, invited and banned people; others see active members only. */
  status?: MembershipStatus;
  /** Words to find in the display name, handle or organisation (case and accents ignored). */
  q?: string;
  cursor?: string;
  limit?: number;
}

export interface CreateCategoryRequest {
  name: string;
  slug?: string;
  description?: string;
  moderatorsOnly?: boolean;
  position?: number;
}

export type UpdateCategoryRequest = Partial<CreateCategoryRequest>;

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
