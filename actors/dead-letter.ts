/**
 * Dead letters: a message that cannot succeed goes to `seo.dlq.<stage>` with its original
 * payload and headers plus the reason, the stage and the delivery count, and its workflow is
 * marked failed. The keeper handles the other way a message runs out of deliveries — its
 * last attempt died with its process — from the server's max-deliveries advisories.
 */
import type { JetStreamClient, JetStreamManager, JsMsg } from "@nats-io/jetstream";
import { type MsgHdrs, type NatsConnection, headers as natsHeaders } from "@nats-io/nats-core";
import { type ObjectStore, Objm } from "@nats-io/obj";
import { decode, HEADER_CONTENT_TYPE } from "../core/codec.ts";
import { parseEnvelope } from "../core/envelope.ts";
import { errorCode, errorMessage, SeoFarmError } from "../core/errors.ts";
import { publishEvent } from "../core/events.ts";
import type { Logger } from "../core/log.ts";
import { TERMINAL_STATUSES, type WorkflowStore } from "../core/state.ts";
import {
  dlqSubject,
  INTAKE_STAGE,
  OBJECT_STORE_ARTIFACTS,
  STREAM_STAGES,
  SUBJECT_SUBMIT,
  SUBJECT_SUBMIT_BATCH,
  stageOfSubject,
  WORKFLOW_ID_PATTERN,
} from "../core/subjects.ts";
import { recordWorkflowEnd, seoFarmMetrics } from "../core/telemetry/metrics.ts";

export const DLQ_HEADER = {
  reason: "Seo-Farm-Dlq-Reason",
  code: "Seo-Farm-Dlq-Code",
  stage: "Seo-Farm-Dlq-Stage",
  deliveries: "Seo-Farm-Dlq-Deliveries",
  subject: "Seo-Farm-Dlq-Subject",
  streamSeq: "Seo-Farm-Dlq-Stream-Seq",
  workflowId: "Seo-Farm-Workflow-Id",
  at: "Seo-Farm-Dlq-At",
  /** Set when the payload was too large to travel with the headers: where it is kept. */
  payloadObject: "Seo-Farm-Dlq-Payload-Object",
  /** The kept payload's size in bytes. */
  payloadBytes: "Seo-Farm-Dlq-Payload-Bytes",
} as const;

/** Room kept free below max_payload for the protocol's own framing. */
const FRAMING_BYTES = 512;
const utf8 = new TextEncoder();

/** Bytes a header block takes on the wire (`NATS/1.0`, `key: value` lines, blank line). */
function headerBytes(h: MsgHdrs): number {
  let n = 12;
  for (const key of h.keys()) {
    for (const v of h.values(key)) n += utf8.encode(key).length + utf8.encode(v).length + 4;
  }
  return n;
}

/**
 * Keeps a dead letter's payload that cannot travel with its headers (a message just under
 * max_payload plus the DLQ headers is over it) in the object store `seo-artifacts` as
 * `dlq.<stream seq>`, and answers where: `seo-artifacts/dlq.<seq>`.
 */
export type LargePayloadKeeper = (name: string, data: Uint8Array) => Promise<string>;

/** The keeper on a NATS connection, opening the bucket on first use. */
export function objectStorePayloadKeeper(nc: NatsConnection): LargePayloadKeeper {
  let bucket: Promise<ObjectStore> | undefined;
  return async (name, data) => {
    bucket ??= new Objm(nc).open(OBJECT_STORE_ARTIFACTS);
    await (await bucket).putBlob({ name }, data);
    return `${OBJECT_STORE_ARTIFACTS}/${name}`;
  };
}

/** Original `Nats-*` headers are kept under this prefix: as-is they would dedupe or expect. */
export const ORIGINAL_HEADER_PREFIX = "Seo-Farm-Orig-";

export interface DeadLetter {
  stage: string;
  reason: string;
  code: string;
  deliveries: number;
  subject: string;
  streamSeq: number;
  workflowId?: string | undefined;
  data: Uint8Array;
  headers?: MsgHdrs | undefined;
  /** The entry's msg id when there is no stream message to name. @default `dlq.<streamSeq>` */
  dedupeId?: string;
}

function oneLine(s: string, max = 1_000): string {
  return s.replace(/[\r\n]+/g, " ").slice(0, max);
}

/** The stage a message on SEO_STAGES belongs to (`intake` for `seo.submit`). */
export function stageOfMessage(subject: string): string {
  if (subject === SUBJECT_SUBMIT || subject === SUBJECT_SUBMIT_BATCH) return INTAKE_STAGE;
  return stageOfSubject(subject) ?? "unknown";
}

/** Best effort: the workflow id inside a stage message or a request, if it has one. */
export function workflowIdOf(data: Uint8Array, hdrs: MsgHdrs | undefined): string | undefined {
  try {
    const value = decode(data, hdrs?.get(HEADER_CONTENT_TYPE)) as Record<string, unknown>;
    const id = value?.workflowId ?? value?.id;
    return typeof id === "string" && WORKFLOW_ID_PATTERN.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Publishes a dead letter. Deduplicated by the original stream sequence, so the actor and
 * the keeper cannot both add an entry for the same message.
 */
export async function publishDeadLetter(
  js: JetStreamClient,
  dl: DeadLetter,
  large?: { maxPayload: number; keep: LargePayloadKeeper },
): Promise<void> {
  const h = natsHeaders();
  if (dl.headers) {
    for (const key of dl.headers.keys()) {
      const name = key.toLowerCase().startsWith("nats-") ? `${ORIGINAL_HEADER_PREFIX}${key}` : key;
      for (const v of dl.headers.values(key)) h.append(name, v);
    }
  }
  h.set(DLQ_HEADER.reason, oneLine(dl.reason));
  h.set(DLQ_HEADER.code, dl.code);
  h.set(DLQ_HEADER.stage, dl.stage);
  h.set(DLQ_HEADER.deliveries, String(dl.deliveries));
  h.set(DLQ_HEADER.subject, dl.subject);
  h.set(DLQ_HEADER.streamSeq, String(dl.streamSeq));
  h.set(DLQ_HEADER.at, new Date().toISOString());
  if (dl.workflowId) h.set(DLQ_HEADER.workflowId, dl.workflowId);
  let data = dl.data;
  // Too large to publish with the headers (it would fail for ever, and the message would
  // never leave the work queue): the payload goes to the object store, the entry says where.
  if (large && data.length + headerBytes(h) + FRAMING_BYTES > large.maxPayload) {
    h.set(DLQ_HEADER.payloadObject, await large.keep(`dlq.${dl.streamSeq}`, data));
    h.set(DLQ_HEADER.payloadBytes, String(data.length));
    data = new Uint8Array(0);
  }
  const ack = await js.publish(dlqSubject(dl.stage), data, {
    headers: h,
    msgID: dl.dedupeId ?? `dlq.${dl.streamSeq}`,
  });
  if (!ack.duplicate) seoFarmMetrics().deadLetters.add(1, { stage: dl.stage });
}

/** Marks a workflow failed (unless it already ended) and announces it. */
export async function markFailed(
  nc: NatsConnection,
  store: WorkflowStore,
  workflowId: string,
  error: { code: string; message: string; stage?: string },
): Promise<void> {
  const res = await store.update(workflowId, (s) => {
    if (TERMINAL_STATUSES.has(s.status)) return null;
    s.status = "failed";
    s.error = error;
    return s;
  });
  if (res?.written) {
    recordWorkflowEnd("failed", res.state.pipeline.name, Date.now() - res.state.createdAt);
    publishEvent(nc, workflowId, "failed", { error });
  }
}

/** The final-failure hook of the actor loops: dead-letter, then mark the workflow failed. */
export function deadLetterHook(
  nc: NatsConnection,
  js: JetStreamClient,
  store: WorkflowStore,
  logger: Logger,
): (msg: JsMsg, err: unknown) => Promise<void> {
  const keep = objectStorePayloadKeeper(nc);
  return async (msg, err) => {
    const stage = stageOfMessage(msg.subject);
    const workflowId = workflowIdOf(msg.data, msg.headers);
    const reason = errorMessage(err);
    await publishDeadLetter(
      js,
      {
        stage,
        reason,
        code: errorCode(err),
        deliveries: msg.info.deliveryCount,
        subject: msg.subject,
        streamSeq: msg.seq,
        workflowId,
        data: msg.data,
        headers: msg.headers,
      },
      { maxPayload: nc.info?.max_payload ?? Number.POSITIVE_INFINITY, keep },
    );
    if (workflowId && stage !== INTAKE_STAGE) {
      await markFailed(nc, store, workflowId, { code: errorCode(err), message: reason, stage });
    }
    logger.warn("dead-lettered", { stage, workflowId, reason });
  };
}

interface MaxDeliveriesAdvisory {
  stream: string;
  consumer: string;
  stream_seq: number;
  deliveries: number;
  /** When the server sent it (RFC 3339). */
  timestamp?: string;
}

/** The keeper looks again later: the message's last attempt may still be at work. */
export class DeadLetterDeferredError extends SeoFarmError {
  /** When to look again: the rest of the grace, at most 10 s (a fast stage shows up sooner). */
  readonly retryAfterMs: number;
  constructor(seq: number, waitMs: number) {
    super(
      "DEAD_LETTER_DEFERRED",
      `message ${seq} ran out of deliveries but its last attempt may still be at work; looking again within ${Math.ceil(waitMs / 1000)} s`,
      { retryable: true },
    );
    this.retryAfterMs = Math.min(Math.max(waitMs, 100), 10_000);
  }
}

/**
 * What the workflow's state says of the work a stage message stands for: `done` if the
 * stage is recorded for the message's iteration or the workflow has ended (nothing is lost
 * by dropping the message), `open` if not, `unknown` if the message or state cannot tell.
 */
async function workOnRecord(
  store: WorkflowStore,
  stage: string,
  workflowId: string | undefined,
  stored: { data: Uint8Array; header?: MsgHdrs | undefined },
): Promise<"done" | "open" | "unknown"> {
  if (!workflowId) return "unknown";
  // Read where writes are applied: a replica behind would send finished work to the DLQ.
  const current = await store.get(workflowId, { fromLeader: true });
  if (!current) return "unknown";
  if (TERMINAL_STATUSES.has(current.state.status)) return "done";
  if (stage === INTAKE_STAGE) {
    // A recorded stage proves intake published the first one; without, it may not have.
    return Object.keys(current.state.stages).length > 0 ? "done" : "unknown";
  }
  let iteration: number;
  try {
    iteration = parseEnvelope(
      decode(stored.data, stored.header?.get(HEADER_CONTENT_TYPE)),
    ).iteration;
  } catch {
    return "unknown";
  }
  const recorded = current.state.stages[stage];
  return recorded && recorded.iteration >= iteration ? "done" : "open";
}

/**
 * Handles one max-deliveries advisory: moves the message to the DLQ, marks its workflow
 * failed and removes it from the work queue. Idempotent: a message already gone (acked or
 * moved) is a no-op.
 *
 * Running out of deliveries proves only that no ack reached the consumer, not that the work
 * failed: in a cluster failover acks and in-progress acks sent to a frozen leader are lost
 * while actors go on and record their stages. So the workflow's state is asked first. Work
 * on record is not a dead letter: the message is dropped, the workflow goes on. Work still
 * open gets a grace (`graceMs` from the advisory; DEAD_LETTER_GRACE_MS) in which the keeper
 * looks again (DeadLetterDeferredError, a retry); after it, the message is
 * dead-lettered as before — a message that kills its actor every time still ends there.
 */
export async function handleMaxDeliveries(
  deps: {
    nc: NatsConnection;
    js: JetStreamClient;
    jsm: JetStreamManager;
    store: WorkflowStore;
    logger: Logger;
    /** How long after the advisory work still open is waited for (DEAD_LETTER_GRACE_MS). @default 0 */
    graceMs?: number;
    now?: () => number;
  },
  advisory: MaxDeliveriesAdvisory,
): Promise<void> {
  const { nc, js, jsm, store, logger } = deps;
  if (advisory.stream !== STREAM_STAGES) return;
  let stored: Awaited<ReturnType<typeof jsm.streams.getMessage>>;
  try {
    stored = await jsm.streams.getMessage(STREAM_STAGES, { seq: advisory.stream_seq });
  } catch (err) {
    logger.debug("advisory for a message that is gone", {
      seq: advisory.stream_seq,
      error: errorMessage(err),
    });
    return;
  }
  if (!stored) return;
  const stage = stageOfMessage(stored.subject);
  const workflowId = workflowIdOf(stored.data, stored.header);
  const record = await workOnRecord(store, stage, workflowId, stored);
  if (record === "done") {
    await jsm.streams.deleteMessage(STREAM_STAGES, advisory.stream_seq, false).catch(() => false);
    logger.info("out of deliveries, but its work is on record: dropped, not dead-lettered", {
      stage,
      workflowId,
      seq: advisory.stream_seq,
    });
    return;
  }
  if (record === "open") {
    const now = deps.now?.() ?? Date.now();
    const sentAt = advisory.timestamp ? Date.parse(advisory.timestamp) : Number.NaN;
    const waitMs = (Number.isFinite(sentAt) ? sentAt : now) + (deps.graceMs ?? 0) - now;
    if (waitMs > 0) throw new DeadLetterDeferredError(advisory.stream_seq, waitMs);
  }
  const reason = `delivered ${advisory.deliveries} times without an ack: the last attempt died or stalled with its process`;
  await publishDeadLetter(
    js,
    {
      stage,
      reason,
      code: "MAX_DELIVERIES",
      deliveries: advisory.deliveries,
      subject: stored.subject,
      streamSeq: advisory.stream_seq,
      workflowId,
      data: stored.data,
      headers: stored.header,
    },
    {
      maxPayload: nc.info?.max_payload ?? Number.POSITIVE_INFINITY,
      keep: objectStorePayloadKeeper(nc),
    },
  );
  if (workflowId && stage !== INTAKE_STAGE) {
    await markFailed(nc, store, workflowId, { code: "MAX_DELIVERIES", message: reason, stage });
  }
  await jsm.streams.deleteMessage(STREAM_STAGES, advisory.stream_seq, false).catch(() => false);
  logger.warn("dead-lettered after max deliveries", {
    stage,
    workflowId,
    seq: advisory.stream_seq,
  });
}
