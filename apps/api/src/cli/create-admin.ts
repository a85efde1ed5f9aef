import 'reflect-metadata';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { HttpException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module.js';
import { createRootLogger, PinoNestLogger } from '../common/logger.js';
import { loadConfig } from '../config/app-config.js';
import { resolveDatabase } from '../database/resolve-database.js';
import { AdminAccounts } from '../modules/admin/admin-accounts.js';
import { CREATE_ADMIN_USAGE, parseCreateAdminArgs } from './create-admin-args.js';

/**
 * The embedded PostgreSQL of a server that is running on the same DATA_DIR, if there is one.
 * Starting our own would treat it as a stale leftover and stop it under the running server, so
 * connect to it instead (its port is line 4 of postmaster.pid; the password is kept beside it).
 */
async function runningEmbeddedDatabase(dataDir: string): Promise<string | null> {
  const [pidFile, password] = await Promise.all([
    fs.readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').catch(() => null),
    fs.readFile(path.join(dataDir, '.postgres-password'), 'utf8').catch(() => null),
  ]);
  const port = Number(pidFile?.split('\n')[3]);
  if (!password || !Number.isInteger(port) || port <= 0) return null;
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return url;
  } catch {
    return null; // a leftover of a crash: resolveDatabase clears it and starts afresh
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * `npm run create-admin`: the same database as the server (DATABASE_URL or the embedded one in
 * DATA_DIR), migrated if needed, and AdminAccounts.createAdmin, the code ADMIN_EMAIL uses at start.
 */
async function main(): Promise<number> {
  const args = parseCreateAdminArgs(process.argv.slice(2), process.env);
  if ('help' in args) {
    console.log(CREATE_ADMIN_USAGE);
    return 0;
  }
  if ('error' in args) {
    console.error(`${args.error}\n\n${CREATE_ADMIN_USAGE}`);
    return 2;
  }
  // A command-line tool speaks only when something goes wrong, unless LOG_LEVEL asks for more.
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', SEED_DEMO: 'false' });
  const logger = createRootLogger(config.logLevel);
  const running = config.databaseUrl ? null : await runningEmbeddedDatabase(config.dataDir);
  const database = running ? { url: running, stop: async () => undefined } : await resolveDatabase(config, logger);
  try {
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, database.url), { logger: new PinoNestLogger(logger) });
    try {
      const outcome = await app.get(AdminAccounts).createAdmin(args.email, args.password, args.displayName);
      console.log(outcome === 'created' ? `Created the platform admin ${args.email}.` : `${args.email} already had an account; it is now a platform admin (password unchanged).`);
      return 0;
    } finally {
      await app.close();
    }
  } finally {
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof HttpException ? error.message : error instanceof Error ? error.message : String(error);
    console.error(`create-admin failed: ${message}`);
    process.exit(1);
  },
);
