/**
 * One signal that aborts when any of several does, and is let go of afterwards.
 *
 * Why not `AbortSignal.any`: Node keeps a composite signal that has an `abort` listener in a
 * module-level set for as long as the listener stays (so it is not collected while a source
 * may still abort it), and the OpenAI and Anthropic SDKs add a listener to the signal they are
 * given and never remove it. Every LLM call of a stage run under `AbortSignal.any(...)` was
 * so kept for ever, with the SDK's AbortController: a heap snapshot of an actor showed four
 * per workflow (~12 KB), the actor RSS growth the soak measured. Here the signal is a plain
 * controller's, linked to its sources by listeners that `release` removes, so when the caller
 * drops it, it goes with whatever listeners others hung on it.
 */
export interface LinkedSignal {
  readonly signal: AbortSignal;
  /** Unlinks from the sources; call when the work the signal guarded is over. */
  release(): void;
}

/** A signal aborted (with its reason) as soon as any of `sources` is. */
export function linkSignals(...sources: Array<AbortSignal | undefined>): LinkedSignal {
  const controller = new AbortController();
  const linked = sources.filter((s): s is AbortSignal => s !== undefined);
  const already = linked.find((s) => s.aborted);
  if (already) {
    controller.abort(already.reason);
    return { signal: controller.signal, release: () => {} };
  }
  const unlinks: Array<() => void> = [];
  const release = () => {
    for (const unlink of unlinks.splice(0)) unlink();
  };
  for (const source of linked) {
    const onAbort = () => {
      controller.abort(source.reason);
      release();
    };
    source.addEventListener("abort", onAbort, { once: true });
    unlinks.push(() => source.removeEventListener("abort", onAbort));
  }
  return { signal: controller.signal, release };
}
