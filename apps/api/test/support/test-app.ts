import 'reflect-metadata';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { CurrentUser, RegisterRequest } from '@praxis/contracts';
import { createApp } from '../../src/bootstrap.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { runStartupTasks } from '../../src/database/seed/startup-tasks.js';

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  url: string;
  databaseUrl: string;
  http: ReturnType<typeof request>;
  /** Runs SQL on this test's own database (for assertions only; the app never shares it). */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Every message the app has written to its outbox, oldest first. */
  mails(): Promise<{ to: string; subject: string; raw: string; text: string }[]>;
  close(): Promise<void>;
}

/** Limits high enough that only tests about throttling ever meet them. */
export const RELAXED_LIMITS: Record<string, string> = {
  RATE_LIMIT_LOGIN_PER_IP: '10000/1m',
  RATE_LIMIT_LOGIN_PER_ACCOUNT: '10000/1m',
  RATE_LIMIT_REGISTER_PER_IP: '10000/1m',
  RATE_LIMIT_PASSWORD_RESET_PER_IP: '10000/1m',
  RATE_LIMIT_PASSWORD_RESET_PER_ACCOUNT: '10000/1m',
};

export function serverUrl(): string {
  const url = process.env.PRAXIS_TEST_SERVER_URL;
  if (!url) throw new Error('PRAXIS_TEST_SERVER_URL is not set: run the tests through jest (global-setup.ts)');
  return url;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Runs `work` with a connection to the test server's maintenance database (CREATE/DROP DATABASE). */
export async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh app on a database of its own (created here, migrated by the app, dropped on close),
 * listening on a free port, with its own data folder for files and mail. With TEST_REDIS_URL it
 * uses Redis under a key prefix of its own.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  overrides: Partial<AppConfig> = {},
  /**
   * `databaseUrl`: a database this helper neither creates nor drops: another test app's (a second
   * API process, multi-node tests) or one the test made itself (on a private server it restarts).
   */
  options: { databaseUrl?: string } = {},
): Promise<TestApp> {
  const id = randomBytes(6).toString('hex');
  const database = `praxis_test_${id}`;
  if (!options.databaseUrl) await admin((c) => c.query(`CREATE DATABASE ${database}`));
  const databaseUrl = options.databaseUrl ?? withDatabase(serverUrl(), database);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'praxis-test-data-'));
  const config = loadConfig(
    {
      ...RELAXED_LIMITS,
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      SEED_DEMO: 'false',
      // Tests wait for extracted text; a poke usually wakes the worker, the short poll bounds the rest.
      FILE_TEXT_POLL_MS: '200',
      // Digest tests run the pass themselves, at the moment they choose.
      DIGEST_INTERVAL_MS: '0',
      JWT_SECRET: randomBytes(32).toString('hex'),
      ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL, REDIS_PREFIX: `praxis-test-${id}` } : {}),
      ...env,
    },
    overrides,
  );
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const app = await createApp(config, databaseUrl, logger);
  await runStartupTasks(app, config, logger);
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  // pool.end() resolves before its idle connections have closed on the server; the DROP ... WITH (FORCE)
  // in close() then ends them, and that late error must not surface as an unhandled 'error' event.
  pool.on('error', () => undefined);
  return {
    app,
    config,
    url,
    databaseUrl,
    http: request(url),
    async sql<T>(text: string, params: unknown[] = []) {
      return (await pool.query(text, params)).rows as T[];
    },
    mails: () => readMails(dataDir),
    async close() {
      await app.close();
      await pool.end();
      if (!options.databaseUrl) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every message an app with this DATA_DIR has written to its outbox (DATA_DIR/mail), oldest first. */
export async function readMails(dataDir: string): Promise<{ to: string; subject: string; raw: string; text: string }[]> {
  const dir = path.join(dataDir, 'mail');
  // Messages only: a message being written is a dot-file until it is renamed into place.
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.eml') && !f.startsWith('.')).sort();
  return Promise.all(
    files.map(async (f) => {
      const raw = await readFile(path.join(dir, f), 'utf8');
      // Headers as a reader sees them: folded lines joined, RFC 2047 encoded words decoded.
      const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
      const header = (name: string) => decodeWords(new RegExp(`^${name}: (.*)$`, 'mi').exec(head)?.[1] ?? '');
      // Bodies are quoted-printable: undo soft line breaks and =XX escapes.
      const text = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      return { to: header('To'), subject: header('Subject'), raw, text };
    }),
  );
}

/** Decodes RFC 2047 encoded words (=?UTF-8?Q?…?= and =?UTF-8?B?…?=) in a header value. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'),
    );
}

let counter = 0;

/** Registration fields that pass validation, unique per call. */
export function applicant(overrides: Partial<RegisterRequest> = {}): RegisterRequest {
  counter += 1;
  const tag = `${Date.now().toString(36)}${counter}`;
  return {
    email: `applicant.${tag}@example.org`,
    password: 'correct horse battery staple',
    displayName: `Test Person ${tag}`,
    organisation: 'Example Anti-Trafficking Unit',
    organisationType: 'government',
    country: 'FR',
    jobTitle: 'Investigator',
    reason: 'I investigate trafficking cases and need to exchange with peers.',
    ...overrides,
  };
}

/** The token of the newest link to `pathName` mailed to `email`. */
export async function tokenFromMail(t: Pick<TestApp, 'mails'>, email: string, pathName: string): Promise<string> {
  const mail = (await t.mails()).filter((m) => m.to.includes(email)).reverse();
  for (const m of mail) {
    const match = new RegExp(`${pathName}\\?token=([A-Za-z0-9_-]+)`).exec(m.text);
    if (match) return match[1];
  }
  throw new Error(`no ${pathName} link mailed to ${email}`);
}

export interface SignedIn {
  token: string;
  user: CurrentUser;
  cookie: string;
}

export async function signIn(t: Pick<TestApp, 'http'>, email: string, password: string): Promise<SignedIn> {
  const response = await t.http.post('/api/v1/auth/login').send({ email, password }).expect(200);
  const cookie = ([] as string[]).concat(response.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
  return { token: response.body.accessToken, user: response.body.user, cookie };
}

/** The first admin, created through ADMIN_EMAIL/ADMIN_PASSWORD semantics, signed in. */
export async function signInAdmin(t: TestApp): Promise<SignedIn> {
  const email = 'root.admin@example.org';
  const password = 'an admin password for tests';
  const { AdminAccounts } = await import('../../src/modules/admin/admin-accounts.js');
  await t.app.get(AdminAccounts).ensureFirstAdmin(email, password);
  return signIn(t, email, password);
}

/** A registered applicant approved straight in the database (for tests that are not about approval). */
export async function createMember(t: Pick<TestApp, 'http' | 'sql'>, overrides: Partial<RegisterRequest> = {}): Promise<SignedIn & { password: string }> {
  const fields = applicant(overrides);
  await t.http.post('/api/v1/auth/register').send(fields).expect(201);
  await t.sql(`UPDATE users SET status = 'active', email_verified_at = now() WHERE email = $1`, [fields.email]);
  return { ...(await signIn(t, fields.email, fields.password)), password: fields.password };
}
