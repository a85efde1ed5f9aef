import type { Post, Reaction, ReactionCount, ThreadSummary } from './forum.js';
import type { UserRef } from './networks.js';
import type { NotificationTarget, NotificationsReadEvent } from './notifications.js';

/** Room names are built only through these helpers, on both sides. */
export const rooms = {
  network: (id: string) => `network:${id}` as const,
  thread: (id: string) => `thread:${id}` as const,
  event: (id: string) => `event:${id}` as const,
  user: (id: string) => `user:${id}` as const,
};
export type RoomKind = keyof typeof rooms;
export type RoomName = ReturnType<(typeof rooms)[RoomKind]>;

/** Splits `thread:<uuid>` into its kind and id, or null for anything that is not a room name. */
export function parseRoom(room: unknown): { kind: RoomKind; id: string } | null {
  if (typeof room !== 'string' || room.length > 100) return null;
  const match = /^(network|thread|event|user):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(room);
  // Both parts lowercased: `Thread:<id>` names the same room as `thread:<id>`, and the kind indexes `rooms`.
  return match ? { kind: match[1].toLowerCase() as RoomKind, id: match[2].toLowerCase() } : null;
}

/** Every event sent to a room carries the room and its sequence number (SPEC R4). */
export interface RoomEnvelope {
  room: string;
  seq: number;
}

export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: string };

export interface ServerToClientEvents {
  'thread.created': (e: RoomEnvelope & { thread: ThreadSummary }) => void;
  'thread.updated': (e: RoomEnvelope & { thread: ThreadSummary }) => void;
  'post.created': (e: RoomEnvelope & { post: Post }) => void;
  'post.updated': (e: RoomEnvelope & { post: Post }) => void;
  'post.deleted': (e: RoomEnvelope & { postId: string }) => void;
  'reaction.updated': (e: RoomEnvelope & { postId: string; reaction: Reaction; reactions: Omit<ReactionCount, 'mine'>[]; userId: string; active: boolean }) => void;
  typing: (e: { room: string; user: UserRef }) => void;
  /** Who is viewing: the first 50 by name, and how many in all (joins and leaves told within 250 ms, several in one message). */
  presence: (e: { room: string; users: UserRef[]; count: number }) => void;
  /** Sent to the recipient's private `user:<id>` room; unreadCount is present when the sender knew it. */
  'notification.created': (e: { room: string; notification: NotificationItem; unreadCount?: number }) => void;
  /** Sent to the reader's private room after notifications were marked read (any tab or device). */
  'notification.read': (e: NotificationsReadEvent) => void;
  'event.updated': (e: RoomEnvelope & Record<string, unknown>) => void;
  'question.created': (e: RoomEnvelope & Record<string, unknown>) => void;
  'question.updated': (e: RoomEnvelope & Record<string, unknown>) => void;
  'chat.message': (e: RoomEnvelope & Record<string, unknown>) => void;
  'attendance.updated': (e: RoomEnvelope & Record<string, unknown>) => void;
  'membership.updated': (e: RoomEnvelope & { userId: string; status: string; role: string | null }) => void;
  /**
   * R2: the server took this socket out of `room` because its user may no longer read it (a network
   * made private, a thread or event moved, a removal or ban). Nothing more from that room arrives.
   */
  'room.unsubscribed': (e: { room: string; reason: 'access-changed' }) => void;
  /**
   * The node this socket is connected to is shutting down (SIGTERM: a deploy or a restart). Right after
   * it the server closes the connection (`disconnect` reason `transport close`), so socket.io-client
   * reconnects by itself, through the load balancer to another node; the client then re-subscribes and
   * catches up from its last `seq` as after any reconnection.
   */
  'server.shutdown': (e: { reconnect: true }) => void;
}

export interface ClientToServerEvents {
  /** Join a room; the server asks the read policy every time. seq is the room's latest sequence number. */
  subscribe: (payload: { room: string }, ack: (result: Ack<{ seq: number }>) => void) => void;
  unsubscribe: (payload: { room: string }, ack: (result: Ack<{ seq: number }>) => void) => void;
  /** Throttled by the server to one broadcast per user and thread every 2 s; only for subscribed threads. */
  typing: (payload: { threadId: string }, ack?: (result: Ack) => void) => void;
  /** Who is viewing a thread or event room the socket has subscribed to. */
  presence: (payload: { room: string }, ack?: (result: Ack<{ users: UserRef[]; count: number }>) => void) => void;
  /** Replaces the connection's access token before it expires (R1); the token must be the same user's. */
  auth: (payload: { token: string }, ack?: (result: Ack) => void) => void;
}

/** Why the server refused a handshake: `connect_error` carries it as `err.data.code`. */
export type HandshakeErrorCode = 'unauthorized' | 'origin-not-allowed';

/** Refusals a `subscribe`/`unsubscribe`/`presence`/`typing`/`auth` ack may carry as `error`. */
export const REALTIME_ERRORS = {
  invalidPayload: 'invalid payload',
  invalidRoom: 'invalid room',
  notAllowed: 'not allowed',
  notSubscribed: 'not subscribed',
  rateLimited: 'rate limited',
  invalidToken: 'invalid or expired token',
  internal: 'internal error',
} as const;

export interface NotificationItem {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  /** What it is about; null for notices about the account itself. */
  target?: NotificationTarget | null;
  createdAt: string;
  readAt: string | null;
}
