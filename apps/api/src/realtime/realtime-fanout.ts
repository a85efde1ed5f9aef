import { Injectable, Logger } from '@nestjs/common';
import { parseRoom, rooms } from '@praxis/contracts';
import { DomainEvents, type DomainEventMap } from '../common/domain-events.js';
import { PresenceService, isPresenceRoom } from './presence.service.js';
import { RoomAuthorizer } from './room-authorizer.js';
import type { RemoteSocket } from 'socket.io';
import type { ServerToClientEvents } from '@praxis/contracts';
import { sessionRoom, type RealtimeServer, type SocketData } from './realtime.types.js';

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
    this.events.on('rooms.access-changed', (e) => this.roomsAccessChanged(server, e));
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
   * for each room it is in and leaves those it may no longer read. Thread and event rooms are
   * re-checked too, since their access follows their network's (a network-only event's room must
   * not outlive a ban).
   */
  async accessChanged(server: RealtimeServer, { userId, networkId }: DomainEventMap['network.access-changed']): Promise<void> {
    const own = server.in(rooms.user(userId));
    const networkRoom = rooms.network(networkId);
    // The network room first, without waiting for the other nodes to list their sockets (the notice
    // goes to each of the user's sockets; a client ignores it for a room it had not joined).
    if (!(await this.authorizer.mayRead(userId, { kind: 'network', id: networkId }))) {
      own.socketsLeave(networkRoom);
      own.emit('room.unsubscribed', { room: networkRoom, reason: 'access-changed' });
    }
    const sockets = await own.fetchSockets();
    await this.recheck(server, sockets, (room) => {
      const kind = parseRoom(room)?.kind;
      return room !== networkRoom && kind !== undefined && kind !== 'user';
    });
  }

  /** R2 for whole rooms: every socket in them, on every node, keeps each only if its user may still read it. */
  async roomsAccessChanged(server: RealtimeServer, { rooms: changed, then }: DomainEventMap['rooms.access-changed']): Promise<void> {
    const affected = new Set(changed.filter((room) => parseRoom(room) && parseRoom(room)?.kind !== 'user'));
    if (affected.size) await this.recheck(server, await server.in([...affected]).fetchSockets(), (room) => affected.has(room));
    for (const e of then) this.roomEvent(server, e);
  }

  /**
   * Asks the policy once per user and room for every room of `sockets` that `concerns`, and takes
   * the socket out of those it may no longer read, telling it why (`room.unsubscribed`).
   */
  private async recheck(server: RealtimeServer, sockets: RemoteSocket<ServerToClientEvents, SocketData>[], concerns: (room: string) => boolean): Promise<void> {
    const verdicts = new Map<string, Promise<boolean>>();
    const emptied = new Set<string>();
    for (const socket of sockets) {
      for (const room of [...socket.rooms]) {
        if (!concerns(room)) continue;
        const parsed = parseRoom(room);
        if (!parsed || parsed.kind === 'user') continue;
        const key = `${socket.data.user.id} ${room}`;
        if (!verdicts.has(key)) verdicts.set(key, this.authorizer.mayRead(socket.data.user.id, parsed));
        if (await verdicts.get(key)) continue;
        socket.leave(room);
        socket.emit('room.unsubscribed', { room, reason: 'access-changed' });
        emptied.add(room);
      }
    }
    for (const room of emptied) if (isPresenceRoom(room)) this.presence.broadcast(server, room);
  }
}
