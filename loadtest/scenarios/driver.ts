/**
 * The driver: keeps the aimed-at number of workflows in flight (closed loop), submits through
 * an entry, and learns of each end from the workflow's events, with a periodic sweep of the
 * states as a safety net (an event is progress news and may be missed). Counts what it is
 * told (`total`) or runs until `stopAfterMs`, then waits up to `drainMs` for the rest.
 */
import type { ScenarioRequest, WorkflowEntry, WorkflowStates } from "./entries.ts";
import type { WorkflowRecord } from "./run-data.ts";

export interface DriveProgress {
  elapsedMs: number;
  submitted: number;
  completed: number;
  failed: number;
  inFlight: number;
  target: number;
  /** Workflows to run, or null for a timed run. */
  total: number | null;
  /** The timed run's length, or null. */
  durationMs: number | null;
}

export interface DriveOptions {
  entry: WorkflowEntry;
  states: WorkflowStates;
  /** Registers for end events; returns the unsubscribe function. */
  watchEnds(onEvent: (workflowId: string, at: number) => void): () => void;
  /** The n-th request (from 0). */
  requestOf(n: number): ScenarioRequest;
  /** Workflows to run; null for a timed run. */
  total: number | null;
  /** A timed run stops submitting this long after its first submit. */
  stopAfterMs: number | null;
  /** The concurrency to aim at, by time since the first submit. */
  concurrencyAt(elapsedMs: number): number;
  /** A workflow not ended after this long counts as `timeout`. */
  timeoutMs: number;
  /** After a timed run stops submitting, how long to wait for those in flight. @default 30 s */
  drainMs?: number;
  /** How often to read the states of the workflows in flight. @default 1000 */
  sweepMs?: number;
  onProgress?(p: DriveProgress): void;
  /** Stops submitting at once; those in flight are recorded as `unfinished`. */
  signal?: AbortSignal;
  now?: () => number;
}

export interface DriveResult {
  startedAt: number;
  endedAt: number;
  records: WorkflowRecord[];
}

export async function drive(o: DriveOptions): Promise<DriveResult> {
  const now = o.now ?? Date.now;
  const sweepMs = o.sweepMs ?? 1_000;
  const drainMs = o.drainMs ?? 30_000;
  const records: WorkflowRecord[] = [];
  const inFlight = new Map<string, WorkflowRecord>();
  const reading = new Set<string>();
  /** When the sweep may read a workflow's state again (it backs off as the workflow ages). */
  const nextLook = new Map<string, number>();
  /** End events that came before their submit resolved (the gateway answers after publishing). */
  const earlyEvents = new Map<string, number>();
  let wake: () => void = () => {};
  const counts = { completed: 0, failed: 0 };

  const settle = (rec: WorkflowRecord, status: WorkflowRecord["status"], endedAt: number) => {
    rec.status = status;
    rec.endedAt = endedAt;
    inFlight.delete(rec.id);
    nextLook.delete(rec.id);
    if (status === "completed") counts.completed++;
    else counts.failed++;
    wake();
  };

  /** Reads the state; settles the record if the workflow has ended. */
  const look = async (rec: WorkflowRecord, eventAt?: number): Promise<void> => {
    if (reading.has(rec.id) || !inFlight.has(rec.id)) return;
    reading.add(rec.id);
    try {
      const ended = await o.states.ended(rec.id);
      if (!ended || !inFlight.has(rec.id)) {
        const age = now() - rec.submittedAt;
        nextLook.set(rec.id, now() + Math.min(30_000, Math.max(sweepMs, age / 4)));
        return;
      }
      nextLook.delete(rec.id);
      rec.stages = ended.stages;
      if (ended.error) rec.error = ended.error;
      // The event's arrival is the precise end; without one, the state's last write (same
      // host's clock), kept within what this process saw.
      const at = eventAt ?? Math.min(now(), Math.max(rec.submittedAt, ended.updatedAt));
      settle(rec, ended.status, at);
    } catch {
      // Read again at the next sweep.
    } finally {
      reading.delete(rec.id);
    }
  };

  const unwatch = o.watchEnds((id, at) => {
    const rec = inFlight.get(id);
    if (rec) void look(rec, at);
    else if (earlyEvents.size < 10_000) earlyEvents.set(id, at);
  });

  const startedAt = now();
  let submitted = 0;
  let stoppedSubmitting = false;
  let stopAt: number | null = null;
  let lastProgress = 0;
  let lastSweep = startedAt;
  const progress = (force = false) => {
    const t = now();
    if (!o.onProgress || (!force && t - lastProgress < 200)) return;
    lastProgress = t;
    o.onProgress({
      elapsedMs: t - startedAt,
      submitted,
      completed: counts.completed,
      failed: counts.failed,
      inFlight: inFlight.size,
      target: stoppedSubmitting ? 0 : o.concurrencyAt(t - startedAt),
      total: o.total,
      durationMs: o.stopAfterMs,
    });
  };

  const submitOne = async (n: number): Promise<void> => {
    const req = o.requestOf(n);
    const rec: WorkflowRecord = {
      id: req.id,
      keyword: req.keyword,
      submittedAt: now(),
      endedAt: null,
      status: "unfinished",
      stages: [],
    };
    records.push(rec);
    inFlight.set(rec.id, rec);
    try {
      await o.entry.submit(req);
    } catch (err) {
      rec.error = { code: "SUBMIT", message: err instanceof Error ? err.message : String(err) };
      settle(rec, "submit-error", now());
      return;
    }
    const early = earlyEvents.get(rec.id);
    if (early !== undefined) {
      earlyEvents.delete(rec.id);
      void look(rec, early);
    }
  };

  try {
    while (true) {
      const t = now();
      const elapsed = t - startedAt;
      if (o.signal?.aborted) break;
      if (!stoppedSubmitting) {
        const done = o.total !== null && submitted >= o.total;
        const timeUp = o.stopAfterMs !== null && elapsed >= o.stopAfterMs;
        if (done || timeUp) {
          stoppedSubmitting = true;
          stopAt = t;
        }
      }
      if (!stoppedSubmitting) {
        const target = o.concurrencyAt(elapsed);
        while (inFlight.size < target && (o.total === null || submitted < o.total)) {
          void submitOne(submitted++);
        }
      }
      for (const rec of [...inFlight.values()]) {
        if (t - rec.submittedAt > o.timeoutMs) {
          rec.error = { code: "TIMEOUT", message: `not ended after ${o.timeoutMs} ms` };
          settle(rec, "timeout", t);
        }
      }
      if (stoppedSubmitting && inFlight.size === 0) break;
      if (stoppedSubmitting && o.stopAfterMs !== null && stopAt !== null && t - stopAt > drainMs) {
        break;
      }
      if (t - lastSweep >= sweepMs) {
        lastSweep = t;
        for (const rec of inFlight.values()) {
          // Events say when to look; the sweep only catches a missed one, so it reads each
          // state less often as the workflow ages (never within 2 s of its submit).
          if (t >= (nextLook.get(rec.id) ?? rec.submittedAt + 2_000)) void look(rec);
        }
      }
      progress();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } finally {
    unwatch();
  }
  progress(true);
  // Those still in flight (a timed run's drain ran out, or the run was stopped) stay
  // `unfinished`: not errors, just not measured.
  return { startedAt, endedAt: now(), records };
}
