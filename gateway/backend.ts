/**
 * What the gateway needs from the system, as an interface: the routes stay free of NATS
 * details, and the edge entry can plug in a WebSocket-connected implementation.
 */
import type { ApproveOutcome } from "../core/approval.ts";
import type { BatchRecord } from "../core/batches.ts";
import type { CancelOutcome } from "../core/cancellation.ts";
import type { WorkflowRequest } from "../core/request.ts";
import type { SpendOwner } from "../core/spend.ts";
import type { WorkflowState } from "../core/state.ts";

export interface SubmitReceipt {
  id: string;
  /** JetStream stream sequence of the `seo.submit` message. */
  seq: number;
  /** The server had already seen this id within the dedupe window. */
  duplicate: boolean;
}

export interface GatewayBackend {
  /** Publishes the request to `seo.submit`, exactly as any NATS client would. */
  submit(request: WorkflowRequest & { id: string }, owner?: SpendOwner): Promise<SubmitReceipt>;
  getWorkflow(id: string): Promise<WorkflowState | null>;
  /** The stored result object of a completed workflow. */
  getResult(objectName: string): Promise<Record<string, unknown> | null>;
  /** Whether the pipeline has a current version. */
  hasPipeline(name: string): Promise<boolean>;
  /** NATS reachable and JetStream answering. */
  health(): Promise<{ nats: boolean; jetstream: boolean }>;
  /** Health, and the streams and buckets in place: the gateway can take work. */
  ready(): Promise<{ nats: boolean; jetstream: boolean; topology: boolean }>;
  /**
   * A workflow's events from the SEO_EVENTS stream, oldest first, after `afterSeq` (a
   * stream sequence, the SSE event id) if given, then live, until `signal` aborts.
   */
  events(
    id: string,
    opts: { afterSeq?: number; signal: AbortSignal },
  ): AsyncIterable<StreamedEvent>;
  /**
   * The largest interactive stage backlog (pending + in-progress messages of any stage's
   * interactive consumer, intake included) and its stage; may be up to a second old.
   */
  backlog(): Promise<{ stage: string; messages: number }>;
  /**
   * A page of workflows in id order, newest first (see README "Listing"), optionally of one
   * status, after the cursor (the last id of the previous page).
   */
  listWorkflows(opts: {
    status?: WorkflowState["status"];
    limit: number;
    after?: string;
  }): Promise<{ items: WorkflowState[]; next?: string }>;
  /** Publishes batch workflows to `seo.submit.batch` (the batch lane), ids given. */
  submitBatch(items: Array<WorkflowRequest & { id: string }>, owner?: SpendOwner): Promise<void>;
  /** USD spent this month by the workflows an API key created. */
  spent(keyName: string): Promise<number>;
  createBatch(record: BatchRecord): Promise<void>;
  getBatch(id: string): Promise<BatchRecord | null>;
  putBatch(record: BatchRecord): Promise<void>;
  /** The states of many workflows (null where none is recorded yet), in order. */
  getWorkflows(ids: string[]): Promise<Array<WorkflowState | null>>;
  /**
   * Deletes a workflow's record and article (cancelling it first if it runs). Resolves to
   * false when there was no such workflow.
   */
  deleteWorkflow(id: string): Promise<boolean>;
  /** Cancels a workflow that has not ended. */
  cancel(id: string): Promise<CancelOutcome>;
  /** Approves the publishing of a workflow that waits for it (core/approval.ts). */
  approve(id: string, by: string): Promise<ApproveOutcome>;
  /** The current version of every pipeline. */
  pipelines(): Promise<PipelineSummary[]>;
  /** The current version of one pipeline (the one new work starts on); null when none. */
  pipeline(name: string): Promise<PipelineSummary | null>;
  /**
   * The site ids the intake actors serve (core/site-catalog.ts), at most a few seconds old;
   * null when no intake actor has said, and then any `site` is left to intake.
   */
  siteIds?(): Promise<string[] | null>;
  /**
   * Each stage's backlog and the actor processes serving it (the dashboard's queue chart);
   * may be a second or two old.
   */
  stats(): Promise<GatewayStats>;
}

export interface StageStats {
  stage: string;
  /** Pending + in-progress messages of the stage's consumers, both lanes (its lag). */
  backlog: number;
  /** The part of it on the batch lane. */
  batchBacklog: number;
  /** Live actor processes serving the stage (a process serving several counts for each). */
  workers: number;
  /** Those of them with work in hand. */
  active: number;
}

export interface GatewayStats {
  /** When the reading was taken, ms since the epoch. */
  at: number;
  /** Intake first, then every pipeline's stages in pipeline order. */
  stages: StageStats[];
  /** Live actor processes in all. */
  actors: number;
}

export interface StreamedEvent {
  /** Stream sequence in SEO_EVENTS. */
  seq: number;
  kind: string;
  data: Record<string, unknown>;
}

export interface PipelineSummary {
  name: string;
  version: string;
  description: string;
  stages: Array<{ name: string; assistant: string; taskClass: string; llm: boolean }>;
}
