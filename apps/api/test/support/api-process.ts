import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import request from 'supertest';
import { freePort } from '../../src/database/embedded-postgres.js';
import { admin, readMails, RELAXED_LIMITS, serverUrl, withDatabase } from './test-app.js';

/** The API as production runs it: `node dist/main.js` from the build (`npm run build -w @praxis/api`). */
export const API_MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export interface ApiProcessOptions {
  /** Extra environment, applied last (e.g. REDIS_URL, DIGEST_INTERVAL_MS, LOG_LEVEL). */
  env?: Record<string, string>;
  /**
   * The database: by default a fresh one on the test server (created here, dropped on close); a
   * string shares another process's database (not dropped); `null` sets no DATABASE_URL, so the
   * process starts its embedded PostgreSQL in its DATA_DIR.
   */
  databaseUrl?: string | null;
  /** JWT_SECRET; processes that serve one hub must share it. Random by default. */
  jwtSecret?: string;
  /** DATA_DIR shared with another process (files and the mail outbox, as nodes behind one load balancer share them); not removed on close. */
  dataDir?: string;
  /** How long start-up may take before it counts as failed (the embedded PostgreSQL's first start takes a while). */
  readyTimeoutMs?: number;
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ApiProcess {
  /** http://127.0.0.1:<port>; the port stays the same across restarts. */
  url: string;
  port: number;
  /** The database it uses; for a process on its embedded PostgreSQL, the URL that process printed is not known here: null. */
  databaseUrl: string | null;
  dataDir: string;
  jwtSecret: string;
  /** The environment the process runs with (without the inherited PATH and HOME). */
  env: Record<string, string>;
  /** The process currently running (changes on restart). */
  pid: () => number;
  /** Settles when the current process exits (a new promise after each restart). */
  exited: () => Promise<ProcessExit>;
  /** Everything the current and earlier runs printed, stdout and stderr interleaved, last 2 MB. */
  output: () => string;
  http: ReturnType<typeof request>;
  /** SQL on the same database (assertions only); only when databaseUrl is known. */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  mails: () => ReturnType<typeof readMails>;
  /** Sends `signal` (SIGKILL by default) and resolves when the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<ProcessExit>;
  /** Starts the process again with the same environment and port, and waits until /api/ready answers. */
  restart(): Promise<void>;
  /** Waits until /api/ready answers 200. */
  ready(timeoutMs?: number): Promise<void>;
  /** Kills the process if still running, drops the database it created, removes its data folder. */
  close(): Promise<void>;
}

const OUTPUT_LIMIT = 2 * 1024 * 1024;

/**
 * Starts one API process from the build, on a free port of 127.0.0.1, and waits for /api/ready.
 * Defaults match test-app.ts: relaxed sign-in limits, no demo seed, a DATA_DIR of its own, file
 * text worker polling fast, digests off (DIGEST_INTERVAL_MS=0) unless `env` says otherwise, logs at
 * `warn` (LOG_LEVEL in env, or TEST_LOG_LEVEL, to see more).
 */
export async function startApiProcess(options: ApiProcessOptions = {}): Promise<ApiProcess> {
  if (!existsSync(API_MAIN)) throw new Error(`${API_MAIN} does not exist: build the API first (npm run build -w @praxis/api)`);
  const id = randomBytes(6).toString('hex');
  const database = `praxis_fault_${id}`;
  const ownsDatabase = options.databaseUrl === undefined;
  if (ownsDatabase) await admin((c) => c.query(`CREATE DATABASE ${database}`));
  const databaseUrl = ownsDatabase ? withDatabase(serverUrl(), database) : options.databaseUrl ?? null;
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'praxis-fault-data-')));
  const port = await freePort();
  const jwtSecret = options.jwtSecret ?? randomBytes(32).toString('hex');
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    ...RELAXED_LIMITS,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: url,
    DATA_DIR: dataDir,
    SEED_DEMO: 'false',
    FILE_TEXT_POLL_MS: '200',
    DIGEST_INTERVAL_MS: '0',
    JWT_SECRET: jwtSecret,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...options.env,
  };

  let output = '';
  const append = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > OUTPUT_LIMIT) output = output.slice(-OUTPUT_LIMIT);
  };
  let child: ChildProcess;
  let exited: Promise<ProcessExit>;
  let running = false;

  const spawnOne = () => {
    child = spawn(process.execPath, [API_MAIN], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running = true;
    child.stdout!.on('data', append);
    child.stderr!.on('data', append);
    exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        running = false;
        output += `\n[process ${child.pid} exited: code ${code}, signal ${signal}]\n`;
        resolve({ code, signal });
      });
    });
  };

  const ready = async (timeoutMs = options.readyTimeoutMs ?? 90_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!running) throw new Error(`the API process exited before it was ready:\n${output.slice(-4000)}`);
      const ok = await fetch(`${url}/api/ready`, { signal: AbortSignal.timeout(2000) }).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return;
      if (Date.now() > deadline) throw new Error(`the API process was not ready after ${timeoutMs} ms:\n${output.slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  const pool = databaseUrl ? new pg.Pool({ connectionString: databaseUrl, max: 2 }) : null;
  pool?.on('error', () => undefined);

  spawnOne();
  try {
    await ready();
  } catch (error) {
    child!.kill('SIGKILL');
    await exited!;
    await pool?.end();
    if (ownsDatabase) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
    if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    throw error;
  }

  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    if (!running) return exited;
    child.kill(signal);
    return exited;
  };

  return {
    url,
    port,
    databaseUrl,
    dataDir,
    jwtSecret,
    env,
    pid: () => child.pid ?? -1,
    exited: () => exited,
    output: () => output,
    http: request(url),
    async sql<T>(text: string, params: unknown[] = []) {
      if (!pool) throw new Error('this process runs on its embedded PostgreSQL: no SQL from the test');
      return (await pool.query(text, params)).rows as T[];
    },
    mails: () => readMails(dataDir),
    kill,
    async restart() {
      if (running) throw new Error('restart() of a process that is still running: kill it first');
      spawnOne();
      await ready();
    },
    ready,
    async close() {
      if (running) {
        child.kill('SIGKILL');
        await exited;
      }
      await pool?.end();
      if (ownsDatabase) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
