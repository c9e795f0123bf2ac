/**
 * The ledger check of the fault suite: every workflow the system accepted (a 202, or a
 * PubAck on `seo.submit`) must end — completed, failed with a reason, or in the dead-letter
 * stream — and none may end twice. Read from NATS directly (the workflow state, SEO_EVENTS,
 * SEO_DLQ, seo-results) so it works while the gateway is down, and, with the emulator's
 * request log, from the LLM's side: what was paid for.
 *
 * What counts as a duplicate, honestly observable from outside:
 * - more than one `done` event for a workflow (a `done` is published only by the write that
 *   completed it, a compare-and-set, so two mean two completions);
 * - more than one next-stage message or result is prevented by msg-id dedupe and the CAS;
 *   what would leak is a second `done`, so that is what is counted.
 * Reported beside it, not as a duplicate result: LLM answers delivered (HTTP 200 in the
 * emulator's log) for a workflow's stage beyond what its recorded run used from the provider
 * (`llmCalls - cacheHits`), i.e. an answer paid for twice. A call cut off by a crash (499)
 * or refused (5xx) is not an answer and not counted.
 */

import { type JetStreamManager, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { Objm } from "@nats-io/obj";
import { type DeadLetterEntry, listDeadLetters } from "../../actors/dlq.ts";
import { type WorkflowState, WorkflowStore } from "../../core/state.ts";
import {
  BUCKET_WORKFLOWS,
  OBJECT_STORE_RESULTS,
  STREAM_EVENTS,
  workflowKey,
} from "../../core/subjects.ts";

export type LedgerOutcome = "completed" | "failed" | "cancelled" | "dead-lettered" | "lost";

export interface LedgerEntry {
  id: string;
  outcome: LedgerOutcome;
  /** The error code and message of a failed or dead-lettered workflow. */
  reason?: string;
  /** Status in `seo-workflows`, or "absent". */
  status: string;
  doneEvents: number;
  failedEvents: number;
  dlqEntries: number;
  /** LLM answers delivered for this workflow (HTTP 200 in the emulator log). */
  llmAnswers: number;
  /** Answers beyond what the recorded stages used: paid for twice. */
  extraLlmAnswers: number;
  /** Why this entry is a duplicate, if it is one. */
  duplicate?: string;
  /** For a workflow that never ended: its state as the bucket's stream leader has it. */
  leaderStatus?: string;
}

export interface LedgerReport {
  accepted: number;
  ok: number;
  lost: number;
  duplicated: number;
  completed: number;
  failed: number;
  deadLettered: number;
  /** Answers paid for twice over all workflows (not counted in `duplicated`). */
  extraLlmAnswers: number;
  /** Completed workflows whose `done` event never reached SEO_EVENTS (an SSE gap, not a loss). */
  missingDoneEvents: number;
  /**
   * Workflows whose state read through the KV client (a direct get, which any replica of an
   * R3 bucket may answer) still said "not ended" at the end while the bucket's stream leader
   * had it ended: a stale replica, not a loss. The outcome is taken from the leader.
   */
  staleReads: number;
  entries: LedgerEntry[];
  /** One line per entry that is not ok, for assertion messages. */
  problems: string[];
}

export interface LedgerOptions {
  /** How long to wait for every workflow to end. @default 60000 */
  timeoutMs?: number;
  /** The emulator's control root (`http://host:port`), to count LLM answers per workflow. */
  emulatorBase?: string;
  /** How long a completed workflow's `done` event may lag its state. @default 3000 */
  eventGraceMs?: number;
}

interface EmulatorLogEntry {
  index: number;
  workflowId?: string;
  stage?: string;
  status?: number;
}

async function emulatorLog(base: string): Promise<EmulatorLogEntry[]> {
  const out: EmulatorLogEntry[] = [];
  let since = 0;
  for (;;) {
    const res = await fetch(`${base}/_emulator/requests?since=${since}&limit=5000`);
    if (!res.ok) throw new Error(`emulator requests: HTTP ${res.status}`);
    const page = (await res.json()) as { requests: EmulatorLogEntry[]; next: number };
    out.push(...page.requests);
    if (page.requests.length === 0 || page.next === since) return out;
    since = page.next;
  }
}

/** Per subject counts of `seo.events.*.<kind>` in one stream-info call. */
async function eventCounts(nc: NatsConnection, kind: string): Promise<Map<string, number>> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(STREAM_EVENTS, { subjects_filter: `seo.events.*.${kind}` });
  const out = new Map<string, number>();
  for (const [subject, n] of Object.entries(info.state.subjects ?? {})) {
    out.set(subject.split(".")[2]!, n);
  }
  return out;
}

function reasonOf(state: WorkflowState | undefined, dlq: DeadLetterEntry[]): string | undefined {
  if (state?.error) return `${state.error.code}: ${state.error.message}`;
  const e = dlq[0];
  return e ? `${e.code}: ${e.reason}` : undefined;
}

/**
 * Waits until every id has ended (or `timeoutMs` passes), then classifies each. Never throws
 * for a workflow's sake: the report says what happened, the test asserts on it.
 */
export async function checkLedger(
  nc: NatsConnection,
  ids: string[],
  opts: LedgerOptions = {},
): Promise<LedgerReport> {
  const store = await WorkflowStore.open(nc);
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  const jsm = await jetstreamManager(nc);
  const states = new Map<string, WorkflowState>();
  /** Ids whose direct read lagged the leader's at the last look. */
  const stale = new Set<string>();
  let dlq: DeadLetterEntry[] = [];
  const ended = (id: string): boolean => {
    const s = states.get(id);
    if (s && ["completed", "failed", "cancelled"].includes(s.status)) return true;
    // Dead-lettered at intake: no state is ever written for it.
    return !s && dlq.some((e) => e.workflowId === id);
  };
  for (let poll = 1; ; poll++) {
    const pending = ids.filter((id) => !ended(id));
    if (pending.length === 0) break;
    try {
      await Promise.all(
        pending.map(async (id) => {
          const v = await store.get(id);
          if (v) states.set(id, v.state);
          // Every few polls, ask the leader about what still looks unfinished.
          if (poll % 8 === 0 && !ended(id)) {
            const lead = await leaderState(jsm, id);
            if (lead && ["completed", "failed", "cancelled"].includes(lead.status)) {
              stale.add(id);
              states.set(id, lead);
            }
          }
        }),
      );
      dlq = await listDeadLetters(nc);
    } catch {
      // NATS may be restarting: keep polling until the deadline.
    }
    if (ids.every(ended) || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 250));
  }

  // Events are plain publishes a moment behind the state write: give them a grace period.
  const grace = Date.now() + (opts.eventGraceMs ?? 3_000);
  let done = await eventCounts(nc, "done");
  while (
    Date.now() < grace &&
    ids.some((id) => states.get(id)?.status === "completed" && !done.get(id))
  ) {
    await new Promise((r) => setTimeout(r, 200));
    done = await eventCounts(nc, "done");
  }
  const failed = await eventCounts(nc, "failed");
  // Does the client's own read still lag where the leader answered?
  for (const id of [...stale]) {
    const v = await store.get(id).catch(() => null);
    if (v && v.state.status === states.get(id)?.status) stale.delete(id);
  }
  const results = await new Objm(nc).open(OBJECT_STORE_RESULTS);

  // Answers the emulator delivered, per workflow and stage.
  const answers = new Map<string, number>();
  if (opts.emulatorBase) {
    for (const r of await emulatorLog(opts.emulatorBase)) {
      if (r.status !== 200 || !r.workflowId) continue;
      const key = `${r.workflowId}\u0000${r.stage ?? ""}`;
      answers.set(key, (answers.get(key) ?? 0) + 1);
    }
  }

  const entries: LedgerEntry[] = [];
  for (const id of ids) {
    const state = states.get(id);
    const mine = dlq.filter((e) => e.workflowId === id);
    let outcome: LedgerOutcome = "lost";
    if (state?.status === "completed") {
      // Completed means an article to read, not only a status.
      outcome = state.result && (await results.info(state.result.object)) ? "completed" : "lost";
    } else if (state?.status === "failed") {
      outcome = mine.length ? "dead-lettered" : state.error ? "failed" : "lost";
    } else if (state?.status === "cancelled") {
      outcome = "cancelled";
    } else if (!state && mine.length) {
      outcome = "dead-lettered";
    }
    let llmAnswers = 0;
    let extra = 0;
    if (opts.emulatorBase) {
      for (const stage of state?.stageNames ?? []) {
        const got = answers.get(`${id}\u0000${stage}`) ?? 0;
        llmAnswers += got;
        const rec = state?.stages[stage];
        const used = rec ? rec.llmCalls - (rec.cacheHits ?? 0) : 0;
        // A stage that never finished (failed workflow) may have been answered without a record.
        if (rec) extra += Math.max(0, got - used);
      }
    }
    const doneEvents = done.get(id) ?? 0;
    const failedEvents = failed.get(id) ?? 0;
    let duplicate: string | undefined;
    if (doneEvents > 1) duplicate = `${doneEvents} done events`;
    else if (outcome === "completed" && state?.error) duplicate = "completed and failed at once";
    const reason = reasonOf(state, mine);
    const leaderStatus = outcome === "lost" ? await leaderReport(jsm, id) : undefined;
    entries.push({
      id,
      outcome,
      status: state?.status ?? "absent",
      doneEvents,
      failedEvents,
      dlqEntries: mine.length,
      llmAnswers,
      extraLlmAnswers: extra,
      ...(reason ? { reason } : {}),
      ...(duplicate ? { duplicate } : {}),
      ...(leaderStatus ? { leaderStatus } : {}),
    });
  }
  const count = (o: LedgerOutcome) => entries.filter((e) => e.outcome === o).length;
  const problems = entries
    .filter((e) => e.outcome === "lost" || e.duplicate)
    .map(
      (e) =>
        `${e.id}: ${e.outcome} (status ${e.status}, done events ${e.doneEvents}, dlq ${e.dlqEntries}${e.duplicate ? `, duplicate: ${e.duplicate}` : ""}${e.reason ? `, ${e.reason}` : ""}${e.leaderStatus ? `; the leader has: ${e.leaderStatus}` : ""})`,
    );
  return {
    accepted: ids.length,
    ok: entries.filter((e) => e.outcome !== "lost" && !e.duplicate).length,
    lost: count("lost"),
    duplicated: entries.filter((e) => e.duplicate).length,
    completed: count("completed"),
    failed: count("failed") + count("cancelled"),
    deadLettered: count("dead-lettered"),
    extraLlmAnswers: entries.reduce((n, e) => n + e.extraLlmAnswers, 0),
    missingDoneEvents: entries.filter((e) => e.outcome === "completed" && e.doneEvents === 0)
      .length,
    staleReads: stale.size,
    entries,
    problems,
  };
}

/**
 * The workflow's state as the leader of its bucket's stream has it (`STREAM.MSG.GET`, which
 * only the leader answers), or undefined.
 */
async function leaderState(jsm: JetStreamManager, id: string): Promise<WorkflowState | undefined> {
  try {
    return await leaderRead(jsm, id);
  } catch {
    return undefined;
  }
}

async function leaderRead(jsm: JetStreamManager, id: string): Promise<WorkflowState | undefined> {
  const m = await jsm.streams.getMessage(`KV_${BUCKET_WORKFLOWS}`, {
    last_by_subj: `$KV.${BUCKET_WORKFLOWS}.${workflowKey(id)}`,
  });
  return m && m.data.length > 0 ? m.json<WorkflowState>() : undefined;
}

/** What the leader says of a workflow that never ended, for the report: its status, revision and stages done. */
async function leaderReport(jsm: JetStreamManager, id: string): Promise<string> {
  try {
    const m = await jsm.streams.getMessage(`KV_${BUCKET_WORKFLOWS}`, {
      last_by_subj: `$KV.${BUCKET_WORKFLOWS}.${workflowKey(id)}`,
    });
    if (!m) return "absent";
    const st = m.json<WorkflowState>();
    return `${st.status} at stream seq ${m.seq}, stages recorded: ${Object.keys(st.stages).join(",")}`;
  } catch (err) {
    return `unreadable: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** A one-line summary for logs and docs/reliability.md. */
export function ledgerSummary(r: LedgerReport): string {
  return `accepted ${r.accepted}: ok ${r.ok}, lost ${r.lost}, duplicated ${r.duplicated} (completed ${r.completed}, failed ${r.failed}, dead-lettered ${r.deadLettered}; extra LLM answers ${r.extraLlmAnswers}, missing done events ${r.missingDoneEvents}${r.staleReads ? `, stale KV reads ${r.staleReads}` : ""})`;
}
