import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import type { Observable } from 'rxjs';
import { Server, type ServerOptions } from 'socket.io';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { SocketAuthMiddleware } from './socket-auth.middleware.js';

type NestServer = ReturnType<IoAdapter['createIOServer']>;
type NestServerOptions = Parameters<IoAdapter['createIOServer']>[1];
type NestSocket = Parameters<IoAdapter['bindMessageHandlers']>[0];

/** How many cross-node messages the Redis stream keeps (a node that is briefly away reads on from its offset). */
const STREAM_MAX_LENGTH = 10_000;

/**
 * The socket.io server as Praxis needs it: small messages, CORS and Origin limited to the web
 * origins, the handshake middleware in front of every connection, and with REDIS_URL the Redis
 * streams adapter, which joins several API nodes into one set of rooms (R5). Why streams and not
 * pub/sub: docs/realtime.md.
 */
export class PraxisIoAdapter extends IoAdapter {
  private readonly log = new Logger(PraxisIoAdapter.name);
  private redis: Redis | null = null;

  constructor(private readonly app: INestApplicationContext) {
    super(app);
  }

  /**
   * Builds the server from this package's own socket.io rather than the copy pinned inside
   * @nestjs/platform-socket.io, so that the server, the Redis adapter and our types are one
   * version; Nest only binds events on it, which both versions do alike.
   */
  override createIOServer(port: number, options?: NestServerOptions): NestServer {
    const config = this.app.get<AppConfig>(APP_CONFIG);
    const serverOptions: Partial<ServerOptions> = {
      ...(options as Partial<ServerOptions> | undefined),
      maxHttpBufferSize: config.socketLimits.maxPayloadBytes,
      serveClient: false,
      cors: { origin: config.webOrigins, credentials: true },
    };
    const server = this.httpServer && port === 0 ? new Server(this.httpServer, serverOptions) : new Server(port, serverOptions);
    if (config.redisUrl) {
      // A connection of its own (the adapter duplicates it for its blocking stream reads) that
      // queues commands while Redis is away instead of failing them, so nothing published in the
      // meantime is dropped: the XADDs are written when the connection returns.
      // Named after the prefix (the adapter's duplicates inherit it) so an operator can tell them apart.
      this.redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null, connectionName: `${config.redisPrefix}:socket.io` });
      this.redis.on('error', (err: Error) => this.log.warn({ msg: 'socket.io Redis connection error', err: err.message }));
      this.observePublishes(this.redis);
      server.adapter(
        createAdapter(this.redis, {
          streamName: `${config.redisPrefix}:socket.io`,
          channelPrefix: `${config.redisPrefix}:socket.io`,
          maxLen: STREAM_MAX_LENGTH,
          blockTimeInMs: 2000,
        }),
      );
    }
    server.use(this.app.get(SocketAuthMiddleware).handle);
    return server as unknown as NestServer;
  }

  /**
   * The adapter sends its cluster requests (fetchSockets, serverSideEmit) with a PUBLISH whose
   * promise it drops, so a PUBLISH refused while Redis is away or after shutdown (a socket's
   * disconnect handler asking who is still in a room) would be an unhandled rejection that takes
   * the process down. Each one is observed here and logged; the request itself still ends by its
   * own timeout, and callers that do await the PUBLISH still see the error.
   */
  private observePublishes(redis: Redis): void {
    const publish = redis.publish.bind(redis) as (...args: unknown[]) => Promise<number>;
    (redis as unknown as { publish: (...args: unknown[]) => Promise<number> }).publish = (...args: unknown[]) => {
      const sent = publish(...args);
      sent.catch((err: Error) => this.log.warn({ msg: 'socket.io Redis publish failed', err: err.message }));
      return sent;
    };
  }

  /**
   * The gateway's handlers as plain listeners. Nest's own binding builds an RxJS pipeline per
   * socket and handler (fromEvent, mergeMap, takeUntil on a shared disconnect stream), which the
   * connections bench measured as most of a signed-in socket's heap; the listeners here do the
   * same per message: the handler's answer goes back as its `event` or through the ack, and a
   * handler that throws is logged without silencing that event for the client. A listener goes
   * with its socket; an answer that comes after a disconnect is not written (socket.io drops
   * packets for a closed connection).
   */
  override bindMessageHandlers(socket: NestSocket, handlers: MessageMappingProperties[], transform: (data: unknown) => Observable<unknown>): void {
    for (const { message, callback, isAckHandledManually } of handlers) {
      socket.on(message as string, (...args: unknown[]) => {
        const { data, ack } = this.mapPayload(args.length > 1 ? args : args[0]);
        const answer = (response: unknown) => {
          if (response === null || response === undefined) return;
          const { event, data: payload } = response as { event?: string; data?: unknown };
          if (event) socket.emit(event, payload);
          else if (!isAckHandledManually && typeof ack === 'function') ack(response);
        };
        try {
          transform(callback(data, ack)).subscribe({ next: answer, error: (err: unknown) => this.logger.error(err) });
        } catch (err) {
          this.logger.error(err);
        }
      });
    }
  }

  override async close(server: NestServer): Promise<void> {
    await super.close(server);
    if (this.redis) {
      await this.redis.quit().catch(() => this.redis?.disconnect());
      this.redis = null;
    }
  }
}
