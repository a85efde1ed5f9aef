import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { AppConfig, RateLimitSetting } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/app-config.js';
import { REDIS_CLIENT, type RedisClient } from './redis.provider.js';

export type RateLimitName = keyof AppConfig['rateLimits'];

/**
 * Named rate limits (A5, M2). With REDIS_URL the counters live in Redis, so every API node
 * counts together; without it they live in this process.
 *
 * While Redis is away (a restart, a failover) the limits keep working rather than failing open or
 * closed: each node counts in its own memory with the same settings (rate-limiter-flexible's
 * insurance limiter), from the moment Redis is not ready, without waiting for a command to time
 * out. So for that time a flood meets at most "nodes × limit" instead of "limit", and sign-in stays
 * possible for everyone (failing closed would lock every member out whenever Redis blinks, as the
 * old behaviour did by answering 500 to every limited request). Once Redis is back the shared
 * counters take over again; what was counted in memory meanwhile is not carried over.
 */
@Injectable()
export class RateLimitService {
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient | null,
  ) {}

  private limiter(name: string, setting: RateLimitSetting): RateLimiterAbstract {
    let limiter = this.limiters.get(name);
    if (!limiter) {
      const options = { keyPrefix: `${this.config.redisPrefix}:rl:${name}`, points: setting.points, duration: setting.durationSeconds };
      limiter = this.redis
        ? new RateLimiterRedis({ ...options, storeClient: this.redis, rejectIfRedisNotReady: true, insuranceLimiter: new RateLimiterMemory(options) })
        : new RateLimiterMemory(options);
      this.limiters.set(name, limiter);
    }
    return limiter;
  }

  /** Counts one attempt for `key`; past the limit answers 429 with Retry-After. */
  async consume(name: RateLimitName, key: string): Promise<void> {
    await this.consumeSetting(name, this.config.rateLimits[name], key);
  }

  async consumeSetting(name: string, setting: RateLimitSetting, key: string): Promise<void> {
    try {
      await this.limiter(name, setting).consume(key.toLowerCase());
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        throw new HttpException(
          { message: `Too many attempts; try again in ${retryAfter} seconds`, details: { retryAfter } },
          HttpStatus.TOO_MANY_REQUESTS,
        );
      }
      throw rejection;
    }
  }

  /** Forgets the failures counted for `key` (a successful sign-in clears its account counter). */
  async reset(name: RateLimitName, key: string): Promise<void> {
    await this.resetSetting(name, this.config.rateLimits[name], key);
  }

  async resetSetting(name: string, setting: RateLimitSetting, key: string): Promise<void> {
    await this.limiter(name, setting).delete(key.toLowerCase());
  }
}
