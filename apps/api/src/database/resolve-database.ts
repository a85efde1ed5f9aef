import path from 'node:path';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/app-config.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

/** DATABASE_URL when configured; otherwise the embedded PostgreSQL kept in DATA_DIR. */
export async function resolveDatabase(config: AppConfig, logger: Logger): Promise<{ url: string; stop(): Promise<void> }> {
  if (config.databaseUrl) return { url: config.databaseUrl, stop: async () => undefined };
  const embedded = await startEmbeddedPostgres({
    dataDir: path.resolve(config.dataDir),
    persistent: true,
    logger: { log: (m) => logger.info(m), warn: (m) => logger.warn(m) },
  });
  return embedded;
}
