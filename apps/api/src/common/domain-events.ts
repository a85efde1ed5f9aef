import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import type { NotificationItem, ServerToClientEvents } from '@praxis/contracts';

/**
 * Facts that other features react to, published by services after their transaction commits
 * (the realtime layer turns them into socket events; notifications and mail listen too).
 * Each feature adds its events to this map.
 */
export interface DomainEventMap {
  /** Sessions ended (sign-out, revocation, suspension): their live sockets must close. */
  'sessions.revoked': { userId: string; sessionIds: string[] };
  /** The account can no longer be used (suspended, rejected): every socket of it closes. */
  'user.access-ended': { userId: string };
  /** A committed change that every reader of `room` sees live; payload carries `room` and its `seq` (R4). */
  'room.event': RoomEventPublished;
  /** A user's membership of a network changed (left, removed, banned, role): their sockets re-check their rooms. */
  'network.access-changed': { userId: string; networkId: string };
  /**
   * R2: who may read these rooms changed (a network's visibility, a thread moved, an event's visibility
   * or network): every socket in them, on every node, re-asks the policy, those refused leave with a
   * `room.unsubscribed` notice, and only then do the `then` events go out, so the refused never see them.
   * The one entry point for any change of read access that is not a change of one user's membership.
   */
  'rooms.access-changed': { rooms: string[]; then: RoomEventPublished[] };
  /** An in-app notification was stored for userId (O1); it goes live to their private room. */
  'notification.created': { userId: string; notification: NotificationItem; unreadCount?: number };
  /** userId marked notifications read (ids, or null for all): their other tabs update the unread count. */
  'notification.read': { userId: string; ids: string[] | null; unreadCount: number };
}

/** One socket event for one room, e.g. {room: 'thread:…', event: 'post.created', payload: {room, seq, post}}. */
export type RoomEventPublished = {
  [E in RoomEventName]: { room: string; event: E; payload: Parameters<ServerToClientEvents[E]>[0] };
}[RoomEventName];
export type RoomEventName = Exclude<keyof ServerToClientEvents, 'typing' | 'presence' | 'notification.created' | 'notification.read' | 'room.unsubscribed'>;

@Injectable()
export class DomainEvents {
  private readonly emitter = new EventEmitter({ captureRejections: true });
  private readonly logger = new Logger(DomainEvents.name);

  constructor() {
    this.emitter.setMaxListeners(100);
  }

  publish<K extends keyof DomainEventMap>(name: K, payload: DomainEventMap[K]): void {
    for (const listener of this.emitter.listeners(name)) {
      // A listener's failure must never undo or fail the write that already committed.
      Promise.resolve()
        .then(() => (listener as (p: DomainEventMap[K]) => unknown)(payload))
        .catch((error: unknown) => this.logger.error({ msg: `listener of ${name} failed`, err: error }));
    }
  }

  on<K extends keyof DomainEventMap>(name: K, listener: (payload: DomainEventMap[K]) => unknown): void {
    this.emitter.on(name, listener);
  }
}
