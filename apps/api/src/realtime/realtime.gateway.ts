import { Inject, Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import { parseRoom, REALTIME_ERRORS, rooms, type Ack, type UserRef } from '@praxis/contracts';
import { PresenceService, isPresenceRoom } from './presence.service.js';
import { RealtimeFanout } from './realtime-fanout.js';
import { RoomAuthorizer } from './room-authorizer.js';
import { RoomPresence } from './room-presence.js';
import { RoomSequencesRepository } from './room-sequences.repository.js';
import { SocketAuthMiddleware } from './socket-auth.middleware.js';
import { Throttle, TokenBucket } from './socket-rate-limit.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { sessionRoom, type RealtimeServer, type RealtimeSocket } from './realtime.types.js';

/** Messages a socket may send at once, and per second after that. */
const TYPING_INTERVAL_MS = 2000;
/** Slack after the access token's expiry before its socket is closed (clock skew, a refresh in flight). */
const EXPIRY_GRACE_MS = 5000;

type Refusal = { ok: false; error: string };
const refuse = (error: string): Refusal => ({ ok: false, error });

function field(body: unknown, name: string): string | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' && value.length <= 4096 ? value : null;
}

/**
 * The socket door (R1–R3). The handshake middleware has already authenticated every socket that
 * reaches here; each message is then rate-limited, validated by hand (a malformed one gets an
 * error ack, never an exception) and, for rooms, authorised by the RoomAuthorizer every time.
 * Writes never come through here: clients write over REST and the fan-out pushes the results.
 */
@WebSocketGateway()
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection {
  private readonly logger = new Logger(RealtimeGateway.name);
  private server: RealtimeServer;
  private readonly expiryTimers = new WeakMap<RealtimeSocket, NodeJS.Timeout>();
  private readonly typingThrottle = new Throttle(TYPING_INTERVAL_MS);

  constructor(
    private readonly authorizer: RoomAuthorizer,
    private readonly sequences: RoomSequencesRepository,
    private readonly presence: PresenceService,
    private readonly fanout: RealtimeFanout,
    private readonly roomPresence: RoomPresence,
    private readonly socketAuth: SocketAuthMiddleware,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  afterInit(server: RealtimeServer): void {
    this.server = server;
    this.fanout.attach(server);
    this.roomPresence.attach(server);
  }

  handleConnection(socket: RealtimeSocket): void {
    const { user, sessionId } = socket.data;
    void socket.join([rooms.user(user.id), sessionRoom(sessionId)]);
    this.scheduleExpiry(socket);
    // The handshake checked the session before the socket was in its rooms; a revocation committed in
    // between published its cut too early to reach it, so the session is asked once more now.
    this.socketAuth.stillAllowed(socket.data).then(
      (allowed) => {
        if (!allowed) socket.disconnect(true);
      },
      (error: unknown) => this.logger.warn({ msg: 'socket session re-check failed', err: error }),
    );

    const bucket = new TokenBucket(this.config.socketLimits.burst, this.config.socketLimits.perSecond);
    socket.use((packet, next) => {
      if (bucket.take()) return next();
      const ack: unknown = packet[packet.length - 1];
      if (typeof ack === 'function') (ack as (r: Refusal) => void)(refuse(REALTIME_ERRORS.rateLimited));
    });

    socket.on('disconnecting', () => {
      clearTimeout(this.expiryTimers.get(socket));
      const viewed = [...socket.rooms].filter(isPresenceRoom);
      const watched = [...socket.rooms].filter((room) => this.roomPresence.watches(room));
      const userId = socket.data.user.id;
      // The socket leaves its rooms right after this event; tell the others, and the features
      // that record presence (event attendance), once it has.
      if (viewed.length || watched.length) {
        socket.once('disconnect', () => {
          viewed.forEach((room) => this.presence.broadcast(this.server, room));
          watched.forEach((room) => void this.roomPresence.leftOne(userId, room));
        });
      }
    });
  }

  @SubscribeMessage('subscribe')
  subscribe(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() body: unknown): Promise<Ack<{ seq: number }>> {
    return this.guarded('subscribe', async () => {
      const room = parseRoom(field(body, 'room'));
      if (!room) return refuse(field(body, 'room') === null ? REALTIME_ERRORS.invalidPayload : REALTIME_ERRORS.invalidRoom);
      const userId = socket.data.user.id;
      // The same answer whether the room does not exist or may not be read: nothing leaks.
      if (!(await this.authorizer.mayRead(userId, room))) return refuse(REALTIME_ERRORS.notAllowed);
      const name = rooms[room.kind](room.id);
      await socket.join(name);
      // Asked again after joining: if access was withdrawn between the first answer and the join,
      // the withdrawal's re-check may have run before this socket was in the room.
      if (!(await this.authorizer.mayRead(userId, room))) {
        await socket.leave(name);
        return refuse(REALTIME_ERRORS.notAllowed);
      }
      const seq = room.kind === 'user' ? 0 : await this.sequences.current(name);
      if (isPresenceRoom(name)) this.presence.broadcast(this.server, name);
      void this.roomPresence.entered(userId, name);
      return { ok: true, seq };
    });
  }

  @SubscribeMessage('unsubscribe')
  unsubscribe(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() body: unknown): Promise<Ack<{ seq: number }>> {
    return this.guarded('unsubscribe', async () => {
      const room = parseRoom(field(body, 'room'));
      if (!room) return refuse(field(body, 'room') === null ? REALTIME_ERRORS.invalidPayload : REALTIME_ERRORS.invalidRoom);
      // The private room carries notifications and session ends; a socket stays in it.
      if (room.kind === 'user') return refuse(REALTIME_ERRORS.notAllowed);
      const name = rooms[room.kind](room.id);
      const wasIn = socket.rooms.has(name);
      await socket.leave(name);
      if (wasIn && isPresenceRoom(name)) this.presence.broadcast(this.server, name);
      if (wasIn) void this.roomPresence.leftOne(socket.data.user.id, name);
      return { ok: true, seq: await this.sequences.current(name) };
    });
  }

  @SubscribeMessage('typing')
  typing(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() body: unknown): Promise<Ack> {
    return this.guarded('typing', async () => {
      const room = parseRoom(rooms.thread(field(body, 'threadId') ?? ''));
      if (!room) return refuse(REALTIME_ERRORS.invalidPayload);
      const name = rooms.thread(room.id);
      if (!socket.rooms.has(name)) return refuse(REALTIME_ERRORS.notSubscribed);
      const user = socket.data.user;
      // Throttled before the policy is asked, so a fast typist costs one query per 2 s.
      if (!this.typingThrottle.pass(`${user.id}:${room.id}`)) return { ok: true };
      if (!(await this.authorizer.mayRead(user.id, room))) return refuse(REALTIME_ERRORS.notAllowed);
      socket.to(name).emit('typing', { room: name, user });
      return { ok: true };
    });
  }

  @SubscribeMessage('presence')
  presenceOf(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() body: unknown): Promise<Ack<{ users: UserRef[]; count: number }>> {
    return this.guarded('presence', async () => {
      const room = parseRoom(field(body, 'room'));
      if (!room) return refuse(field(body, 'room') === null ? REALTIME_ERRORS.invalidPayload : REALTIME_ERRORS.invalidRoom);
      const name = rooms[room.kind](room.id);
      if (!isPresenceRoom(name)) return refuse(REALTIME_ERRORS.invalidRoom);
      if (!socket.rooms.has(name)) return refuse(REALTIME_ERRORS.notSubscribed);
      return { ok: true, ...(await this.presence.viewers(this.server, name)) };
    });
  }

  /** R1: a fresh access token on the open connection, so it outlives the one it opened with. */
  @SubscribeMessage('auth')
  reauthenticate(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() body: unknown): Promise<Ack> {
    return this.guarded('auth', async () => {
      const token = field(body, 'token');
      if (!token) return refuse(REALTIME_ERRORS.invalidPayload);
      const data = await this.socketAuth.verify(token);
      if (!data) return refuse(REALTIME_ERRORS.invalidToken);
      if (data.user.id !== socket.data.user.id) return refuse('the token belongs to another user; reconnect instead');
      if (!socket.connected) return refuse(REALTIME_ERRORS.invalidToken);
      if (data.sessionId !== socket.data.sessionId) {
        await socket.leave(sessionRoom(socket.data.sessionId));
        await socket.join(sessionRoom(data.sessionId));
        // As at connection: a revocation of the new session between the check and the join missed this socket.
        if (!(await this.socketAuth.stillAllowed(data))) {
          socket.disconnect(true);
          return refuse(REALTIME_ERRORS.invalidToken);
        }
      }
      socket.data = data;
      this.scheduleExpiry(socket);
      return { ok: true };
    });
  }

  /**
   * Graceful shutdown (main.ts, on SIGTERM, once the HTTP server has stopped accepting connections):
   * every socket of this node is told `server.shutdown` and its connection is then closed at the
   * transport level, after that message is flushed. The client sees `transport close`, which
   * socket.io-client answers by reconnecting by itself (an `io server disconnect` would not be), so
   * it lands on another node and catches up from its last seq. Sockets on other nodes are untouched.
   * Resolves when every local connection is closed, or after `timeoutMs`.
   */
  async announceShutdown(timeoutMs = 2000): Promise<number> {
    if (!this.server) return 0;
    const local = [...this.server.of('/').sockets.values()];
    const closed = local.map(
      (socket) =>
        new Promise<void>((resolve) => {
          if (socket.disconnected) return resolve();
          socket.once('disconnect', () => resolve());
          socket.emit('server.shutdown', { reconnect: true });
          socket.conn.close();
        }),
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(closed), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    return local.length;
  }

  /** Closes the socket when its token expires, unless `auth` brought a newer one. */
  private scheduleExpiry(socket: RealtimeSocket) {
    clearTimeout(this.expiryTimers.get(socket));
    const delay = Math.max(0, socket.data.tokenExpiresAt - Date.now()) + EXPIRY_GRACE_MS;
    const timer = setTimeout(() => socket.disconnect(true), Math.min(delay, 2 ** 31 - 1));
    timer.unref();
    this.expiryTimers.set(socket, timer);
  }

  /** Every handler answers with an ack, even when something unexpected fails: never an unhandled rejection. */
  private async guarded<T extends object>(message: string, work: () => Promise<Ack<T>>): Promise<Ack<T>> {
    try {
      return await work();
    } catch (error) {
      this.logger.error({ msg: `socket ${message} failed`, err: error });
      return refuse(REALTIME_ERRORS.internal);
    }
  }
}
