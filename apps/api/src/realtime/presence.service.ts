import { Injectable, Logger } from '@nestjs/common';
import { parseRoom, type UserRef } from '@praxis/contracts';
import type { RealtimeServer } from './realtime.types.js';

/** Rooms whose viewers are shown to each other (R3: who is viewing a thread or an event). */
export function isPresenceRoom(room: string): boolean {
  const kind = parseRoom(room)?.kind;
  return kind === 'thread' || kind === 'event';
}

/**
 * Presence is read from the sockets in the room on every node (fetchSockets through the adapter)
 * rather than kept in a counter, so a node that dies takes its viewers with it.
 */
@Injectable()
export class PresenceService {
  private readonly logger = new Logger(PresenceService.name);

  async viewers(server: RealtimeServer, room: string): Promise<UserRef[]> {
    const sockets = await server.in(room).fetchSockets();
    const byId = new Map<string, UserRef>();
    for (const socket of sockets) if (socket.data.user) byId.set(socket.data.user.id, socket.data.user);
    return [...byId.values()].sort((a, b) => a.displayName.localeCompare(b.displayName));
  }

  /** Tells everyone in the room who is there now; a failure only costs a stale list, so it is logged. */
  async broadcast(server: RealtimeServer, room: string): Promise<void> {
    try {
      server.to(room).emit('presence', { room, users: await this.viewers(server, room) });
    } catch (error) {
      this.logger.warn({ msg: 'presence broadcast failed', room, err: error });
    }
  }
}
