/**
 * A per-provider concurrency limit (the seed's connection pool): at most N calls in flight
 * per process, the rest queue in order. Also holds calls back while the provider's quota
 * headers say it is spent, until its reset time, so a 429 is avoided instead of retried.
 * Batch calls queue behind interactive ones: a freed slot goes to a waiting interactive
 * call first, so a single request never waits for a batch's calls.
 */
export class ConcurrencyLimiter {
  #active = 0;
  readonly #queue: Array<() => void> = [];
  readonly #batchQueue: Array<() => void> = [];
  #pausedUntil = 0;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`concurrency limit must be an integer ≥ 1 (got ${limit})`);
    }
  }

  get active(): number {
    return this.#active;
  }
  get waiting(): number {
    return this.#queue.length + this.#batchQueue.length;
  }

  /** Holds new calls until `until` (epoch ms), e.g. the reset of a spent quota. */
  pauseUntil(until: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, until);
  }

  async acquire(
    signal?: AbortSignal,
    priority: "interactive" | "batch" = "interactive",
  ): Promise<() => void> {
    const queue = priority === "batch" ? this.#batchQueue : this.#queue;
    if (this.#active >= this.limit) {
      await new Promise<void>((resolve, reject) => {
        const go = () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        };
        const onAbort = () => {
          const i = queue.indexOf(go);
          if (i !== -1) queue.splice(i, 1);
          reject(signal?.reason);
        };
        queue.push(go);
        signal?.addEventListener("abort", onAbort, { once: true });
      });
    } else {
      this.#active++;
    }
    const wait = this.#pausedUntil - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#queue.shift() ?? this.#batchQueue.shift();
      // Hand the slot straight to the next waiter; otherwise free it.
      if (next) next();
      else this.#active--;
    };
  }
}
