import { Injectable } from '@nestjs/common';
import type { RoomKind } from '@praxis/contracts';

/** Answers whether userId may read the room of this kind with this id; asked on every join. */
export type RoomReadResolver = (userId: string, id: string) => Promise<boolean>;

/**
 * The one place socket rooms are authorised (R2). Each feature registers the resolver of its room
 * kind at start-up (networks: `network` and `thread`; events: `event`), backed by that feature's
 * policy, so a socket join asks exactly what the REST routes ask. A kind without a resolver is
 * refused: a room nobody vouches for is closed.
 */
@Injectable()
export class RoomAuthorizer {
  private readonly resolvers = new Map<RoomKind, RoomReadResolver>([
    // A private room is readable by its owner only.
    ['user', (userId, id) => Promise.resolve(userId === id)],
  ]);

  register(kind: Exclude<RoomKind, 'user'>, resolver: RoomReadResolver): void {
    if (this.resolvers.has(kind)) throw new Error(`a resolver for ${kind} rooms is already registered`);
    this.resolvers.set(kind, resolver);
  }

  async mayRead(userId: string, room: { kind: RoomKind; id: string }): Promise<boolean> {
    const resolver = this.resolvers.get(room.kind);
    return resolver ? (await resolver(userId, room.id)) === true : false;
  }
}
