import { Redis } from 'ioredis';

/**
 * The Redis that multi-node tests share: TEST_REDIS_URL when set, otherwise the machine's at
 * 127.0.0.1:6379 when one answers; null when there is none (the caller says what it skips).
 */
export async function findRedis(): Promise<string | null> {
  if (process.env.TEST_REDIS_URL) return process.env.TEST_REDIS_URL;
  const url = 'redis://127.0.0.1:6379';
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: 500, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG' ? url : null;
  } catch {
    return null;
  } finally {
    probe.disconnect();
  }
}
