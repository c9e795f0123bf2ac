/**
 * The emulator's run-time state: the effective config, counters, and a ring buffer of recent
 * requests. It also decides each request's fate (latency, injected fault) from the seed and
 * the request's index, so a run with the same seed fails the same requests.
 */
import { sampleLatencyMs } from "./latency.ts";
import {
  type EmulatorConfig,
  type EmulatorOptions,
  type EmulatorTask,
  mergeEmulatorOptions,
} from "./options.ts";
import { Rng } from "./rng.ts";
import type { Api } from "./wire.ts";

/** HTTP status recorded for a request whose client hung up first (nginx's convention). */
export const CLIENT_CLOSED_STATUS = 499;

export interface RequestLogEntry {
  /** 1, 2, 3, … since start or the last reset. */
  index: number;
  task: EmulatorTask;
  stage?: string;
  workflowId?: string;
  model?: string;
  api: Api;
  stream: boolean;
  /** Epoch milliseconds. */
  receivedAt: number;
  finishedAt?: number;
  status?: number;
  /** The response time chosen for this request. */
  latencyMs?: number;
  promptTokens?: number;
  completionTokens?: number;
}

export interface EmulatorStats {
  /** Requests received since start or the last reset. */
  requests: number;
  /** Requests being answered now. */
  inFlight: number;
  byTask: Record<string, number>;
  byStage: Record<string, number>;
  /** Answers with an error status (injected or a bad request). */
  errors: number;
  /** Requests whose client hung up before the answer was complete. */
  aborted: number;
  promptTokens: number;
  completionTokens: number;
}

/** What happens to one request. */
export interface RequestPlan {
  latencyMs: number;
  /** Set when the request is to fail with this HTTP status. */
  faultStatus?: number;
  /** `Retry-After` seconds to send with the failure. */
  retryAfterS?: number;
}

export interface RequestMeta {
  task: EmulatorTask;
  stage?: string;
  workflowId?: string;
}

/** The stats that are counted (in flight is read off the open requests). */
type Counters = Omit<EmulatorStats, "inFlight">;

function emptyCounters(): Counters {
  return {
    requests: 0,
    byTask: {},
    byStage: {},
    errors: 0,
    aborted: 0,
    promptTokens: 0,
    completionTokens: 0,
  };
}

export class EmulatorState {
  #config: EmulatorConfig;
  #counters = emptyCounters();
  #inFlight = 0;
  #nextIndex = 1;
  /** Entry with index i sits at slot i % size while it is among the last `size`. */
  #ring: Array<RequestLogEntry | undefined>;
  /** Bumped by reset(), so requests started before it do not count after it. */
  #generation = 0;
  readonly #generationOf = new WeakMap<RequestLogEntry, number>();
  readonly #finished = new WeakSet<RequestLogEntry>();

  constructor(config: EmulatorConfig) {
    this.#config = config;
    this.#ring = new Array(config.requestLogSize);
  }

  get config(): EmulatorConfig {
    return structuredClone(this.#config);
  }

  /** Merges a partial options object into the config (validated; RangeError when invalid). */
  configure(patch: EmulatorOptions | unknown): EmulatorConfig {
    const next = mergeEmulatorOptions(this.#config, patch);
    if (next.requestLogSize !== this.#config.requestLogSize) {
      const kept = this.requests(0).slice(-next.requestLogSize);
      this.#ring = new Array(next.requestLogSize);
      for (const e of kept) this.#ring[e.index % next.requestLogSize] = e;
    }
    this.#config = next;
    return this.config;
  }

  /** Records a request as it arrives. */
  begin(api: Api, meta: RequestMeta, now = Date.now()): RequestLogEntry {
    const entry: RequestLogEntry = {
      index: this.#nextIndex++,
      task: meta.task,
      api,
      stream: false,
      receivedAt: now,
    };
    if (meta.stage) entry.stage = meta.stage;
    if (meta.workflowId) entry.workflowId = meta.workflowId;
    this.#ring[entry.index % this.#ring.length] = entry;
    this.#generationOf.set(entry, this.#generation);
    this.#inFlight++;
    const c = this.#counters;
    c.requests++;
    c.byTask[meta.task] = (c.byTask[meta.task] ?? 0) + 1;
    if (meta.stage) c.byStage[meta.stage] = (c.byStage[meta.stage] ?? 0) + 1;
    return entry;
  }

  /** Latency and fault of a request, drawn from the seed and its index. */
  plan(entry: RequestLogEntry): RequestPlan {
    const cfg = this.#config;
    const task = cfg.tasks[entry.task];
    const api = cfg.apis[entry.api];
    const rng = Rng.from(cfg.seed, entry.index);
    const latencyMs = sampleLatencyMs(
      task?.latencyMs ?? api?.latencyMs ?? cfg.latencyMs,
      rng.fork("latency"),
      cfg.timeScale,
    );
    entry.latencyMs = latencyMs;
    const fault = (): RequestPlan => {
      const plan: RequestPlan = {
        latencyMs,
        faultStatus: task?.errorStatus ?? api?.errorStatus ?? cfg.errorStatus,
      };
      const retryAfterS = task?.retryAfterS ?? api?.retryAfterS;
      if (retryAfterS !== undefined) plan.retryAfterS = retryAfterS;
      return plan;
    };
    // A countdown of forced failures: the task's first, then the API's.
    for (const o of [task, api]) {
      if (o?.failNext && o.failNext > 0) {
        o.failNext--;
        return fault();
      }
    }
    const errorRate = task?.errorRate ?? api?.errorRate ?? cfg.errorRate;
    if (errorRate > 0 && rng.fork("fault").next() < errorRate) return fault();
    return { latencyMs };
  }

  /** Records how a request ended; only the first call per request counts. */
  finish(
    entry: RequestLogEntry,
    status: number,
    usage?: { prompt: number; completion: number },
  ): void {
    if (this.#finished.has(entry)) return;
    this.#finished.add(entry);
    this.#inFlight--;
    entry.status = status;
    entry.finishedAt = Date.now();
    if (usage) {
      entry.promptTokens = usage.prompt;
      entry.completionTokens = usage.completion;
    }
    if (this.#generationOf.get(entry) !== this.#generation) return;
    const c = this.#counters;
    if (status === CLIENT_CLOSED_STATUS) c.aborted++;
    else if (status >= 400) c.errors++;
    if (usage) {
      c.promptTokens += usage.prompt;
      c.completionTokens += usage.completion;
    }
  }

  stats(): EmulatorStats {
    const c = this.#counters;
    return {
      requests: c.requests,
      inFlight: this.#inFlight,
      byTask: { ...c.byTask },
      byStage: { ...c.byStage },
      errors: c.errors,
      aborted: c.aborted,
      promptTokens: c.promptTokens,
      completionTokens: c.completionTokens,
    };
  }

  /** Log entries with an index above `since`, oldest first, at most `limit`. */
  requests(since = 0, limit = Number.POSITIVE_INFINITY): RequestLogEntry[] {
    const size = this.#ring.length;
    const first = Math.max(since + 1, this.#nextIndex - size, 1);
    const out: RequestLogEntry[] = [];
    for (let i = first; i < this.#nextIndex && out.length < limit; i++) {
      const e = this.#ring[i % size];
      if (e?.index === i) out.push({ ...e });
    }
    return out;
  }

  /** The index the next request will get. */
  get nextIndex(): number {
    return this.#nextIndex;
  }

  /** Clears counters and the log; requests in flight finish uncounted. */
  reset(): void {
    this.#counters = emptyCounters();
    this.#ring = new Array(this.#config.requestLogSize);
    this.#nextIndex = 1;
    this.#generation++;
  }
}
