import 'reflect-metadata';
import { HttpException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module.js';
import { createRootLogger, PinoNestLogger } from '../common/logger.js';
import { loadConfig } from '../config/app-config.js';
import { resolveDatabase } from '../database/resolve-database.js';
import { AdminAccounts } from '../modules/admin/admin-accounts.js';
import { CREATE_ADMIN_USAGE, parseCreateAdminArgs } from './create-admin-args.js';

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
  const database = await resolveDatabase(config, logger);
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
