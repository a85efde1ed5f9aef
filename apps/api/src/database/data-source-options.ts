import type { DataSourceOptions } from 'typeorm';
import { migrations } from './migrations/index.js';

/**
 * One definition of how Praxis talks to PostgreSQL, used by the app, the CLI and the tests.
 * Entities are registered by each feature module (autoLoadEntities); the schema comes only from
 * migrations, which run at start-up.
 */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    migrations,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    // connectionTimeoutMillis bounds both the wait for a free client and the connect itself, so
    // that a request never hangs on a database that does not answer: it fails (503) and is retried.
    extra: { max: 20, connectionTimeoutMillis: 10_000 },
  };
}
