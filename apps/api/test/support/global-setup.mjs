import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';

/**
 * One PostgreSQL server for the whole run: TEST_DATABASE_URL when given, otherwise an embedded one
 * in a temporary folder. Each test file then creates a database of its own on it (test-app.ts).
 */
export default async function globalSetup() {
  if (process.env.TEST_DATABASE_URL) {
    process.env.PRAXIS_TEST_SERVER_URL = process.env.TEST_DATABASE_URL;
    return;
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'praxis-test-pg-'));
  const server = await startEmbeddedPostgres({
    dataDir,
    persistent: false,
    logger: { log: () => undefined, warn: (/** @type {string} */ m) => console.warn(m) },
  });
  /** @type {{ praxisTestServer?: typeof server }} */ (globalThis).praxisTestServer = server;
  process.env.PRAXIS_TEST_SERVER_URL = server.url;
}
