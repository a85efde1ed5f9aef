import { Redis } from 'ioredis';
import type { Provider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

export type RedisClient = Redis;
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/** The shared Redis connection when REDIS_URL is set, otherwise null (single-process mode). */
export const redisProvider: Provider = {
  provide: REDIS_CLIENT,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): RedisClient | null =>
    config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 3, lazyConnect: false }) : null,
};
