/**
 * A server-sent-events body paced like a model writing: the frames of an answer go out at
 * their scheduled offsets. The stream is pull-based, so a slow client applies back-pressure,
 * and a client that hangs up cancels the pending timer at once.
 */
import type { StreamFrames } from "./wire.ts";

/** Share of the total latency before the first token, as with a real model's queue and prefill. */
export const FIRST_TOKEN_SHARE = 0.3;

export interface TimedFrame {
  /** Milliseconds after the start. */
  at: number;
  data: string;
}

/**
 * When each frame goes out: the opening frames with the first delta at 30 % of `totalMs`,
 * the deltas spread evenly after it, the closing frames at `totalMs`.
 */
export function scheduleFrames(frames: StreamFrames, totalMs: number): TimedFrame[] {
  const first = totalMs * FIRST_TOKEN_SHARE;
  const n = frames.deltas.length;
  const out: TimedFrame[] = frames.open.map((data) => ({ at: first, data }));
  frames.deltas.forEach((data, i) => {
    out.push({ at: first + ((totalMs - first) * i) / Math.max(1, n), data });
  });
  for (const data of frames.close) out.push({ at: totalMs, data });
  return out;
}

/**
 * The frames as a byte stream. `onClose(true)` runs after the last frame, `onClose(false)`
 * when the client went away first; exactly one of them runs.
 */
export function pacedStream(
  frames: TimedFrame[],
  onClose: (completed: boolean) => void,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const start = Date.now();
  let next = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wake: (() => void) | undefined;
  let done = false;
  const finish = (completed: boolean) => {
    if (done) return;
    done = true;
    onClose(completed);
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      // A pull must enqueue or close, or the stream would stall: wait until the next frame
      // is due (timers may fire a little early), then send everything that is due.
      for (;;) {
        if (done) return;
        const wait = Math.ceil(frames[next]!.at - (Date.now() - start));
        if (wait <= 0) break;
        await new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, wait);
        });
        wake = undefined;
      }
      const elapsed = Date.now() - start;
      let batch = "";
      while (next < frames.length && frames[next]!.at <= elapsed) batch += frames[next++]!.data;
      controller.enqueue(encoder.encode(batch));
      if (next >= frames.length) {
        controller.close();
        finish(true);
      }
    },
    cancel() {
      clearTimeout(timer);
      wake?.();
      finish(false);
    },
  });
}
