/**
 * Reading a response body with a size cap, while it streams: a page or an API answer larger
 * than the cap is cut off at the cap instead of filling memory first.
 */

/** A body was larger than the cap; `readCapped` throws it after cancelling the stream. */
export class BodyTooLargeError extends Error {
  readonly maxBytes: number;
  constructor(maxBytes: number) {
    super(`the body is larger than ${maxBytes} bytes`);
    this.name = "BodyTooLargeError";
    this.maxBytes = maxBytes;
  }
}

/** A timeout joined with a caller's signal. */
export interface Deadline {
  /** Aborts when the caller's signal does or the time is up. */
  signal: AbortSignal;
  /** Whether the time ran out (rather than the caller aborting). */
  timedOut(): boolean;
  /** Stops the timer; call when the work is done. */
  clear(): void;
}

/**
 * A deadline of `ms` from now, joined with `signal`. Unlike `AbortSignal.timeout`, its timer
 * keeps the process alive while work waits on it, and is cleared when the work ends.
 */
export function deadline(ms: number, signal?: AbortSignal): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`timed out after ${ms} ms`, "TimeoutError"));
  }, ms);
  const onAbort = () => controller.abort(signal?.reason);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener("abort", onAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut && !signal?.aborted,
    clear: () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    },
  };
}

/**
 * Settles like `promise`, or rejects with the signal's reason as soon as it aborts: an HTTP
 * client or a resolver that ignores its signal cannot hold a caller past its timeout.
 */
export function raceAbort<T>(value: T | Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  // A plain value too: a fetch handler (Hono's `app.fetch`) may answer synchronously.
  const promise = Promise.resolve(value);
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => {}); // settles later, unobserved
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/**
 * The body's bytes, at most `maxBytes`; throws `BodyTooLargeError` beyond (the stream is
 * cancelled, so the connection is not read to its end). A null body is empty. When `signal`
 * aborts, the stream is cancelled and the read rejects with the signal's reason.
 */
export async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const onAbort = () => {
    reader.cancel(signal?.reason).catch(() => {});
  };
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    for (;;) {
      const { done, value } = await raceAbort(reader.read(), signal);
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => {});
        throw new BodyTooLargeError(maxBytes);
      }
      chunks.push(value);
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    reader.releaseLock();
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/**
 * A `Retry-After` header in milliseconds: delta-seconds or an HTTP date; undefined when
 * absent or unreadable.
 */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
