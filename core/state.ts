/**
 * Workflow state in KV `seo-workflows` (key `wf.<id>`): the source of truth for a workflow.
 * Every write is a compare-and-set on the key's revision, so a stale worker's late write
 * cannot overwrite a newer one or create a second result.
 */
import { JetStreamApiError } from "@nats-io/jetstream";
import { type KV, Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { uniqueKeys } from "./kv-keys.ts";
import type { WorkflowRequest } from "./request.ts";
import { BUCKET_WORKFLOWS, workflowKey } from "./subjects.ts";

export type WorkflowStatus = "queued" | "running" | "completed" | "failed" | "cancelled";
export const TERMINAL_STATUSES: ReadonlySet<WorkflowStatus> = new Set([
  "completed",
  "failed",
  "cancelled",
]);

export interface TokenCounts {
  prompt: number;
  completion: number;
  /** Prompt tokens read from the provider's prompt cache (part of `prompt`). */
  cached?: number;
}

export interface StageRecord {
  iteration: number;
  startedAt: number;
  finishedAt: number;
  durationMs: number;
  /** JetStream delivery count of the attempt that completed it. */
  attempt: number;
  llmCalls: number;
  tokens: TokenCounts;
  model?: string;
  provider?: string;
  /** USD, from the price table. */
  costUsd: number;
  /** LLM calls of this stage answered from the cache. */
  cacheHits?: number;
  /** The whole stage was answered from its memo (same assistant, prompt and input). */
  memo?: boolean;
}

export interface ResultRef {
  /** Object name in `seo-results`. */
  object: string;
  title: string;
  slug: string;
  metaDescription: string;
  wordCount: number;
}

export interface WorkflowState {
  id: string;
  status: WorkflowStatus;
  pipeline: { name: string; version: string };
  /** Prompt version per stage, fixed when the workflow started. */
  promptVersions: Record<string, string>;
  stageNames: string[];
  request: WorkflowRequest;
  createdAt: number;
  updatedAt: number;
  /** Stream sequence of the `seo.submit` message that created it. */
  submitSeq: number;
  /** The API key that created it, with its monthly spend cap then (gateway creates only). */
  owner?: { name: string; monthlyBudgetUsd?: number };
  /** `batch` for work submitted on the batch lane (absent: interactive). */
  lane?: "batch";
  /** The W3C trace id of the workflow's trace, when tracing is on. */
  traceId?: string;
  currentStage?: string;
  stages: Record<string, StageRecord>;
  tokens: TokenCounts;
  /** USD over every stage. */
  costUsd?: number;
  error?: { code: string; message: string; stage?: string };
  result?: ResultRef;
}

export interface VersionedState {
  state: WorkflowState;
  revision: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const MAX_CAS_ATTEMPTS = 20;

export function isCasConflict(err: unknown): boolean {
  return (
    err instanceof JetStreamApiError &&
    (err.code === 10071 || err.code === 10164 || /wrong last sequence/i.test(err.message))
  );
}

/** Reads and writes workflow state with compare-and-set. */
export class WorkflowStore {
  constructor(readonly kv: KV) {}

  static async open(nc: NatsConnection): Promise<WorkflowStore> {
    return new WorkflowStore(await new Kvm(nc).open(BUCKET_WORKFLOWS));
  }

  async get(id: string): Promise<VersionedState | null> {
    const entry = await this.kv.get(workflowKey(id));
    if (entry?.operation !== "PUT" || entry.length === 0) return null;
    return {
      state: JSON.parse(decoder.decode(entry.value)) as WorkflowState,
      revision: entry.revision,
    };
  }

  /**
   * Every workflow id, newest first for the ids seo-farm generates (they start with the
   * creation time in base 36); client-chosen ids sort among them by their characters.
   */
  async ids(): Promise<string[]> {
    return (await uniqueKeys(this.kv, "wf.>")).map((k) => k.slice("wf.".length)).reverse();
  }

  /** Creates the state; returns null when a workflow with that id already exists. */
  async create(state: WorkflowState): Promise<number | null> {
    try {
      return await this.kv.create(workflowKey(state.id), encoder.encode(JSON.stringify(state)));
    } catch (err) {
      if (isCasConflict(err)) return null;
      throw err;
    }
  }

  /**
   * Read-modify-write with compare-and-set, retried on conflict. `mutate` returns the new
   * state, or null to leave it as it is (e.g. the stage is already recorded).
   * Resolves to the state as stored afterwards, or null if there is no such workflow.
   * `known` is a state (with its revision) the caller read a moment ago.
   */
  async update(
    id: string,
    mutate: (current: WorkflowState) => WorkflowState | null,
    known?: VersionedState,
  ): Promise<{ state: WorkflowState; written: boolean } | null> {
    for (let i = 0; i < MAX_CAS_ATTEMPTS; i++) {
      // A state the caller just read saves a round trip; a conflict means a fresh read.
      const current = i === 0 && known ? known : await this.get(id);
      if (!current) return null;
      const next = mutate(structuredClone(current.state));
      if (next === null) return { state: current.state, written: false };
      next.updatedAt = Date.now();
      try {
        await this.kv.update(
          workflowKey(id),
          encoder.encode(JSON.stringify(next)),
          current.revision,
        );
        return { state: next, written: true };
      } catch (err) {
        if (!isCasConflict(err)) throw err;
      }
    }
    throw new Error(`workflow ${id}: gave up after ${MAX_CAS_ATTEMPTS} conflicting writes`);
  }
}
