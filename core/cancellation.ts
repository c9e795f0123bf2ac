/**
 * Cancelling a workflow: its state becomes `cancelled` (compare-and-set; an ended workflow
 * stays as it ended), a `status` event says so, and its id on `seo.control.cancel` aborts
 * any stage work in flight for it. Stages that have not started see the status and skip.
 */
import type { NatsConnection } from "@nats-io/nats-core";
import { publishEvent } from "./events.ts";
import { TERMINAL_STATUSES, type WorkflowState, type WorkflowStore } from "./state.ts";
import { SUBJECT_CANCEL } from "./subjects.ts";
import { recordWorkflowEnd } from "./telemetry/metrics.ts";

export type CancelOutcome =
  | { outcome: "cancelled"; state: WorkflowState }
  | { outcome: "already-ended"; state: WorkflowState }
  | { outcome: "unknown" };

export async function cancelWorkflow(
  nc: NatsConnection,
  store: WorkflowStore,
  id: string,
  reason = "cancelled by request",
): Promise<CancelOutcome> {
  const res = await store.update(id, (s) => {
    if (TERMINAL_STATUSES.has(s.status)) return null;
    s.status = "cancelled";
    s.error = { code: "CANCELLED", message: reason };
    delete s.currentStage;
    return s;
  });
  if (!res) return { outcome: "unknown" };
  if (!res.written) return { outcome: "already-ended", state: res.state };
  nc.publish(SUBJECT_CANCEL, new TextEncoder().encode(id));
  recordWorkflowEnd("cancelled", res.state.pipeline.name, Date.now() - res.state.createdAt);
  publishEvent(nc, id, "status", { status: "cancelled", reason });
  return { outcome: "cancelled", state: res.state };
}

/**
 * An actor process's view of cancellations: stage work registers its workflow while it
 * runs and gets a signal that aborts when the workflow is cancelled.
 */
export class CancellationWatch {
  readonly #running = new Map<string, Set<AbortController>>();
  #sub: { unsubscribe(): void } | undefined;

  /**
   * Listens on `seo.control.cancel`; `onCancel` hears every cancelled id (the actor drops
   * its remembered copy of that workflow's state).
   */
  listen(nc: NatsConnection, onCancel?: (workflowId: string) => void): void {
    const decoder = new TextDecoder();
    this.#sub = nc.subscribe(SUBJECT_CANCEL, {
      callback: (_err, msg) => {
        const id = decoder.decode(msg.data);
        onCancel?.(id);
        this.cancel(id);
      },
    });
  }

  /** Aborts the work registered for `workflowId`. */
  cancel(workflowId: string): void {
    for (const c of this.#running.get(workflowId) ?? []) c.abort(new WorkflowCancelled(workflowId));
  }

  /** A signal for work on `workflowId`; call `release` when the work ends. */
  watch(workflowId: string): { signal: AbortSignal; release(): void } {
    const controller = new AbortController();
    const set = this.#running.get(workflowId) ?? new Set<AbortController>();
    this.#running.set(workflowId, set);
    set.add(controller);
    return {
      signal: controller.signal,
      release: () => {
        set.delete(controller);
        if (set.size === 0) this.#running.delete(workflowId);
      },
    };
  }

  close(): void {
    this.#sub?.unsubscribe();
  }
}

/** The abort reason of cancelled work. */
export class WorkflowCancelled extends Error {
  constructor(readonly workflowId: string) {
    super(`workflow ${workflowId} was cancelled`);
    this.name = "WorkflowCancelled";
  }
}
