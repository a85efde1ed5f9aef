import { Inject, Injectable, Logger } from '@nestjs/common';
import type { HandshakeErrorCode, UserRef } from '@praxis/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AuthService } from '../modules/auth/auth.service.js';
import type { Viewer } from '../modules/auth/auth.decorators.js';
import { avatarUrl } from '../modules/users/user.mapper.js';
import { verifiedTokenExpiry } from './access-token.js';
import { isAllowedOrigin } from './origin.js';
import type { RealtimeSocket, SocketData } from './realtime.types.js';

/** Statuses that may hold a socket: members, and applicants (their private room tells them of decisions). */
const SOCKET_STATUSES = new Set(['active', 'pending']);
const MAX_TOKEN_LENGTH = 4096;

export class HandshakeError extends Error {
  readonly data: { code: HandshakeErrorCode };
  constructor(code: HandshakeErrorCode, message: string) {
    super(message);
    this.data = { code };
  }
}

export function toUserRef(user: Viewer['user']): UserRef {
  return { id: user.id, handle: user.handle, displayName: user.displayName, organisation: user.organisation, avatarUrl: avatarUrl(user) };
}

/**
 * The handshake check (R1): guards do not run on socket connections, so this io.use middleware is
 * the door. A refusal reaches the client as `connect_error` with this message and `data.code`.
 */
@Injectable()
export class SocketAuthMiddleware {
  private readonly logger = new Logger(SocketAuthMiddleware.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: AuthService,
  ) {}

  readonly handle = (socket: RealtimeSocket, next: (err?: Error) => void): void => {
    this.authenticate(socket).then(
      (data) => {
        socket.data = data;
        next();
      },
      (error: unknown) => {
        if (error instanceof HandshakeError) return next(error);
        this.logger.error({ msg: 'socket handshake failed', err: error });
        next(new HandshakeError('unauthorized', 'the server could not check the token; try again'));
      },
    );
  };

  private async authenticate(socket: RealtimeSocket): Promise<SocketData> {
    if (!isAllowedOrigin(socket.handshake.headers.origin, this.config.webOrigins)) {
      throw new HandshakeError('origin-not-allowed', 'origin not allowed: sockets open only from the configured web origins');
    }
    const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
    if (typeof token !== 'string' || token === '') {
      throw new HandshakeError('unauthorized', 'authentication required: connect with auth: { token: <access token> }');
    }
    const data = await this.verify(token);
    if (!data) throw new HandshakeError('unauthorized', 'invalid or expired token');
    return data;
  }

  /** SocketData for a valid access token of a live session, or null. Also used by the `auth` message. */
  async verify(token: string): Promise<SocketData | null> {
    if (token.length > MAX_TOKEN_LENGTH) return null;
    const viewer = await this.auth.viewerFromAccessToken(token);
    if (!viewer || !SOCKET_STATUSES.has(viewer.user.status)) return null;
    const tokenExpiresAt = verifiedTokenExpiry(token);
    if (tokenExpiresAt === null || tokenExpiresAt <= Date.now()) return null;
    return { user: toUserRef(viewer.user), sessionId: viewer.sessionId, tokenExpiresAt };
  }

  /**
   * Asked again once a socket is in its session's room: a sign-out, a password change or a
   * suspension committed while the token was being checked published its cut before the socket
   * could receive it, so without this the socket would live on until its token expired.
   */
  async stillAllowed(data: SocketData): Promise<boolean> {
    const live = await this.auth.sessionIsLive(data.user.id, data.sessionId);
    return live !== null && SOCKET_STATUSES.has(live.status);
  }
}
