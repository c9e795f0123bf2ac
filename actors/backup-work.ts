/**
 * Which workflows a backup can finish after a restore, decided the way the actors decide:
 * a running workflow goes on from a backed-up stage message the stage would not skip, from
 * its own submission (intake resumes when the state's `submitSeq` is that message's), or
 * from a dead letter an operator can replay. One with none of these moved on while the
 * backup was being read and is reported, not silently left running. Pure functions.
 */

import type { HeaderMap, StreamRecord, UnfinishedWithoutWork } from "../core/backup/format.ts";
import { decode, HEADER_CONTENT_TYPE } from "../core/codec.ts";
import { TERMINAL_STATUSES, type WorkflowState } from "../core/state.ts";
import { SUBJECT_SUBMIT, SUBJECT_SUBMIT_BATCH } from "../core/subjects.ts";
import { DLQ_HEADER } from "./dead-letter.ts";
import { workflowIdFor } from "./intake.ts";

/** What one SEO_STAGES message is work for. */
export type QueuedWork =
  | { kind: "submit"; workflowId: string; seq: number }
  | { kind: "stage"; workflowId: string; stage: string; iteration: number };

/** A header's first value, whatever the case of its name. */
export function headerOf(h: HeaderMap | undefined, name: string): string | undefined {
  if (!h) return undefined;
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(h)) if (k.toLowerCase() === lower) return v[0];
  return undefined;
}

export function isSubmitSubject(subject: string): boolean {
  return subject === SUBJECT_SUBMIT || subject === SUBJECT_SUBMIT_BATCH;
}

/** The work a queued message stands for; undefined for one that does not decode (intake dead-letters those). */
export function queuedWorkOf(r: StreamRecord): QueuedWork | undefined {
  let body: unknown;
  try {
    body = decode(r.data, headerOf(r.headers, HEADER_CONTENT_TYPE));
  } catch {
    return undefined;
  }
  if (typeof body !== "object" || body === null) return undefined;
  const o = body as Record<string, unknown>;
  if (isSubmitSubject(r.subject)) {
    try {
      const id = workflowIdFor(
        typeof o.id === "string" ? o.id : undefined,
        headerOf(r.headers, "Nats-Msg-Id") || undefined,
        r.seq,
      );
      return { kind: "submit", workflowId: id, seq: r.seq };
    } catch {
      return undefined;
    }
  }
  if (typeof o.workflowId !== "string" || typeof o.stage !== "string") return undefined;
  return {
    kind: "stage",
    workflowId: o.workflowId,
    stage: o.stage,
    iteration: typeof o.iteration === "number" ? o.iteration : 0,
  };
}

/** The workflow a dead letter belongs to, if it names one. */
export function deadLetterWorkflow(r: StreamRecord): string | undefined {
  return headerOf(r.headers, DLQ_HEADER.workflowId);
}

type StateView = Pick<WorkflowState, "id" | "status" | "currentStage" | "stages" | "submitSeq">;

/** Whether a restored system would take `w` further for this state. */
export function goesOn(state: StateView, w: QueuedWork): boolean {
  if (w.kind === "submit") return state.submitSeq === w.seq;
  const done = state.stages[w.stage];
  return !(done && done.iteration >= w.iteration);
}

/**
 * The running workflows (of `states`) with nothing in the backup to go on from.
 * @param work what every backed-up SEO_STAGES message is work for
 * @param deadLettered workflow ids with an entry in the backed-up SEO_DLQ
 */
export function unfinishedWithoutWork(
  states: Iterable<StateView>,
  work: Iterable<QueuedWork>,
  deadLettered: ReadonlySet<string>,
): UnfinishedWithoutWork[] {
  const byId = new Map<string, QueuedWork[]>();
  for (const w of work) {
    const list = byId.get(w.workflowId) ?? [];
    list.push(w);
    byId.set(w.workflowId, list);
  }
  const out: UnfinishedWithoutWork[] = [];
  for (const s of states) {
    if (TERMINAL_STATUSES.has(s.status) || deadLettered.has(s.id)) continue;
    if ((byId.get(s.id) ?? []).some((w) => goesOn(s, w))) continue;
    out.push({ id: s.id, status: s.status, ...(s.currentStage ? { stage: s.currentStage } : {}) });
  }
  return out;
}
