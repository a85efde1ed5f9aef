import { BadRequestException, ConflictException, ForbiddenException, Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { isUUID } from 'class-validator';
import argon2 from 'argon2';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CurrentUser, RegisterRequest, SessionInfo } from '@praxis/contracts';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { DomainEvents } from '../../common/domain-events.js';
import { MailService } from '../mail/mail.service.js';
import { RateLimitService } from '../rate-limit/rate-limit.service.js';
import { FilesService, type UploadedFile } from '../files/files.service.js';
import { DOCUMENT_TYPES } from '../files/file-types.js';
import { UsersRepository } from '../users/users.repository.js';
import { toCurrentUser } from '../users/user.mapper.js';
import { AccountNotices } from '../users/account-notices.js';
import { AuditLogService } from '../audit/audit.service.js';
import { emailDomainIn, HubSettingsService } from '../hub-settings/hub-settings.service.js';
import type { UserEntity } from '../users/user.entity.js';
import { AuthRepository } from './auth.repository.js';
import type { Viewer } from './auth.decorators.js';
import { PasswordRefused, passwordProblem } from './password-policy.js';
import { hashToken, newSecretToken } from './tokens.js';
import { handleCandidates } from './handles.js';

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
  /** The device cookie this browser holds, if any (see `login`). */
  device?: string | null;
}

/** How long a browser is remembered as a device its account signed in from. */
export const DEVICE_TTL_DAYS = 365;

export interface IssuedSession {
  accessToken: string;
  refreshToken: string;
  user: CurrentUser;
}

interface AccessTokenClaims {
  sub: string;
  sid: string;
}

const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
const VERIFY_TTL_MS = 7 * 24 * 3600 * 1000;
const RESET_TTL_MS = 3600 * 1000;
const INVALID_CREDENTIALS = 'The email or password is incorrect';

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  /** Verified against when an email is unknown, so a miss costs as long as a wrong password. */
  private readonly dummyHash: Promise<string>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly users: UsersRepository,
    private readonly sessions: AuthRepository,
    private readonly mail: MailService,
    private readonly rateLimits: RateLimitService,
    private readonly files: FilesService,
    private readonly events: DomainEvents,
    private readonly audit: AuditLogService,
    private readonly notices: AccountNotices,
    private readonly hubSettings: HubSettingsService,
  ) {
    this.dummyHash = argon2.hash('praxis-timing-equaliser', ARGON2_OPTIONS);
  }

  hashPassword(password: string): Promise<string> {
    return argon2.hash(password, ARGON2_OPTIONS);
  }

  /** Whether an address belongs to a domain whose people are approved without review (the hub settings, D2). */
  private async isAutoApproved(email: string): Promise<boolean> {
    return emailDomainIn((await this.hubSettings.current()).autoApproveDomains, email);
  }

  /**
   * A1: create a pending account and mail a verification link. An address of an auto-approved
   * domain is approved when its owner confirms it (verifyEmail), not here: anyone can type an
   * address, only its owner can open the link.
   */
  async register(input: RegisterRequest, client: ClientInfo, nominationLetter?: UploadedFile): Promise<UserEntity> {
    const settings = await this.hubSettings.current();
    // D2: a closed hub takes no applications; nothing is stored and no rate-limit point is spent.
    if (!settings.registrationOpen) {
      throw new ForbiddenException('Registration is closed on this hub: new applications are not accepted at the moment');
    }
    await this.rateLimits.consume('registerPerIp', client.ip ?? 'unknown');
    const autoApproved = emailDomainIn(settings.autoApproveDomains, input.email);
    const passwordHash = await this.hashPassword(input.password);

    const user = await this.sessions.transaction(async (manager) => {
      if (await this.users.findByEmail(input.email)) {
        throw new ConflictException({
          message: 'An account cannot be created with this email. If it is yours, sign in or reset your password.',
          details: [{ field: 'email', messages: ['email cannot be registered'] }],
        });
      }
      const letter = nominationLetter
        ? await this.files.store(nominationLetter, { type: 'registration', id: null, uploadedBy: null, allowedTypes: DOCUMENT_TYPES }, manager)
        : null;
      try {
        let created: UserEntity | null = null;
        for (const handle of handleCandidates(input.displayName)) {
          if (await this.users.handleExists(handle, manager)) continue;
          created = await this.users.insert(
            {
              email: input.email,
              passwordHash,
              handle,
              displayName: input.displayName,
              organisation: input.organisation,
              organisationType: input.organisationType,
              country: input.country,
              jobTitle: input.jobTitle,
              reason: input.reason,
              status: 'pending',
              nominationFileId: letter?.id ?? null,
            },
            manager,
          );
          break;
        }
        if (!created) throw new ConflictException('Could not find a free handle; try a different display name');
        if (letter) await this.files.setOwner(letter.id, created.id, manager);
        return created;
      } catch (error) {
        if (letter) await this.files.discardBytes(letter);
        throw error;
      }
    });
    await this.sendVerification(user);
    this.logger.log({ msg: 'registered', userId: user.id, approvedOnConfirmation: autoApproved });
    return user;
  }

  async sendVerification(user: UserEntity): Promise<void> {
    const { token, hash } = newSecretToken();
    await this.sessions.createEmailToken(user.id, 'verify-email', hash, new Date(Date.now() + VERIFY_TTL_MS));
    await this.mail.send({
      to: user.email,
      subject: 'Confirm your email address for Praxis',
      text:
        `Hello ${user.displayName},\n\nPlease confirm your email address by opening this link:\n` +
        `${this.mail.link(`/verify-email?token=${token}`)}\n\n` +
        (user.status !== 'pending'
          ? ''
          : (await this.isAutoApproved(user.email))
            ? 'Your organisation is approved automatically: confirming this address gives you access at once.\n'
            : 'An administrator will review your request for access; we will write to you when it is decided.\n') +
        '\nIf you did not register, ignore this message.\n',
    });
  }

  /** Confirms an address; for an auto-approved domain, confirming it is what approves the applicant (A2). */
  async verifyEmail(token: string): Promise<void> {
    const approved = await this.sessions.transaction(async (manager) => {
      const userId = await this.sessions.consumeEmailToken(hashToken(token), 'verify-email', manager);
      if (!userId) throw new ForbiddenException('This verification link is invalid or has expired');
      const user = await this.users.update(userId, { emailVerifiedAt: new Date() }, manager);
      if (user.status !== 'pending' || !(await this.isAutoApproved(user.email))) return null;
      const active = await this.users.decideAccess(userId, { status: 'active', rejectionReason: null, decidedBy: null }, manager);
      if (active) {
        await this.audit.record(
          {
            actorId: null,
            action: 'access-request.auto-approved',
            targetType: 'user',
            targetId: userId,
            details: { email: active.email, organisation: active.organisation, domain: active.email.split('@')[1]?.toLowerCase() },
          },
          manager,
        );
      }
      return active;
    });
    if (approved) {
      this.logger.log({ msg: 'auto-approved on email confirmation', userId: approved.id });
      await this.notices.accessApproved(approved);
    }
  }

  /**
   * A3/A5: throttled per IP and per account; the answer never says whether the email exists.
   * A browser that signed in to this account before presents its device cookie and is counted apart
   * (per account and device, same allowance), so a flood of wrong passwords against the account from
   * elsewhere locks out strangers but not its owner's known devices (docs/identity.md). The answer
   * carries a fresh device token for this account.
   */
  async login(email: string, password: string, client: ClientInfo): Promise<IssuedSession & { deviceToken: string }> {
    await this.rateLimits.consume('loginPerIp', client.ip ?? 'unknown');
    const device = this.knownDevice(email, client.device);
    const counter = device ? { name: 'loginPerDevice', key: `${email}|${device}` } : { name: 'loginPerAccount', key: email };
    await this.rateLimits.consumeSetting(counter.name, this.config.rateLimits.loginPerAccount, counter.key);
    const found = await this.users.findCredentials(email);
    const valid = found
      ? await argon2.verify(found.passwordHash, password)
      : await argon2.verify(await this.dummyHash, password).then(() => false);
    if (!found || !valid) throw new UnauthorizedException(INVALID_CREDENTIALS);
    if (found.user.status === 'suspended') throw new ForbiddenException('This account is suspended');
    // Only this counter: a success on a known device leaves a running flood's account counter as it is.
    await this.rateLimits.resetSetting(counter.name, this.config.rateLimits.loginPerAccount, counter.key);
    return { ...(await this.startSession(found.user, client)), deviceToken: this.deviceToken(email) };
  }

  /** `<nonce>.<HMAC of the account's email and the nonce>`: a browser that signed in to this account. */
  private deviceToken(email: string, nonce = randomBytes(16).toString('base64url')): string {
    const mac = createHmac('sha256', this.config.jwtSecret).update(`praxis-device\n${email.trim().toLowerCase()}\n${nonce}`).digest('base64url');
    return `${nonce}.${mac}`;
  }

  /** The nonce of a device token issued for this email, or null. */
  private knownDevice(email: string, token: string | null | undefined): string | null {
    if (typeof token !== 'string' || token.length > 200) return null;
    const [nonce, mac, ...rest] = token.split('.');
    if (!nonce || !mac || rest.length || !/^[A-Za-z0-9_-]{16,64}$/.test(nonce)) return null;
    const expected = Buffer.from(this.deviceToken(email, nonce));
    const given = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given) ? nonce : null;
  }

  private async startSession(user: UserEntity, client: ClientInfo): Promise<IssuedSession> {
    const { token, hash } = newSecretToken();
    const session = await this.sessions.createSession({
      userId: user.id,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
      ip: client.ip,
      expiresAt: new Date(Date.now() + this.config.refreshTokenTtlDays * 86400_000),
      tokenHash: hash,
    });
    const currentUser = toCurrentUser(user, await this.hubSettings.current());
    return { accessToken: await this.signAccessToken(user.id, session.id), refreshToken: token, user: currentUser };
  }

  private signAccessToken(userId: string, sessionId: string): Promise<string> {
    const claims: AccessTokenClaims = { sub: userId, sid: sessionId };
    return this.jwt.signAsync(claims, { expiresIn: this.config.accessTokenTtlSeconds });
  }

  /**
   * Rotates the refresh token. A token presented twice means it was stolen or replayed: the whole
   * session (every token descended from the same sign-in) is revoked.
   */
  async refresh(refreshToken: string | undefined): Promise<{ accessToken: string; refreshToken: string }> {
    if (!refreshToken) throw new UnauthorizedException('No session; sign in again');
    const next = newSecretToken();
    const result = await this.sessions.rotateRefreshToken(hashToken(refreshToken), next.hash);
    if (result.outcome === 'reused') {
      await this.revokeSessions((await this.sessions.findSession(result.sessionId))?.userId ?? '', [result.sessionId], 'refresh-token-reuse');
      this.logger.warn({ msg: 'refresh token reused; session revoked', sessionId: result.sessionId });
      throw new UnauthorizedException('This session has ended; sign in again');
    }
    if (result.outcome === 'unknown') throw new UnauthorizedException('This session has ended; sign in again');
    const { session } = result;
    const user = await this.users.findById(session.userId);
    if (session.revokedAt || session.expiresAt < new Date() || !user || user.status === 'suspended') {
      throw new UnauthorizedException('This session has ended; sign in again');
    }
    return { accessToken: await this.signAccessToken(user.id, session.id), refreshToken: next.token };
  }

  /** Signs out the session behind a refresh cookie or an access token; signing out twice is harmless. */
  async logout(refreshToken: string | undefined, viewer: Viewer | null): Promise<void> {
    let sessionId = viewer?.sessionId ?? null;
    if (!sessionId && refreshToken) {
      const result = await this.sessions.rotateRefreshToken(hashToken(refreshToken), newSecretToken().hash);
      if (result.outcome === 'rotated') sessionId = result.session.id;
    }
    if (!sessionId) return;
    const session = await this.sessions.findSession(sessionId);
    if (session) await this.revokeSessions(session.userId, [session.id], 'sign-out');
  }

  /** The guard's question: is this a valid access token of a live session, and whose? */
  async viewerFromAccessToken(token: string): Promise<Viewer | null> {
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token);
    } catch {
      return null;
    }
    if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') return null;
    const user = await this.liveSessionUser(claims.sub, claims.sid);
    return user ? { user, sessionId: claims.sid } : null;
  }

  /** Whether a session is still live and its account not suspended (re-asked after a socket joined the session's room). */
  async sessionIsLive(userId: string, sessionId: string): Promise<{ status: string } | null> {
    const user = await this.liveSessionUser(userId, sessionId);
    return user ? { status: user.status } : null;
  }

  /** The user of a session that is theirs and not revoked, unless suspended: one round trip on every authenticated request. */
  private async liveSessionUser(userId: string, sessionId: string) {
    if (!isUUID(userId) || !isUUID(sessionId)) return null;
    const user = await this.users.withLiveSession(userId, sessionId);
    return user && user.status !== 'suspended' ? user : null;
  }

  async listSessions(viewer: Viewer): Promise<SessionInfo[]> {
    const rows = await this.sessions.listActiveSessions(viewer.user.id);
    return rows.map((s) => ({
      id: s.id,
      userAgent: s.userAgent,
      ip: s.ip,
      createdAt: s.createdAt.toISOString(),
      lastUsedAt: s.lastUsedAt.toISOString(),
      current: s.id === viewer.sessionId,
    }));
  }

  async revokeOwnSession(viewer: Viewer, sessionId: string): Promise<boolean> {
    const revoked = await this.sessions.revokeSession(sessionId, 'revoked-by-user', viewer.user.id);
    if (revoked) this.events.publish('sessions.revoked', { userId: viewer.user.id, sessionIds: [sessionId] });
    return revoked;
  }

  private async revokeSessions(userId: string, sessionIds: string[], reason: string): Promise<void> {
    for (const id of sessionIds) await this.sessions.revokeSession(id, reason);
    if (userId) this.events.publish('sessions.revoked', { userId, sessionIds });
  }

  /** Ends every session of a user at once (suspension, password reset, signing out everywhere). */
  async endAllSessions(userId: string, reason: string): Promise<void> {
    const sessionIds = await this.sessions.revokeAllSessions(userId, reason);
    this.events.publish('sessions.revoked', { userId, sessionIds });
  }

  /** A3: "sign out everywhere": every session of mine ends, this one included, with its sockets on every node. */
  async logoutEverywhere(viewer: Viewer): Promise<void> {
    await this.endAllSessions(viewer.user.id, 'sign-out-everywhere');
  }

  /**
   * A3/A4: a signed-in person changes their password, proving the current one (counted like a
   * sign-in, so a stolen access token cannot be used to guess it). Every session ends, this one
   * included, with its sockets on every node; the caller gets a new session in the same answer.
   */
  async changePassword(viewer: Viewer, currentPassword: string, password: string, client: ClientInfo): Promise<IssuedSession> {
    const email = viewer.user.email;
    await this.rateLimits.consume('loginPerAccount', email);
    const found = await this.users.findCredentials(email);
    if (!found || found.user.id !== viewer.user.id || !(await argon2.verify(found.passwordHash, currentPassword))) {
      throw new BadRequestException({
        message: 'The current password is incorrect',
        details: [{ field: 'currentPassword', messages: ['current password is incorrect'] }],
      });
    }
    const problem = passwordProblem(password, [email.split('@')[0] ?? '', viewer.user.displayName]);
    if (problem) throw new PasswordRefused(problem);
    await this.rateLimits.reset('loginPerAccount', email);
    const passwordHash = await this.hashPassword(password);
    const sessionIds = await this.sessions.transaction(async (manager) => {
      await this.users.setPasswordHash(viewer.user.id, passwordHash, manager);
      return this.sessions.revokeAllSessions(viewer.user.id, 'password-changed', manager);
    });
    this.events.publish('sessions.revoked', { userId: viewer.user.id, sessionIds });
    this.logger.log({ msg: 'password changed; sessions ended', userId: viewer.user.id, sessions: sessionIds.length });
    const user = await this.users.findById(viewer.user.id);
    if (!user || user.status === 'suspended') throw new UnauthorizedException('This session has ended; sign in again');
    return this.startSession(user, client);
  }

  /** A4: always answers the same, whether or not the email belongs to an account. */
  async requestPasswordReset(email: string, client: ClientInfo): Promise<void> {
    await this.rateLimits.consume('passwordResetPerIp', client.ip ?? 'unknown');
    await this.rateLimits.consume('passwordResetPerAccount', email);
    const user = await this.users.findByEmail(email);
    if (!user || user.status === 'suspended') return;
    const { token, hash } = newSecretToken();
    await this.sessions.createEmailToken(user.id, 'password-reset', hash, new Date(Date.now() + RESET_TTL_MS));
    await this.mail.send({
      to: user.email,
      subject: 'Reset your Praxis password',
      text:
        `Hello ${user.displayName},\n\nSomeone asked to reset the password of your Praxis account. ` +
        `To choose a new password, open this link within one hour:\n${this.mail.link(`/reset-password?token=${token}`)}\n\n` +
        'If it was not you, ignore this message; your password stays as it is.\n',
    });
  }

  async resetPassword(token: string, password: string): Promise<void> {
    const userId = await this.sessions.transaction(async (manager) => {
      const id = await this.sessions.consumeEmailToken(hashToken(token), 'password-reset', manager);
      if (!id) throw new ForbiddenException('This reset link is invalid, used or expired');
      const user = await this.users.findById(id, manager);
      const problem = passwordProblem(password, [user?.email.split('@')[0] ?? '', user?.displayName ?? '']);
      if (problem) {
        throw new PasswordRefused(problem);
      }
      await this.users.setPasswordHash(id, await this.hashPassword(password), manager);
      return id;
    });
    await this.endAllSessions(userId, 'password-reset');
  }
}

