import { Injectable, Logger } from '@nestjs/common';
import { parseRoom, rooms } from '@praxis/contracts';
import { DomainEvents, type DomainEventMap } from '../common/domain-events.js';
import { PresenceService, isPresenceRoom } from './presence.service.js';
import { RoomAuthorizer } from './room-authorizer.js';
import { sessionRoom, type RealtimeServer } from './realtime.types.js';

/**
 * Turns committed domain events into socket traffic. Each listener runs on the node where the
 * event was published; every server.to()/in() call goes through the adapter, so with Redis it
 * reaches the sockets of every node.
 */
@Injectable()
export class RealtimeFanout {
  private readonly logger = new Logger(RealtimeFanout.name);
  private server: RealtimeServer | null = null;

  constructor(
    private readonly events: DomainEvents,
    private readonly authorizer: RoomAuthorizer,
    private readonly presence: PresenceService,
  ) {}

  attach(server: RealtimeServer): void {
    if (this.server) return;
    this.server = server;
    this.events.on('room.event', (e) => this.roomEvent(server, e));
    this.events.on('notification.created', (e) => this.notification(server, e));
    this.events.on('notification.read', (e) => this.notificationsRead(server, e));
    this.events.on('sessions.revoked', (e) => this.sessionsRevoked(server, e));
    this.events.on('user.access-ended', (e) => this.accessEnded(server, e));
    this.events.on('network.access-changed', (e) => this.accessChanged(server, e));
    this.events.on('room.access-changed', (e) => this.roomAccessChanged(server, e));
  }

  roomEvent(server: RealtimeServer, { room, event, payload }: DomainEventMap['room.event']): void {
    const parsed = parseRoom(room);
    if (!parsed || parsed.kind === 'user') {
      this.logger.error({ msg: 'room.event for a room that is not a shared room', room, event });
      return;
    }
    server.to(rooms[parsed.kind](parsed.id)).emit(event, payload as never);
  }

  notification(server: RealtimeServer, { userId, notification, unreadCount }: DomainEventMap['notification.created']): void {
    const room = rooms.user(userId);
    server.to(room).emit('notification.created', { room, notification, ...(unreadCount === undefined ? {} : { unreadCount }) });
  }

  notificationsRead(server: RealtimeServer, { userId, ids, unreadCount }: DomainEventMap['notification.read']): void {
    const room = rooms.user(userId);
    server.to(room).emit('notification.read', { room, ids, unreadCount });
  }

  sessionsRevoked(server: RealtimeServer, { sessionIds }: DomainEventMap['sessions.revoked']): void {
    if (sessionIds.length) server.in(sessionIds.map(sessionRoom)).disconnectSockets(true);
  }

  accessEnded(server: RealtimeServer, { userId }: DomainEventMap['user.access-ended']): void {
    server.in(rooms.user(userId)).disconnectSockets(true);
  }

  /**
   * R2: when a membership changes, every socket of that user, on every node, re-asks the policy
   * for each network and thread room it is in and leaves those it may no longer read. Thread
   * rooms are re-checked too, since their access follows their network's.
   */
  async accessChanged(server: RealtimeServer, { userId, networkId }: DomainEventMap['network.access-changed']): Promise<void> {
    const own = server.in(rooms.user(userId));
    const networkRoom = rooms.network(networkId);
    // The network room first, without waiting for the other nodes to list their sockets.
    if (!(await this.authorizer.mayRead(userId, { kind: 'network', id: networkId }))) own.socketsLeave(networkRoom);

    const sockets = await own.fetchSockets();
    const joined = new Set<string>();
    for (const socket of sockets) for (const room of socket.rooms) joined.add(room);
    joined.delete(networkRoom);
    for (const room of joined) {
      const parsed = parseRoom(room);
      if (!parsed || (parsed.kind !== 'network' && parsed.kind !== 'thread')) continue;
      if (await this.authorizer.mayRead(userId, parsed)) continue;
      own.socketsLeave(room);
      if (isPresenceRoom(room)) void this.presence.broadcast(server, room);
    }
  }

  /** R2 for a whole room: every socket in it, on every node, keeps it only if its user may still read it. */
  async roomAccessChanged(server: RealtimeServer, { room, then }: DomainEventMap['room.access-changed']): Promise<void> {
    const parsed = parseRoom(room);
    if (parsed && parsed.kind !== 'user') {
      const verdicts = new Map<string, Promise<boolean>>();
      for (const socket of await server.in(room).fetchSockets()) {
        const userId = socket.data.user.id;
        if (!verdicts.has(userId)) verdicts.set(userId, this.authorizer.mayRead(userId, parsed));
        if (!(await verdicts.get(userId))) socket.leave(room);
      }
      if (isPresenceRoom(room)) void this.presence.broadcast(server, room);
    }
    for (const e of then) this.roomEvent(server, e);
  }
}
