import 'reflect-metadata';
import { loadConfig } from './config/app-config.js';
import { createRootLogger } from './common/logger.js';
import { resolveDatabase } from './database/resolve-database.js';
import { createApp } from './bootstrap.js';
import { runStartupTasks } from './database/seed/startup-tasks.js';

async function main() {
  const config = loadConfig();
  const logger = createRootLogger(config.logLevel);
  const database = await resolveDatabase(config, logger);
  const app = await createApp(config, database.url, logger);
  await runStartupTasks(app, config, logger);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    await app.close().catch((error: unknown) => logger.error({ err: error }, 'error while closing'));
    await database.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen(config.port, config.host);
  logger.info(`Praxis is running at ${config.publicUrl} (API docs at ${config.publicUrl}/api/docs)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
