import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents, UserRef } from '@praxis/contracts';

/**
 * What the handshake middleware attaches to a socket. Plain JSON only: with the Redis adapter,
 * fetchSockets() carries socket.data to other nodes.
 */
export interface SocketData {
  user: UserRef;
  sessionId: string;
  /** When the access token presented last expires (ms since epoch); the socket closes then unless re-authenticated. */
  tokenExpiresAt: number;
}

// No server-to-server events: nodes talk only through the adapter's broadcasts.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface InterServerEvents {}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Internal room of every socket opened with one session, so a revoked session closes them all on every node. */
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;

