import type { UserRef } from './networks.js';

export const REACTIONS = ['thumbs_up', 'heart', 'tada', 'bulb', 'eyes', 'check'] as const;
export type Reaction = (typeof REACTIONS)[number];

export interface ReactionCount {
  reaction: Reaction;
  count: number;
  /** Whether the viewer reacted with it. */
  mine: boolean;
}

export interface ThreadSummary {
  id: string;
  networkId: string;
  categoryId: string | null;
  title: string;
  tags: string[];
  author: UserRef;
  pinned: boolean;
  locked: boolean;
  closed: boolean;
  postCount: number;
  /** The thread room's latest sequence number. */
  lastSeq: number;
  lastActivityAt: string;
  createdAt: string;
  /** Posts after the viewer's read position (0 when all read). */
  unreadCount: number;
  following: 'following' | 'muted' | null;
}

export interface ThreadDetail extends ThreadSummary {
  /** The first post's Markdown and rendered HTML. */
  body: string;
  html: string;
  /** The viewer's read position; the first unread post comes after it. */
  readSeq: number;
  permissions: { post: boolean; moderate: boolean; edit: boolean };
}

export interface Post {
  id: string;
  threadId: string;
  seq: number;
  author: UserRef;
  body: string;
  html: string;
  replyToId: string | null;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
  reactions: ReactionCount[];
}

export interface CreateThreadRequest {
  title: string;
  body: string;
  tags?: string[];
  categoryId?: string;
  clientId?: string;
}

export interface UpdateThreadRequest {
  title?: string;
  pinned?: boolean;
  locked?: boolean;
  closed?: boolean;
  categoryId?: string | null;
  networkId?: string;
  tags?: string[];
}

export interface CreatePostRequest {
  body: string;
  replyToId?: string;
  clientId: string;
}

export interface UpdatePostRequest {
  body: string;
}

export interface MarkReadRequest {
  seq: number;
}
