/**
 * Every stream, subject, consumer and bucket name in one place. These are public contracts
 * (see ARCHITECTURE.md): any NATS client may publish to `seo.submit` or read the events.
 */

export const STREAM_STAGES = "SEO_STAGES";
export const STREAM_EVENTS = "SEO_EVENTS";
export const STREAM_DLQ = "SEO_DLQ";
/** Captures the server's max-deliveries advisories so the dead-letter keeper never misses one. */
export const STREAM_ADVISORIES = "SEO_ADVISORIES";

export const SUBJECT_SUBMIT = "seo.submit";
export const SUBJECT_STAGE_PREFIX = "seo.stage";
export const SUBJECT_EVENTS_PREFIX = "seo.events";
export const SUBJECT_DLQ_PREFIX = "seo.dlq";
/**
 * Core NATS (no stream): a workflow id published here stops its in-flight stage work in
 * every actor at once. The workflow's state says `cancelled` first, so nothing is lost if
 * an actor misses it: the next stage sees the status and does not run.
 */
export const SUBJECT_CANCEL = "seo.control.cancel";

/**
 * Lanes: interactive work (the default) and batch work travel on separate subjects with
 * separate consumers, so a single request never waits behind a 10,000-keyword batch.
 */
export type Lane = "interactive" | "batch";
export const LANES: readonly Lane[] = ["interactive", "batch"];
/** The subject suffix and consumer-name suffix of the batch lane. */
export const BATCH_SUFFIX = "batch";
/** Batch submissions: `seo.submit.batch`, read by the `intake-batch` consumer. */
export const SUBJECT_SUBMIT_BATCH = `seo.submit.${BATCH_SUFFIX}`;

export const CONSUMER_INTAKE = "intake";
export const CONSUMER_DLQ_KEEPER = "dlq-keeper";

export const BUCKET_WORKFLOWS = "seo-workflows";
export const BUCKET_LLM_CACHE = "seo-llm-cache";
export const BUCKET_ACTORS = "seo-actors";
export const BUCKET_LEASES = "seo-leases";
export const BUCKET_PIPELINES = "seo-pipelines";
/** Batch records (`b.<batchId>`): what was asked, the estimate, whether it was cancelled. */
export const BUCKET_BATCHES = "seo-batches";
/** Spend per API key and month (`k.<key>.<YYYY-MM>`), for the monthly spend caps. */
export const BUCKET_SPEND = "seo-spend";
/** Search results (`search.<provider>.<queryHash>`), bucket-wide TTL (SEARCH_CACHE_TTL_S). */
export const BUCKET_SEARCH_CACHE = "seo-search-cache";
export const OBJECT_STORE_ARTIFACTS = "seo-artifacts";
export const OBJECT_STORE_RESULTS = "seo-results";

/** The pseudo-stage name of the intake actor (DLQ subject, logs). */
export const INTAKE_STAGE = "intake";

export type EventKind = "status" | "stage" | "delta" | "done" | "failed";

/** Stage and pipeline names: one subject token, lower-case. */
export const NAME_PATTERN = /^[a-z][a-z0-9-]{0,47}$/;
/** Headers the gateway sets on a submission: the API key's name, and its monthly cap. */
export const HEADER_API_KEY = "Seo-Api-Key";
export const HEADER_API_KEY_BUDGET = "Seo-Api-Key-Monthly-Budget-Usd";

/**
 * Set by an actor on each stage message it publishes: the publishing process's instance id.
 * The process that takes the message knows from it whether it wrote the state last itself.
 */
export const HEADER_PUBLISHER = "Seo-Farm-Publisher";

/** Workflow ids: usable as a subject token and a KV key. */
export const WORKFLOW_ID_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;

/** `seo.stage.<stage>`, or `seo.stage.<stage>.batch` for the batch lane. */
export function stageSubject(stage: string, lane: Lane = "interactive"): string {
  return lane === "batch"
    ? `${SUBJECT_STAGE_PREFIX}.${stage}.${BATCH_SUFFIX}`
    : `${SUBJECT_STAGE_PREFIX}.${stage}`;
}

/** `stage-<stage>` (or `intake`), with `-batch` for the batch lane. */
export function stageConsumerName(stage: string, lane: Lane = "interactive"): string {
  const base = stage === INTAKE_STAGE ? CONSUMER_INTAKE : `stage-${stage}`;
  return lane === "batch" ? `${base}-${BATCH_SUFFIX}` : base;
}

/** The subject a lane's submissions go to. */
export function submitSubject(lane: Lane = "interactive"): string {
  return lane === "batch" ? SUBJECT_SUBMIT_BATCH : SUBJECT_SUBMIT;
}

/** The lane of a `seo.submit…` or `seo.stage…` subject. */
export function laneOfSubject(subject: string): Lane {
  return subject.endsWith(`.${BATCH_SUFFIX}`) ? "batch" : "interactive";
}

export function dlqSubject(stage: string): string {
  return `${SUBJECT_DLQ_PREFIX}.${stage}`;
}

export function eventSubject(workflowId: string, kind: EventKind): string {
  return `${SUBJECT_EVENTS_PREFIX}.${workflowId}.${kind}`;
}

export function workflowKey(workflowId: string): string {
  return `wf.${workflowId}`;
}

/** `Nats-Msg-Id` of a stage message: a redelivered stage that republishes is deduped. */
export function stageMsgId(workflowId: string, stage: string, iteration: number): string {
  return `${workflowId}.${stage}.${iteration}`;
}

/** The workflow id of a `seo.submit` message whose request has no `id` and no `Nats-Msg-Id`. */
export function workflowIdFromSequence(streamSeq: number): string {
  return `s${streamSeq}`;
}

export function maxDeliveriesAdvisorySubject(stream = STREAM_STAGES): string {
  return `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${stream}.*`;
}

/**
 * The stage a `seo.stage.<stage>` (or `seo.stage.<stage>.batch`) subject is for, or
 * undefined for any other subject.
 */
export function stageOfSubject(subject: string): string | undefined {
  const prefix = `${SUBJECT_STAGE_PREFIX}.`;
  if (!subject.startsWith(prefix)) return undefined;
  const parts = subject.slice(prefix.length).split(".");
  if (parts.length === 1) return parts[0];
  return parts.length === 2 && parts[1] === BATCH_SUFFIX ? parts[0] : undefined;
}
