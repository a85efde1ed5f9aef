import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators.js';
import { REDIS_CLIENT, type RedisClient } from '../rate-limit/redis.provider.js';

/** A check that has not answered by then counts as down: a probe must never hang on a dead server. */
const CHECK_TIMEOUT_MS = 2000;

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

@ApiTags('health')
@Public()
@Controller('api')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient | null,
  ) {}

  @Get('health')
  @ApiOperation({ summary: 'The process is alive' })
  health() {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'The database and, when configured, Redis answer' })
  async ready() {
    const checks: Record<string, 'ok' | 'down'> = {};
    checks.database = await within(this.dataSource.query('SELECT 1'), CHECK_TIMEOUT_MS)
      .then(() => 'ok' as const)
      .catch(() => 'down' as const);
    if (this.redis) {
      checks.redis = await within(this.redis.ping(), CHECK_TIMEOUT_MS)
        .then(() => 'ok' as const)
        .catch(() => 'down' as const);
    }
    if (Object.values(checks).some((c) => c === 'down')) {
      throw new ServiceUnavailableException({ message: 'Not ready', details: checks });
    }
    return { status: 'ok', checks };
  }
}
