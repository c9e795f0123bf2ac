/**
 * Workflow state in KV `seo-workflows` (key `wf.<id>`): the source of truth for a workflow.
 * Every write is a compare-and-set on the key's revision, so a stale worker's late write
 * cannot overwrite a newer one or create a second result.
 */
import { JetStreamApiError } from "@nats-io/jetstream";
import { type KV, Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { casCreate, casUpdate, KvRevisionConflictError, readLatest } from "./kv-cas.ts";
import { uniqueKeys } from "./kv-keys.ts";
import type { WorkflowRequest } from "./request.ts";
import { BUCKET_WORKFLOWS, workflowKey } from "./subjects.ts";

export type WorkflowStatus =
  | "queued"
  | "running"
  | "awaiting_approval"
  | "completed"
  | "failed"
  | "cancelled";
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
  /**
   * Publishing that waits for a person: when it was asked for (the article is readable from
   * then on), and who approved it when.
   */
  approval?: { requestedAt: number; approvedAt?: number; by?: string };
  /** Each time a stage sent the workflow back to an earlier one, in order. */
  revisions?: Array<{ iteration: number; from: string; stage: string; reason: string; at: number }>;
}

export interface VersionedState {
  state: WorkflowState;
  revision: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const MAX_CAS_ATTEMPTS = 20;

export function isCasConflict(err: unknown): boolean {
  if (err instanceof KvRevisionConflictError) return true;
  return (
    err instanceof JetStreamApiError &&
    (err.code === 10071 || err.code === 10164 || /wrong last sequence/i.test(err.message))
  );
}

export interface WorkflowStoreOptions {
  /**
   * How many workflows' latest known states to keep in memory (0: none). An actor reads a
   * stage's workflow from here instead of from the server: the states it wrote itself are
   * the latest unless another process wrote since, and every write is a compare-and-set,
   * so a stale copy costs one re-read at write time and never a lost update.
   * @default 0
   */
  recentStates?: number;
}

/** Reads and writes workflow state with compare-and-set. */
export class WorkflowStore {
  readonly #recent = new Map<string, VersionedState>();
  readonly #recentMax: number;

  constructor(
    readonly kv: KV,
    opts: WorkflowStoreOptions = {},
  ) {
    this.#recentMax = Math.max(0, opts.recentStates ?? 0);
  }

  static async open(nc: NatsConnection, opts: WorkflowStoreOptions = {}): Promise<WorkflowStore> {
    return new WorkflowStore(await new Kvm(nc).open(BUCKET_WORKFLOWS), opts);
  }

  /**
   * The workflow's state. A KV get may be answered by any replica of a replicated bucket, one
   * a moment behind included; `fromLeader` asks the stream's leader, which has every write
   * that was acknowledged (the read to make after a conflict).
   */
  async get(id: string, opts: { fromLeader?: boolean } = {}): Promise<VersionedState | null> {
    const entry = opts.fromLeader
      ? await readLatest(this.kv, workflowKey(id))
      : await this.kv.get(workflowKey(id));
    if (entry?.operation !== "PUT" || entry.length === 0) {
      this.forget(id);
      return null;
    }
    const read = {
      state: JSON.parse(decoder.decode(entry.value)) as WorkflowState,
      revision: entry.revision,
    };
    this.#remember(id, read);
    return read;
  }

  /**
   * The latest state this store has seen for `id` (read or written), else a fresh read.
   * It may be stale when another process wrote since: use it where a later compare-and-set
   * write checks it, and treat it as read-only (it is shared).
   */
  async recent(id: string): Promise<VersionedState | null> {
    return this.#recent.get(id) ?? (await this.get(id));
  }

  /** Drops the remembered state of `id` (e.g. another process cancelled it). */
  forget(id: string): void {
    this.#recent.delete(id);
  }

  #remember(id: string, v: VersionedState): void {
    if (this.#recentMax === 0) return;
    const had = this.#recent.get(id);
    // Replies can arrive out of order: never replace a newer revision with an older one.
    if (had && had.revision > v.revision) return;
    this.#recent.delete(id);
    this.#recent.set(id, v);
    if (this.#recent.size > this.#recentMax) {
      const oldest = this.#recent.keys().next().value;
      if (oldest !== undefined) this.#recent.delete(oldest);
    }
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
      const revision = await casCreate(
        this.kv,
        workflowKey(state.id),
        encoder.encode(JSON.stringify(state)),
      );
      this.#remember(state.id, { state, revision });
      return revision;
    } catch (err) {
      if (isCasConflict(err)) return null;
      throw err;
    }
  }

  /**
   * Read-modify-write with compare-and-set, retried on conflict. `mutate` returns the new
   * state, or null to leave it as it is (e.g. the stage is already recorded).
   * Resolves to the state as stored afterwards, or null if there is no such workflow.
   * `known` is a state (with its revision) the caller read a moment ago; a newer one this
   * store remembers is used instead.
   */
  async update(
    id: string,
    mutate: (current: WorkflowState) => WorkflowState | null,
    known?: VersionedState,
  ): Promise<{ state: WorkflowState; written: boolean } | null> {
    for (let i = 0; i < MAX_CAS_ATTEMPTS; i++) {
      // A state the caller just read saves a round trip; after a conflict, the leader's
      // (a replica's copy may not have the write that won yet).
      const current = i === 0 ? this.#newest(id, known) : undefined;
      const base = current ?? (await this.get(id, { fromLeader: i > 0 }));
      if (!base) return null;
      const next = mutate(structuredClone(base.state));
      if (next === null) return { state: base.state, written: false };
      next.updatedAt = Date.now();
      try {
        const revision = await casUpdate(
          this.kv,
          workflowKey(id),
          encoder.encode(JSON.stringify(next)),
          base.revision,
        );
        this.#remember(id, { state: next, revision });
        return { state: next, written: true };
      } catch (err) {
        if (!isCasConflict(err)) throw err;
      }
    }
    throw new Error(`workflow ${id}: gave up after ${MAX_CAS_ATTEMPTS} conflicting writes`);
  }

  #newest(id: string, known: VersionedState | undefined): VersionedState | undefined {
    const remembered = this.#recent.get(id);
    if (!known) return remembered;
    return remembered && remembered.revision > known.revision ? remembered : known;
  }
}
