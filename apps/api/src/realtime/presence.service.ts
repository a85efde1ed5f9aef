import { Injectable, Logger } from '@nestjs/common';
import { parseRoom, type UserRef } from '@praxis/contracts';
import type { RealtimeServer } from './realtime.types.js';

/** Rooms whose viewers are shown to each other (R3: who is viewing a thread or an event). */
export function isPresenceRoom(room: string): boolean {
  const kind = parseRoom(room)?.kind;
  return kind === 'thread' || kind === 'event';
}

/** The viewers a presence message names (sorted by name); `count` gives the whole number. */
export const PRESENCE_LISTED = 50;
/** Joins and leaves within this window are told in one presence message per room. */
export const PRESENCE_COALESCE_MS = 250;

/**
 * Presence is read from the sockets in the room on every node (fetchSockets through the adapter)
 * rather than kept in a counter, so a node that dies takes its viewers with it. A room of a thousand
 * viewers stays cheap: a message names at most PRESENCE_LISTED of them with the total count, and the
 * joins of a crowd arriving together are folded into one message per room every PRESENCE_COALESCE_MS
 * (one message per join, naming everyone, grew with the cube of the crowd).
 */
@Injectable()
export class PresenceService {
  private readonly logger = new Logger(PresenceService.name);
  private readonly pending = new Set<string>();

  async viewers(server: RealtimeServer, room: string): Promise<{ users: UserRef[]; count: number }> {
    const sockets = await server.in(room).fetchSockets();
    const byId = new Map<string, UserRef>();
    for (const socket of sockets) if (socket.data.user) byId.set(socket.data.user.id, socket.data.user);
    const users = [...byId.values()].sort((a, b) => a.displayName.localeCompare(b.displayName));
    return { users: users.slice(0, PRESENCE_LISTED), count: users.length };
  }

  /** Tells everyone in the room who is there, soon: changes until then go out in the same message. */
  broadcast(server: RealtimeServer, room: string): void {
    if (this.pending.has(room)) return;
    this.pending.add(room);
    setTimeout(() => {
      this.pending.delete(room);
      void this.send(server, room);
    }, PRESENCE_COALESCE_MS).unref();
  }

  /** A failure only costs a stale list, so it is logged. */
  private async send(server: RealtimeServer, room: string): Promise<void> {
    try {
      server.to(room).emit('presence', { room, ...(await this.viewers(server, room)) });
    } catch (error) {
      this.logger.warn({ msg: 'presence broadcast failed', room, err: error });
    }
  }
}
