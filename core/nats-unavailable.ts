/**
 * Tells "NATS could not answer just now" apart from "the work failed". During a cluster
 * failover or a reconnect, requests time out, find no responder (JetStream without a leader
 * for the moment; nats.js reports it as "jetstream is not enabled") or get JetStream's 503
 * "system temporarily unavailable". Such a failure says nothing about the message: running
 * the same work again once NATS answers is the remedy, not a retry that burns a delivery.
 */
import { JetStreamApiError } from "@nats-io/jetstream";
import { SeoFarmError } from "./errors.ts";

/** nats.js error names of an unanswered request (not exported as classes by every package). */
const UNANSWERED = new Set(["TimeoutError", "NoResponders", "JetStreamNotEnabled"]);
/** "JetStream system temporarily unavailable". */
const JS_TEMPORARILY_UNAVAILABLE = 10008;

/**
 * Whether `err`, or an error it was caused by, is NATS being unavailable for the moment. An
 * error seo-farm raised on purpose (an LLM call that timed out, say) is never one: its own
 * `retryable` decides, whatever its cause.
 */
export function isNatsUnavailable(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; e instanceof Error && depth < 8; depth++) {
    if (e instanceof SeoFarmError) return false;
    // AbortSignal.timeout() aborts with a DOMException also named "TimeoutError".
    if (UNANSWERED.has(e.name) && !isDomException(e)) return true;
    if (
      e instanceof JetStreamApiError &&
      (e.code === JS_TEMPORARILY_UNAVAILABLE || e.status === 503)
    ) {
      return true;
    }
    e = e.cause;
  }
  return false;
}

function isDomException(e: Error): boolean {
  return typeof DOMException !== "undefined" && e instanceof DOMException;
}
