import { Injectable, Logger } from '@nestjs/common';
import { parseRoom, rooms, type RoomKind } from '@praxis/contracts';
import type { RealtimeServer } from './realtime.types.js';

/**
 * What a feature wants to hear about who is in its rooms. `entered` runs after an authorised
 * subscribe; `left` runs once the user has no socket left in the room on any node (after an
 * unsubscribe or a disconnect). Both run after the fact and must not throw for ordinary refusals.
 */
export interface RoomPresenceHandlers {
  entered?(userId: string, id: string): Promise<void>;
  left?(userId: string, id: string): Promise<void>;
}

/**
 * Presence hooks for feature rooms (events: attendance, E6), registered at start-up like room
 * authorisers, so the realtime layer never imports feature code. "Is the user still in the room"
 * is read from the user's sockets on every node (fetchSockets through the adapter, on the user's
 * private room, which every socket of theirs is in): with several API nodes, only the last
 * socket leaving counts.
 */
@Injectable()
export class RoomPresence {
  private readonly logger = new Logger(RoomPresence.name);
  private readonly handlers = new Map<RoomKind, RoomPresenceHandlers>();
  private server: RealtimeServer | null = null;

  register(kind: Exclude<RoomKind, 'user'>, handlers: RoomPresenceHandlers): void {
    if (this.handlers.has(kind)) throw new Error(`presence handlers for ${kind} rooms are already registered`);
    this.handlers.set(kind, handlers);
  }

  /** Called by the gateway once the socket server exists. */
  attach(server: RealtimeServer): void {
    this.server = server;
  }

  /** Whether any feature listens to this room's presence (so the gateway can skip the others). */
  watches(room: string): boolean {
    const kind = parseRoom(room)?.kind;
    return kind !== undefined && this.handlers.has(kind);
  }

  /** Ids of the users with at least one socket in the room, on any node. */
  async usersIn(room: string): Promise<string[]> {
    if (!this.server) return [];
    const sockets = await this.server.in(room).fetchSockets();
    return [...new Set(sockets.map((s) => s.data.user?.id).filter((id): id is string => Boolean(id)))];
  }

  /** Whether the user still has a socket in the room, on any node. */
  async isIn(userId: string, room: string): Promise<boolean> {
    if (!this.server) return false;
    const sockets = await this.server.in(rooms.user(userId)).fetchSockets();
    return sockets.some((s) => s.rooms.has(room));
  }

  /** A socket of the user entered the room. */
  async entered(userId: string, room: string): Promise<void> {
    const parsed = parseRoom(room);
    const handler = parsed ? this.handlers.get(parsed.kind)?.entered : undefined;
    if (!parsed || !handler) return;
    await this.guard('entered', room, () => handler(userId, parsed.id));
  }

  /** A socket of the user left the room (it is out of it already); tells the feature if it was the last one. */
  async leftOne(userId: string, room: string): Promise<void> {
    const parsed = parseRoom(room);
    const handler = parsed ? this.handlers.get(parsed.kind)?.left : undefined;
    if (!parsed || !handler) return;
    await this.guard('left', room, async () => {
      if (!(await this.isIn(userId, room))) await handler(userId, parsed.id);
    });
  }

  /** A hook's failure costs one presence record, never the socket: it is logged. */
  private async guard(what: string, room: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.warn({ msg: `room presence ${what} failed`, room, err: error });
    }
  }
}
