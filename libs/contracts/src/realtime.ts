import type { Post, Reaction, ReactionCount, ThreadSummary } from './forum.js';
import type { UserRef } from './networks.js';

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
  return match ? { kind: match[1] as RoomKind, id: match[2].toLowerCase() } : null;
}

/** Every event sent to a room carries the room and its sequence number (SPEC R4). */
export interface RoomEnvelope {
  room: string;
  seq: number;
}

export type Ack<T = Record<string, never>> = ({ ok: true } & T) | { ok: false; error: string };

export interface ServerToClientEvents {
  'thread.created': (e: RoomEnvelope & { thread: ThreadSummary }) => void;
  'thread.updated': (e: RoomEnvelope & { thread: ThreadSummary }) => void;
  'post.created': (e: RoomEnvelope & { post: Post }) => void;
  'post.updated': (e: RoomEnvelope & { post: Post }) => void;
  'post.deleted': (e: RoomEnvelope & { postId: string }) => void;
  'reaction.updated': (e: RoomEnvelope & { postId: string; reaction: Reaction; reactions: Omit<ReactionCount, 'mine'>[]; userId: string; active: boolean }) => void;
  typing: (e: { room: string; user: UserRef }) => void;
  presence: (e: { room: string; users: UserRef[] }) => void;
  'notification.created': (e: { room: string; notification: NotificationItem; unreadCount: number }) => void;
  'event.updated': (e: RoomEnvelope & Record<string, unknown>) => void;
  'question.created': (e: RoomEnvelope & Record<string, unknown>) => void;
  'question.updated': (e: RoomEnvelope & Record<string, unknown>) => void;
  'chat.message': (e: RoomEnvelope & Record<string, unknown>) => void;
  'attendance.updated': (e: RoomEnvelope & Record<string, unknown>) => void;
  'membership.updated': (e: RoomEnvelope & { userId: string; status: string; role: string | null }) => void;
}

export interface ClientToServerEvents {
  subscribe: (payload: { room: string }, ack: (result: Ack<{ seq: number }>) => void) => void;
  unsubscribe: (payload: { room: string }, ack: (result: Ack<{ seq: number }>) => void) => void;
  typing: (payload: { threadId: string }) => void;
  presence: (payload: { room: string }, ack?: (result: Ack<{ users: UserRef[] }>) => void) => void;
}

export interface NotificationItem {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}
