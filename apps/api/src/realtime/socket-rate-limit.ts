/**
 * A token bucket per socket: `burst` messages at once, refilled at `perSecond`. Kept in memory on
 * purpose: a socket lives on one node, so its counter does too.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.updatedAt = now();
  }

  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.perSecond);
    this.updatedAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * Remembers when a key last passed and lets it pass again only after `intervalMs`
 * (typing: one broadcast per user and thread every 2 s). Old keys are forgotten as it goes.
 */
export class Throttle {
  private readonly passedAt = new Map<string, number>();

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  pass(key: string): boolean {
    const now = this.now();
    const last = this.passedAt.get(key);
    if (last !== undefined && now - last < this.intervalMs) return false;
    if (this.passedAt.size >= 10_000) this.forgetExpired(now);
    this.passedAt.set(key, now);
    return true;
  }

  private forgetExpired(now: number) {
    for (const [key, at] of this.passedAt) if (now - at >= this.intervalMs) this.passedAt.delete(key);
  }
}
