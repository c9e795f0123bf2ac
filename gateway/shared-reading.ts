/**
 * A reading of the server that callers within a short window share: many creates (the
 * backpressure check) or many open dashboards (the queue chart) must not each ask
 * JetStream for every consumer's info.
 */

/**
 * Wraps `read` so that calls within `maxAgeMs` of a reading get that reading (also while it
 * is still in flight). A failed reading is not kept: the next call asks again.
 */
export function sharedReading<T>(
  read: () => Promise<T>,
  maxAgeMs: number,
  now: () => number = Date.now,
): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    const at = now();
    if (!last || at - last.at > maxAgeMs) {
      const value = read();
      const entry = { at, value };
      value.catch(() => {
        if (last === entry) last = undefined;
      });
      last = entry;
    }
    return last.value;
  };
}
