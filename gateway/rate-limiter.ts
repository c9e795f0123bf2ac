/**
 * Requests per minute per bucket (an API key, or a client), as a token bucket: a bucket
 * holds up to a minute's worth of requests and refills continuously, so a client may burst
 * after a quiet spell but never exceed the rate for long. Pure apart from its clock.
 */

export interface RateLimiterOptions {
  /** The clock, ms. @default Date.now */
  now?: () => number;
  /**
   * Most buckets kept. Past it, full buckets are dropped (a new one starts full, so nothing
   * changes for them), then the oldest. Bounds memory when buckets are per client.
   * @default 10000
   */
  maxBuckets?: number;
}

export const DEFAULT_MAX_BUCKETS = 10_000;

/** The outcome of one request, with what the `RateLimit-*` and `Retry-After` headers say. */
export interface RateDecision {
  allowed: boolean;
  /** Requests per minute of the bucket. */
  limit: number;
  /** Requests that could be made right now, after this one. */
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** Seconds until one more request is allowed; 0 when this one was. */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  at: number;
  perMinute: number;
}

export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #now: () => number;
  readonly #maxBuckets: number;

  constructor(opts: RateLimiterOptions = {}) {
    this.#now = opts.now ?? Date.now;
    this.#maxBuckets = opts.maxBuckets ?? DEFAULT_MAX_BUCKETS;
    if (!Number.isInteger(this.#maxBuckets) || this.#maxBuckets < 1) {
      throw new RangeError(`maxBuckets must be a positive integer (got ${this.#maxBuckets})`);
    }
  }

  /** Takes one request from `bucket`, allowed up to `perMinute` per minute (> 0). */
  take(bucket: string, perMinute: number): RateDecision {
    if (!Number.isInteger(perMinute) || perMinute < 1) {
      throw new RangeError(`perMinute must be a positive integer (got ${perMinute})`);
    }
    const now = this.#now();
    const perMs = perMinute / 60_000;
    let b = this.#buckets.get(bucket);
    if (b) {
      b.tokens = Math.min(perMinute, b.tokens + Math.max(0, now - b.at) * perMs);
      b.at = now;
      b.perMinute = perMinute;
    } else {
      this.#prune(now);
      b = { tokens: perMinute, at: now, perMinute };
      this.#buckets.set(bucket, b);
    }
    const allowed = b.tokens >= 1;
    if (allowed) b.tokens -= 1;
    return {
      allowed,
      limit: perMinute,
      remaining: Math.floor(b.tokens),
      resetSeconds: Math.ceil((perMinute - b.tokens) / perMs / 1000),
      // At least 1 s: a client told "0" would retry at once and be refused again.
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000)),
    };
  }

  /** Buckets currently kept (for tests and metrics). */
  get size(): number {
    return this.#buckets.size;
  }

  /** Makes room for one more bucket. */
  #prune(now: number): void {
    if (this.#buckets.size < this.#maxBuckets) return;
    for (const [name, b] of this.#buckets) {
      if (b.tokens + (now - b.at) * (b.perMinute / 60_000) >= b.perMinute) {
        this.#buckets.delete(name);
      }
    }
    // Still full: drop the least recently created. Its client only gets a fresh minute.
    for (const name of this.#buckets.keys()) {
      if (this.#buckets.size < this.#maxBuckets) break;
      this.#buckets.delete(name);
    }
  }
}
