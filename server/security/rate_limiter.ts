/**
 * Token buckets per key (an IP address, a work number): `capacity` requests at once, refilled at
 * `perMinute`. Pure and clock-injected; idle buckets are forgotten so memory stays bounded.
 */
export interface RateLimit {
  capacity: number;
  perMinute: number;
}

export class RateLimiter {
  #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}

  /** Takes a token for `key`: 0 when allowed, else the seconds until one is available. */
  take(key: string): number {
    const now = this.now();
    const rate = this.limit.perMinute / 60_000;
    const bucket = this.#buckets.get(key) ?? { tokens: this.limit.capacity, at: now };
    bucket.tokens = Math.min(this.limit.capacity, bucket.tokens + (now - bucket.at) * rate);
    bucket.at = now;
    this.#buckets.delete(key); // re-insert: Map order is then least recently used first
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > this.maxKeys) this.#buckets.delete(this.#buckets.keys().next().value!);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / rate / 1000);
  }
}
