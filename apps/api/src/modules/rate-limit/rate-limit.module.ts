import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { RateLimitService } from './rate-limit.service.js';
import { REDIS_CLIENT, redisProvider, type RedisClient } from './redis.provider.js';

@Global()
@Module({
  providers: [redisProvider, RateLimitService],
  exports: [REDIS_CLIENT, RateLimitService],
})
export class RateLimitModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: RedisClient | null) {}

  async onApplicationShutdown() {
    await this.redis?.quit().catch(() => undefined);
  }
}
