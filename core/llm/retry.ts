/**
 * The retry schedule of LLM calls, as pure functions: exponential backoff with full jitter
 * (AWS's "full jitter": a uniform delay between 0 and the exponential cap), or exactly what
 * the provider asked for in `Retry-After`, within a total waiting budget.
 */

export interface RetryPolicy {
  /** Retries of one model before moving to the next in its route. @default 2 */
  maxRetries: number;
  /** First backoff cap. @default 500 */
  baseDelayMs: number;
  /** Largest single backoff. @default 20000 */
  maxDelayMs: number;
  /** Most time spent waiting between attempts of one call, over all models. @default 60000 */
  maxTotalWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 2,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxTotalWaitMs: 60_000,
};

/**
 * The wait before retry number `retry` (0 = the first retry). A provider's `Retry-After`
 * wins over the backoff; `random` is injectable for tests.
 */
export function retryDelayMs(
  retry: number,
  policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs">,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined && retryAfterMs >= 0) return retryAfterMs;
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random() * cap);
}

/** Parses `retry-after-ms`, or `retry-after` as seconds or an HTTP date. */
export function parseRetryAfter(
  headers: { get(name: string): string | null } | undefined,
  now = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "" && Number.isFinite(Number(ms)))
    return Math.max(0, Number(ms));
  const value = headers.get("retry-after");
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Resolves after `ms`, or rejects when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
