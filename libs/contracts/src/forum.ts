import type { FileInfo } from './events.js';
import type { NetworkSummary, UserRef } from './networks.js';

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
  /** post: may reply now (not locked, not closed for them, not muted); edit: may change the title. */
  permissions: { post: boolean; moderate: boolean; edit: boolean };
  network: Pick<NetworkSummary, 'id' | 'slug' | 'name' | 'visibility'>;
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
  /** F9: files attached when the post was written (empty for a deleted post, except to moderators). */
  attachments: FileInfo[];
}

export interface CreateThreadRequest {
  title: string;
  body: string;
  tags?: string[];
  categoryId?: string;
  clientId?: string;
  /** F9: the caller's own unattached uploads (POST /files) to attach to the opening post; at most 10. */
  fileIds?: string[];
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
  /** F9: the caller's own unattached uploads (POST /files) to attach; at most 10. */
  fileIds?: string[];
}

export interface UpdatePostRequest {
  body: string;
}

export interface MarkReadRequest {
  seq: number;
}

export interface ThreadListQuery {
  categoryId?: string;
  tag?: string;
  /** Only threads without a reply. */
  unanswered?: boolean;
  pinned?: boolean;
  cursor?: string;
  limit?: number;
}

/**
 * Posts in seq order. afterSeq=N answers exactly the posts created after room seq N (catch-up);
 * beforeSeq=N the last `limit` posts before N (scrolling back). nextCursor continues forward.
 */
export interface PostListQuery {
  afterSeq?: number;
  beforeSeq?: number;
  cursor?: string;
  limit?: number;
}

export type FollowLevel = 'following' | 'muted';

export interface FollowRequest {
  level: FollowLevel | null;
}

export interface FollowResponse {
  following: FollowLevel | null;
}

export interface MarkReadResponse {
  readSeq: number;
  unreadCount: number;
}

export interface ReactionsResponse {
  postId: string;
  reactions: ReactionCount[];
}

export interface PostRevision {
  id: string;
  body: string;
  editedBy: UserRef | null;
  createdAt: string;
}

/**
 * One stored room event (R4) from GET /api/v1/rooms/:room/events?afterSeq=N: the same name and
 * payload the socket sent. Post payloads show the post as it is now, as the reader may see it.
 */
export interface StoredRoomEvent {
  room: string;
  seq: number;
  event: string;
  payload: Record<string, unknown> & { room: string; seq: number };
  createdAt: string;
}

/** POST /api/v1/markdown/preview {body}: the sanitised HTML a post with that body would show (F10). */
export interface MarkdownPreviewResponse {
  html: string;
}

/** M2: a post (or a new thread) waiting for a moderator's approval; seen only by its author and the network's moderators. */
export interface HeldPost {
  id: string;
  networkId: string;
  /** null: the post would start a new thread (`title` says which). */
  threadId: string | null;
  title: string | null;
  author: UserRef;
  body: string;
  html: string;
  replyToId: string | null;
  clientId: string;
  fileCount: number;
  status: 'pending' | 'approved' | 'rejected';
  /** Once approved: the post it became (with its seq). */
  postId: string | null;
  createdAt: string;
}

/** 202 from POST /threads/:id/posts and POST /networks/:id/threads when the post is held for approval. */
export interface HeldResponse {
  held: true;
  heldPost: HeldPost;
}
