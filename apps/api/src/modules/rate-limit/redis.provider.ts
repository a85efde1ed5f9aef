import { Redis } from 'ioredis';
import { Logger, type Provider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

export type RedisClient = Redis;
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/** The shared Redis connection when REDIS_URL is set, otherwise null (single-process mode). */
export const redisProvider: Provider = {
  provide: REDIS_CLIENT,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): RedisClient | null => {
    if (!config.redisUrl) return null;
    const client = new Redis(config.redisUrl, { maxRetriesPerRequest: 3, lazyConnect: false });
    // ioredis reconnects by itself (and rate limits count in memory meanwhile); without a listener
    // each failed attempt is printed as an "Unhandled error event". Logged once per outage instead.
    const log = new Logger('Redis');
    let down = false;
    client.on('error', (err: Error) => {
      if (down) return;
      down = true;
      log.warn({ msg: 'Redis connection lost; reconnecting (rate limits count per node meanwhile)', err: err.message });
    });
    client.on('ready', () => {
      if (down) log.log({ msg: 'Redis connection back' });
      down = false;
    });
    return client;
  },
};
