/**
 * The pull loop of one durable consumer: at most `concurrency` messages held at once, an
 * in-progress ack while a handler runs, ack on success, a delayed nak to retry, and a
 * dead-letter hook once retries are spent or the failure is hopeless.
 *
 * Why `fetch` of exactly the free slots and not `consume`: a message in a client buffer is
 * ack-pending on the server, invisible to other actors and to the lag the supervisor reads.
 * Holding only what we work on keeps the lag honest and lets scale-out take work at once.
 */
import type { Consumer, JetStreamClient, JsMsg } from "@nats-io/jetstream";
import { errorCode, errorMessage, isRetryable } from "../core/errors.ts";
import type { Logger } from "../core/log.ts";
import { isNatsUnavailable } from "../core/nats-unavailable.ts";

/** How long a message whose handler fails for want of NATS is run again in place. */
export const DEFAULT_OUTAGE_HOLD_MS = 60_000;

export interface ConsumerLoopOptions {
  stream: string;
  consumer: string;
  /** Messages handled at once. */
  concurrency: number;
  /** In-progress ack interval while a handler runs; must be well under the ack wait. */
  heartbeatMs: number;
  /** The consumer's max_deliver: the attempt with this delivery count is the last. */
  maxDeliver: number;
  /** Base delay of a retry (nak); doubles with each attempt. */
  retryDelayMs: number;
  /** How long one pull waits on the server (also bounds how long `stop` waits for it). */
  pullExpiresMs: number;
  /**
   * While a handler fails because NATS cannot answer (a request timed out or found no
   * responder, JetStream 503: a failover or a reconnect), it is run again in place, the
   * message in hand, for up to this long before the failure counts as a delivery. A cluster
   * failover takes seconds; two quick retries would dead-letter sound work.
   * @default 60000
   */
  outageHoldMs?: number;
  logger: Logger;
}

/** What the loop does once a message has failed for good. */
export type FinalFailureHook = (msg: JsMsg, err: unknown) => Promise<void>;
export type MessageHandler = (msg: JsMsg, signal: AbortSignal) => Promise<void>;

export class ConsumerLoop {
  readonly #inFlight = new Set<Promise<void>>();
  /** One controller per held message: a shared signal would collect a listener per request. */
  readonly #controllers = new Set<AbortController>();
  #aborted = false;
  #stopping = false;
  #loop: Promise<void> | undefined;
  #slotFreed: (() => void) | undefined;

  constructor(
    readonly js: JetStreamClient,
    readonly opts: ConsumerLoopOptions,
    readonly handle: MessageHandler,
    readonly onFinalFailure: FinalFailureHook,
  ) {}

  /** Messages being handled right now. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  async #run(): Promise<void> {
    const { logger } = this.opts;
    let consumer: Consumer | undefined;
    while (!this.#stopping) {
      try {
        consumer ??= await this.js.consumers.get(this.opts.stream, this.opts.consumer);
        if (this.#inFlight.size >= this.opts.concurrency) {
          await new Promise<void>((resolve) => {
            this.#slotFreed = resolve;
          });
          continue;
        }
        const batch = await consumer.fetch({
          max_messages: this.opts.concurrency - this.#inFlight.size,
          expires: this.opts.pullExpiresMs,
        });
        for await (const msg of batch) {
          if (this.#aborted) {
            // Arrived past the grace period: hand it straight back for another actor.
            msg.nak();
            continue;
          }
          // Arriving while stopping, from the pull still open: the server counts it as
          // delivered to us, so handling it now (in a slot the pull asked for) beats a nak
          // that would make its next delivery a second attempt.
          this.#dispatch(msg);
        }
      } catch (err) {
        if (this.#stopping) break;
        logger.warn("pull failed; retrying", {
          consumer: this.opts.consumer,
          error: errorMessage(err),
        });
        consumer = undefined;
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  }

  #dispatch(msg: JsMsg): void {
    const task = this.#process(msg).finally(() => {
      this.#inFlight.delete(task);
      const wake = this.#slotFreed;
      this.#slotFreed = undefined;
      wake?.();
    });
    this.#inFlight.add(task);
  }

  async #process(msg: JsMsg): Promise<void> {
    const heartbeat = setInterval(() => msg.working(), this.opts.heartbeatMs);
    const controller = new AbortController();
    this.#controllers.add(controller);
    try {
      await this.#handleThroughOutages(msg, controller.signal);
    } catch (err) {
      await this.#fail(msg, err);
      return;
    } finally {
      clearInterval(heartbeat);
      this.#controllers.delete(controller);
    }
    if (!this.#stopping) {
      // A plain ack: the state write already proves the work, so a lost ack costs only a
      // redelivery that finds the stage recorded. Confirming every ack would add a server
      // reply per message on the hot path.
      msg.ack();
      return;
    }
    try {
      // Draining: confirmed, so a drained actor exits only once the server has its acks.
      await msg.ackAck();
    } catch (err) {
      // The work is done and recorded; a redelivery finds it recorded and only acks.
      this.opts.logger.warn("ack not confirmed", {
        consumer: this.opts.consumer,
        error: errorMessage(err),
      });
    }
  }

  /**
   * Runs the handler; while it fails only because NATS is unavailable, runs it again after a
   * growing pause (the heartbeat keeps the message ours). Handlers are idempotent — a
   * redelivery would run them again too — so this is a redelivery that costs no delivery.
   */
  async #handleThroughOutages(msg: JsMsg, signal: AbortSignal): Promise<void> {
    const holdUntil = Date.now() + (this.opts.outageHoldMs ?? DEFAULT_OUTAGE_HOLD_MS);
    let pause = 250;
    for (;;) {
      try {
        await this.handle(msg, signal);
        return;
      } catch (err) {
        if (
          !isNatsUnavailable(err) ||
          this.#stopping ||
          signal.aborted ||
          Date.now() + pause > holdUntil
        ) {
          throw err;
        }
        this.opts.logger.warn("NATS unavailable; running the message again in place", {
          consumer: this.opts.consumer,
          streamSeq: msg.seq,
          error: errorMessage(err),
          retryInMs: pause,
        });
      }
      await new Promise((r) => setTimeout(r, pause));
      pause = Math.min(pause * 2, 4_000);
    }
  }

  async #fail(msg: JsMsg, err: unknown): Promise<void> {
    const { logger } = this.opts;
    const deliveries = msg.info.deliveryCount;
    const fields = {
      consumer: this.opts.consumer,
      streamSeq: msg.seq,
      deliveries,
      code: errorCode(err),
      error: errorMessage(err),
    };
    if (this.#aborted) {
      // Shutting down past the grace period: let another actor take it now.
      msg.nak();
      return;
    }
    if (isRetryable(err) && deliveries < this.opts.maxDeliver) {
      // An error that knows when to look again (a deferral, not a failure) says so.
      const after = retryAfterOf(err);
      const delay = after ?? Math.min(this.opts.retryDelayMs * 2 ** (deliveries - 1), 60_000);
      if (after === undefined)
        logger.warn("attempt failed; will retry", { ...fields, retryInMs: delay });
      else logger.info("deferred; will look again", { ...fields, retryInMs: delay });
      msg.nak(delay);
      return;
    }
    logger.error("message failed for good; dead-lettering", fields);
    try {
      await this.onFinalFailure(msg, err);
      // No reason text: nats-server before 2.10.4 does not parse "+TERM <reason>" and
      // silently ignores the term, so the message would be delivered again.
      msg.term();
    } catch (hookErr) {
      // The dead-letter write itself failed (NATS down?): leave the message unacked so it is
      // redelivered, or moved by the dead-letter keeper once deliveries run out.
      logger.error("dead-lettering failed", { ...fields, hookError: errorMessage(hookErr) });
    }
  }

  /**
   * Stops pulling and lets held messages finish — with what the pull still open brings
   * (it ends by itself within pullExpiresMs) — for up to `graceMs`, then aborts the rest
   * (they are nak'd for redelivery). Resolves when nothing is held.
   */
  async stop(graceMs: number): Promise<void> {
    this.#stopping = true;
    this.#slotFreed?.();
    const drained = (async () => {
      await this.#loop;
      while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
    })();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<"timeout">((r) => {
      timer = setTimeout(() => r("timeout"), graceMs);
    });
    const outcome = await Promise.race([drained, timeout]);
    clearTimeout(timer);
    if (outcome === "timeout") {
      this.#aborted = true;
      for (const c of this.#controllers) c.abort(new Error("actor shutting down"));
      await drained;
    }
  }
}

/** `retryAfterMs` of an error that carries one (e.g. DeadLetterDeferredError). */
function retryAfterOf(err: unknown): number | undefined {
  const v = (err as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : undefined;
}
