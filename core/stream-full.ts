/**
 * A publish refused because SEO_STAGES is at its limits (`STAGES_MAX_MSGS_PER_SUBJECT`, or
 * any stream limit with discard-new) is backpressure, not a failure of the work. For an
 * outside publisher it is a clear refusal (the gateway's 503); for an actor moving accepted
 * work on, it means "wait for room": its message stays in hand (the loop keeps sending
 * in-progress acks) instead of burning a delivery and ending in the dead-letter stream.
 */
import {
  JetStreamApiError,
  type JetStreamClient,
  type JetStreamPublishOptions,
  type PubAck,
} from "@nats-io/jetstream";
import { SeoFarmError } from "./errors.ts";

/** The JetStream API error code of "maximum messages (per subject) exceeded" and kin. */
const STORE_FAILED = 10077;

/** Whether a publish was refused because the stream is at one of its limits. */
export function isStreamFull(err: unknown): boolean {
  if (!(err instanceof JetStreamApiError)) return false;
  return err.code === STORE_FAILED || /maximum (messages|bytes)/i.test(err.message);
}

/** Raised to publishers (the gateway maps it to 503 with Retry-After). */
export class StreamFullError extends SeoFarmError {
  constructor(subject: string, cause: unknown) {
    super(
      "STREAM_FULL",
      `the work queue is full for ${subject} (${cause instanceof Error ? cause.message : String(cause)}); nothing was accepted, retry later`,
      { cause, retryable: true },
    );
  }
}

export interface PublishWhenRoomOptions {
  /** Stops waiting (the publish error is thrown). */
  signal?: AbortSignal;
  /** Longest wait for room, ms. @default 600000 (10 min) */
  maxWaitMs?: number;
  /** First pause between attempts, ms; doubles up to 2 s. @default 100 */
  pollMs?: number;
}

/** Publishes, waiting while the stream is full; any other error is thrown at once. */
export async function publishWhenRoom(
  js: JetStreamClient,
  subject: string,
  data: Uint8Array,
  publish: Partial<JetStreamPublishOptions>,
  opts: PublishWhenRoomOptions = {},
): Promise<PubAck> {
  const deadline = Date.now() + (opts.maxWaitMs ?? 600_000);
  let pause = opts.pollMs ?? 100;
  for (;;) {
    try {
      return await js.publish(subject, data, publish);
    } catch (err) {
      if (!isStreamFull(err) || opts.signal?.aborted || Date.now() + pause > deadline) throw err;
    }
    await new Promise((r) => setTimeout(r, pause));
    pause = Math.min(pause * 2, 2_000);
  }
}
