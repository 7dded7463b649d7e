/**
 * Token bucket per key: `ratePerSec` sustained, `burst` at once. Time is passed in. At most
 * `maxKeys` buckets are kept (least recently used dropped first): a dropped bucket starts full
 * again, which only a caller rotating through more keys than that could gain from.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly ratePerSec: number,
    private readonly burst: number,
    private readonly maxKeys = 100_000,
  ) {}

  /** 0 when allowed, else the seconds to wait before the next request would be. */
  take(key: string, nowMs: number): number {
    if (this.ratePerSec <= 0) return 0;
    const b = this.refilled(key, nowMs);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return this.waitFor(b);
  }

  /** What `take` would answer, without taking anything. */
  peek(key: string, nowMs: number): number {
    if (this.ratePerSec <= 0 || !this.buckets.has(key)) return 0;
    const b = this.refilled(key, nowMs);
    return b.tokens >= 1 ? 0 : this.waitFor(b);
  }

  private refilled(key: string, nowMs: number) {
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: nowMs };
    b.tokens = Math.min(this.burst, b.tokens + ((nowMs - b.at) / 1000) * this.ratePerSec);
    b.at = nowMs;
    // Re-inserted: the map's order is then least recently used first.
    this.buckets.delete(key);
    this.buckets.set(key, b);
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    return b;
  }

  private waitFor(b: { tokens: number }): number {
    return Math.max(1, Math.ceil((1 - b.tokens) / this.ratePerSec));
  }
}
