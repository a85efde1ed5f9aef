import { isIP } from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/** A rate limit: `points` requests per `durationSeconds`, written in the environment as `20/15m`. */
export interface RateLimitSetting {
  points: number;
  durationSeconds: number;
}

export interface S3Settings {
  bucket: string;
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

/** S3_BUCKET (+ S3_ENDPOINT, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY), or null for the local disk. */
export function s3SettingsFromEnv(env: NodeJS.ProcessEnv): S3Settings | null {
  if (!env.S3_BUCKET) return null;
  return {
    bucket: env.S3_BUCKET,
    endpoint: env.S3_ENDPOINT || undefined,
    region: env.S3_REGION || 'us-east-1',
    accessKeyId: env.S3_ACCESS_KEY_ID || undefined,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY || undefined,
  };
}

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  /** A configured PostgreSQL; when absent the embedded server in dataDir is used. */
  databaseUrl: string | null;
  redisUrl: string | null;
  /** Prefix of every Redis key and channel, so that several hubs (or test runs) can share one Redis. */
  redisPrefix: string;
  publicUrl: string;
  /** Origins allowed to open sockets and send credentialed requests. */
  webOrigins: string[];
  /**
   * Express `trust proxy` (TRUST_PROXY): which peers' `X-Forwarded-For` names the client address that
   * rate limits and sessions see. `false` (the default) trusts no one: the address is the socket's.
   */
  trustProxy: boolean | number | string;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  smtpUrl: string | null;
  mailFrom: string;
  adminEmail: string | null;
  adminPassword: string | null;
  seedDemo: boolean;
  /** Initial value of the hub setting (D2), used only when the settings row is created at first start. */
  autoApproveDomains: string[];
  bodyLimit: string;
  maxUploadBytes: number;
  /** S3-compatible storage for files (S3_BUCKET and friends); null keeps them on the local disk. */
  s3: S3Settings | null;
  /** How often each process looks for due event reminders (E5); 0 turns the timer off. */
  eventReminderIntervalMs: number;
  /** How often each process looks for digests that are due (O2); 0 turns the timer off. */
  digestIntervalMs: number;
  /**
   * Text inside files (K3): how long each process's worker sleeps when the queue is empty (a poke
   * after an upload wakes it sooner; 0 turns the worker off), how long one file may take, and after
   * how long a claimed file whose process went away is taken up again (more than the timeout).
   */
  fileText: { pollMs: number; timeoutMs: number; staleMs: number };
  /**
   * Initial value of the hub setting "members may create networks" (SPEC N2, D2), used only when
   * the settings row is created at first start; afterwards admins change it in the settings.
   */
  allowMemberNetworks: boolean;
  logLevel: string;
  /** Per socket: messages at once (`burst`), refilled at `perSecond`; and the largest message (R3). */
  socketLimits: { burst: number; perSecond: number; maxPayloadBytes: number };
  rateLimits: {
    loginPerIp: RateLimitSetting;
    loginPerAccount: RateLimitSetting;
    registerPerIp: RateLimitSetting;
    passwordResetPerIp: RateLimitSetting;
    passwordResetPerAccount: RateLimitSetting;
    /** M2: writing per member, whatever the network, thread or event. */
    threadsPerUser: RateLimitSetting;
    postsPerUser: RateLimitSetting;
    questionsPerUser: RateLimitSetting;
    chatPerUser: RateLimitSetting;
    uploadsPerUser: RateLimitSetting;
  };
}

export class ConfigError extends Error {}

const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

export function parseRateLimit(name: string, value: string): RateLimitSetting {
  const match = /^(\d+)\/(\d+)([smhd])$/.exec(value.trim());
  if (!match) throw new ConfigError(`${name} must look like 20/15m (requests per duration), got "${value}"`);
  const points = Number(match[1]);
  const durationSeconds = Number(match[2]) * DURATION_UNITS[match[3]];
  if (points < 1 || durationSeconds < 1) throw new ConfigError(`${name} must allow at least one request per second or more`);
  return { points, durationSeconds };
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  return value;
}

/** Named ranges Express knows, and IPv4/IPv6 addresses with an optional prefix length. */
const TRUST_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY: empty or `false` trusts no proxy; a whole number trusts that many hops in front of the
 * app (e.g. `1` for one reverse proxy); otherwise a comma-separated list of addresses, subnets or the
 * names `loopback`, `linklocal`, `uniquelocal`. `true` (trust anyone) is refused: any client could
 * then choose its own address.
 */
export function parseTrustProxy(raw: string | undefined): boolean | number | string {
  const value = (raw ?? '').trim().toLowerCase();
  if (value === '' || value === 'false' || value === 'none') return false;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((e) => e.trim()).filter(Boolean);
  const bad = entries.filter((e) => {
    if (TRUST_NAMES.has(e)) return false;
    const [address, prefix, ...rest] = e.split('/');
    const family = isIP(address);
    if (!family || rest.length) return true;
    return prefix !== undefined && !(/^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
  });
  if (!entries.length || bad.length) {
    throw new ConfigError(`TRUST_PROXY must be false, a number of hops, or addresses, subnets and loopback/linklocal/uniquelocal separated by commas; got "${raw}"`);
  }
  return entries.join(', ');
}

function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);
}

/**
 * Reads and validates the whole configuration once at start-up; a wrong value stops the process
 * with a message naming the variable. Every variable is documented in the README.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<AppConfig> = {}): AppConfig {
  const port = int(env, 'PORT', 3000);
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, '');
  const jwtSecret = env.JWT_SECRET ?? '';
  if (env.NODE_ENV === 'production' && jwtSecret.length < 32) {
    throw new ConfigError('JWT_SECRET must be set to at least 32 characters in production');
  }
  const rate = (name: string, fallback: string) => parseRateLimit(name, env[name] ?? fallback);
  const fileText = {
    pollMs: int(env, 'FILE_TEXT_POLL_MS', 5_000),
    timeoutMs: Math.max(1, int(env, 'FILE_TEXT_TIMEOUT_MS', 60_000)),
    staleMs: int(env, 'FILE_TEXT_STALE_MS', 300_000),
  };
  // A shorter stale interval would hand a file that is still being read to a second process.
  if (fileText.staleMs <= fileText.timeoutMs) {
    throw new ConfigError(`FILE_TEXT_STALE_MS (${fileText.staleMs}) must be longer than FILE_TEXT_TIMEOUT_MS (${fileText.timeoutMs})`);
  }
  const config: AppConfig = {
    port,
    host: env.HOST ?? '0.0.0.0',
    // Relative to where the person ran npm (INIT_CWD), not to the workspace npm runs the script in.
    dataDir: path.resolve(env.INIT_CWD ?? process.cwd(), env.DATA_DIR || 'data'),
    databaseUrl: env.DATABASE_URL || null,
    redisUrl: env.REDIS_URL || null,
    redisPrefix: env.REDIS_PREFIX ?? 'praxis',
    publicUrl,
    webOrigins: list(env.WEB_ORIGINS).length ? list(env.WEB_ORIGINS) : [new URL(publicUrl).origin],
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    // Without a configured secret each start signs with a fresh random one: tokens die with the
    // process, which is safe, and several nodes must then share JWT_SECRET.
    jwtSecret: jwtSecret || randomBytes(48).toString('base64url'),
    accessTokenTtlSeconds: int(env, 'ACCESS_TOKEN_TTL_SECONDS', 15 * 60),
    refreshTokenTtlDays: int(env, 'REFRESH_TOKEN_TTL_DAYS', 30),
    smtpUrl: env.SMTP_URL || null,
    mailFrom: env.MAIL_FROM ?? 'Praxis <no-reply@praxis.local>',
    adminEmail: env.ADMIN_EMAIL || null,
    adminPassword: env.ADMIN_PASSWORD || null,
    seedDemo: env.SEED_DEMO === undefined ? !env.DATABASE_URL : env.SEED_DEMO === 'true',
    autoApproveDomains: list(env.AUTO_APPROVE_DOMAINS),
    bodyLimit: env.BODY_LIMIT ?? '1mb',
    maxUploadBytes: int(env, 'MAX_UPLOAD_MB', 25) * 1024 * 1024,
    s3: s3SettingsFromEnv(env),
    allowMemberNetworks: env.ALLOW_MEMBER_NETWORKS === 'true',
    eventReminderIntervalMs: int(env, 'EVENT_REMINDER_INTERVAL_MS', 60_000),
    digestIntervalMs: int(env, 'DIGEST_INTERVAL_MS', 300_000),
    fileText,
    logLevel: env.LOG_LEVEL ?? 'info',
    socketLimits: {
      burst: Math.max(1, int(env, 'SOCKET_MESSAGE_BURST', 20)),
      perSecond: Math.max(1, int(env, 'SOCKET_MESSAGES_PER_SECOND', 10)),
      maxPayloadBytes: Math.max(1, int(env, 'SOCKET_MAX_PAYLOAD_KB', 64)) * 1024,
    },
    rateLimits: {
      loginPerIp: rate('RATE_LIMIT_LOGIN_PER_IP', '30/15m'),
      loginPerAccount: rate('RATE_LIMIT_LOGIN_PER_ACCOUNT', '10/15m'),
      registerPerIp: rate('RATE_LIMIT_REGISTER_PER_IP', '10/1h'),
      passwordResetPerIp: rate('RATE_LIMIT_PASSWORD_RESET_PER_IP', '10/1h'),
      passwordResetPerAccount: rate('RATE_LIMIT_PASSWORD_RESET_PER_ACCOUNT', '3/1h'),
      threadsPerUser: rate('RATE_LIMIT_THREADS_PER_USER', '10/10m'),
      postsPerUser: rate('RATE_LIMIT_POSTS_PER_USER', '30/5m'),
      questionsPerUser: rate('RATE_LIMIT_QUESTIONS_PER_USER', '10/5m'),
      chatPerUser: rate('RATE_LIMIT_CHAT_PER_USER', '30/1m'),
      uploadsPerUser: rate('RATE_LIMIT_UPLOADS_PER_USER', '30/1h'),
    },
  };
  return { ...config, ...overrides };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
