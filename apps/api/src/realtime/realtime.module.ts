import { Module } from '@nestjs/common';
import { PresenceService } from './presence.service.js';
import { RealtimeFanout } from './realtime-fanout.js';
import { RealtimeGateway } from './realtime.gateway.js';
import { RoomAuthorizer } from './room-authorizer.js';
import { RoomPresence } from './room-presence.js';
import { RoomSequencesRepository } from './room-sequences.repository.js';
import { SocketAuthMiddleware } from './socket-auth.middleware.js';

/**
 * Live updates over socket.io (R1–R5). Features make their rooms joinable by registering a
 * resolver with the exported RoomAuthorizer (and, to hear who enters and leaves, handlers with
 * RoomPresence); they publish DomainEvents and never touch sockets.
 */
@Module({
  providers: [RealtimeGateway, RealtimeFanout, PresenceService, RoomAuthorizer, RoomPresence, RoomSequencesRepository, SocketAuthMiddleware],
  exports: [RoomAuthorizer, RoomPresence, SocketAuthMiddleware],
})
export class RealtimeModule {}
