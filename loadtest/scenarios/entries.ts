/**
 * The two ways a scenario feeds the stack and reads it back: the gateway's HTTP API
 * (`POST /v1/workflows`, `GET /v1/workflows/:id`) or NATS directly (a JSON publish to
 * `seo.submit`, the state in KV `seo-workflows`). Both end the same way: the workflow's
 * `done` / `failed` events on `seo.events.<id>.*`, which tell the driver when to look.
 */
import { jetstream } from "@nats-io/jetstream";
import { type NatsConnection, headers as natsHeaders } from "@nats-io/nats-core";
import { type WorkflowState, WorkflowStore } from "../../core/state.ts";
import { SUBJECT_EVENTS_PREFIX, SUBJECT_SUBMIT } from "../../core/subjects.ts";
import type { StageSample } from "./run-data.ts";

export interface ScenarioRequest {
  id: string;
  keyword: string;
  language: string;
}

/** Where requests go in. `submit` resolves once the stack accepted the request. */
export interface WorkflowEntry {
  submit(request: ScenarioRequest): Promise<void>;
}

/** A workflow that has ended, as its state record tells. */
export interface EndedWorkflow {
  status: "completed" | "failed" | "cancelled";
  /** Epoch ms of the state's last write. */
  updatedAt: number;
  stages: StageSample[];
  error?: { code: string; message: string };
}

/** Reads a workflow's state; null while it has not ended (or is not recorded yet). */
export interface WorkflowStates {
  ended(id: string): Promise<EndedWorkflow | null>;
}

const ENDED = new Set(["completed", "failed", "cancelled"]);

export class GatewayEntry implements WorkflowEntry, WorkflowStates {
  constructor(
    readonly baseUrl: string,
    readonly headers: Record<string, string> = {},
  ) {}

  async submit(request: ScenarioRequest): Promise<void> {
    const res = await fetch(`${this.baseUrl}/v1/workflows`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...this.headers },
      body: JSON.stringify(request),
    });
    if (res.status !== 202) {
      throw new Error(
        `POST /v1/workflows: HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`,
      );
    }
    await res.body?.cancel();
  }

  async ended(id: string): Promise<EndedWorkflow | null> {
    const res = await fetch(`${this.baseUrl}/v1/workflows/${id}`, { headers: this.headers });
    if (res.status === 404) {
      await res.body?.cancel();
      return null;
    }
    if (res.status !== 200) {
      throw new Error(
        `GET /v1/workflows/${id}: HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`,
      );
    }
    const view = (await res.json()) as {
      status: string;
      updatedAt: string;
      stages: Array<{
        name: string;
        status: string;
        durationMs?: number;
        llmCalls?: number;
        cacheHits?: number;
        memo?: boolean;
      }>;
      error?: { code: string; message: string };
    };
    if (!ENDED.has(view.status)) return null;
    return {
      status: view.status as EndedWorkflow["status"],
      updatedAt: Date.parse(view.updatedAt),
      stages: view.stages
        .filter((s) => s.status === "done" && s.durationMs !== undefined)
        .map((s) => ({
          name: s.name,
          durationMs: s.durationMs!,
          llmCalls: s.llmCalls ?? 0,
          cacheHits: s.cacheHits ?? 0,
          ...(s.memo ? { memo: true } : {}),
        })),
      ...(view.error ? { error: { code: view.error.code, message: view.error.message } } : {}),
    };
  }
}

/** The stage records of a state, in pipeline order. */
export function stageSamplesOf(state: WorkflowState): StageSample[] {
  const names = [
    ...state.stageNames,
    ...Object.keys(state.stages).filter((n) => !state.stageNames.includes(n)),
  ];
  return names.flatMap((name) => {
    const s = state.stages[name];
    return s
      ? [
          {
            name,
            durationMs: s.durationMs,
            llmCalls: s.llmCalls,
            cacheHits: s.cacheHits ?? 0,
            ...(s.memo ? { memo: true } : {}),
          },
        ]
      : [];
  });
}

export class NatsEntry implements WorkflowEntry, WorkflowStates {
  readonly #js;
  constructor(
    readonly nc: NatsConnection,
    readonly store: WorkflowStore,
  ) {
    this.#js = jetstream(nc);
  }

  static async open(nc: NatsConnection): Promise<NatsEntry> {
    return new NatsEntry(nc, await WorkflowStore.open(nc));
  }

  async submit(request: ScenarioRequest): Promise<void> {
    // As any NATS client would: JSON, the id in the body and as the dedupe id.
    const h = natsHeaders();
    h.set("Content-Type", "application/json");
    await this.#js.publish(SUBJECT_SUBMIT, JSON.stringify(request), {
      msgID: request.id,
      headers: h,
    });
  }

  async ended(id: string): Promise<EndedWorkflow | null> {
    const v = await this.store.get(id);
    if (!v || !ENDED.has(v.state.status)) return null;
    const s = v.state;
    return {
      status: s.status as EndedWorkflow["status"],
      updatedAt: s.updatedAt,
      stages: stageSamplesOf(s),
      ...(s.error ? { error: { code: s.error.code, message: s.error.message } } : {}),
    };
  }
}

/**
 * Calls `onEvent(id, at)` for every `done`, `failed` and `status` event (a cancel is a status
 * event), with the time it arrived. Returns the unsubscribe function.
 */
export function watchWorkflowEnds(
  nc: NatsConnection,
  onEvent: (workflowId: string, at: number) => void,
): () => void {
  const subs = ["done", "failed", "status"].map((kind) =>
    nc.subscribe(`${SUBJECT_EVENTS_PREFIX}.*.${kind}`, {
      callback: (err, msg) => {
        if (err) return;
        const id = msg.subject.split(".")[2];
        if (id) onEvent(id, Date.now());
      },
    }),
  );
  return () => {
    for (const s of subs) s.unsubscribe();
  };
}
