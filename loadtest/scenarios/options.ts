/**
 * The load scenarios' options: the seed's three commands (`loadtest --workflows 10
 * --concurrent 3`, `stress --duration 300 --ramp-up 60`, `memtest --workflows 100
 * --monitor-memory`) and what every one of them shares (entry, emulator profile, outputs,
 * which parts to start). Parsed once, with messages that name the flag and its value.
 */
import { PROFILE_NAMES } from "../llm-emulator/latency.ts";

export type ScenarioName = "loadtest" | "stress" | "memtest";
export const SCENARIO_NAMES: readonly ScenarioName[] = ["loadtest", "stress", "memtest"];

/** How the actors run: kept by a supervisor, one fixed process per stage, one process for
 * every stage, or not started at all (a stack that already runs them, e.g. `seo-farm up`). */
export type ActorsMode = "supervisor" | "per-stage" | "all" | "none";
export const ACTORS_MODES: readonly ActorsMode[] = ["supervisor", "per-stage", "all", "none"];

export interface ScenarioOptions {
  scenario: ScenarioName;
  /** Workflows to run (loadtest, memtest); stress runs for `durationS` instead. */
  workflows: number | null;
  /** Most workflows in flight at once; stress ramps up to it. */
  concurrent: number;
  /** Stress: seconds from the first submit until it stops submitting. @default 300 */
  durationS: number | null;
  /** Stress: seconds over which the concurrency climbs from 1 to `concurrent`. @default 60 */
  rampUpS: number | null;
  /** Sample memory often and keep every sample per process in the report. @default false */
  monitorMemory: boolean;
  /** Where requests go in: the gateway's `POST /v1/workflows`, or `seo.submit`. @default "gateway" */
  via: "gateway" | "nats";
  /** The emulator's latency profile. @default "fast" */
  profile: string;
  /** Multiplies every emulated latency, e.g. 0.01. @default 1 */
  timeScale: number;
  json: string | null;
  markdown: string | null;
  chart: string | null;
  /** A running nats-server to use instead of starting one (also NATS_URL). */
  natsUrl: string | null;
  /** A running gateway to use instead of starting one. */
  gatewayUrl: string | null;
  /** A running LLM emulator (its /v1 URL) to use instead of starting one. */
  emulatorUrl: string | null;
  /** @default "supervisor" */
  actors: ActorsMode;
  /** ACTOR_CONCURRENCY of the actors started. @default the config's (8) */
  actorConcurrency: number | null;
  /** Distinct keywords cycled through; 0 = every workflow its own (no cache hits). @default 0 */
  keywords: number;
  /** @default "en" */
  language: string;
  /** A workflow not ended after this many seconds counts as failed (timeout). @default 600 */
  timeoutS: number;
  /** Stress: seconds to wait for workflows in flight after the duration. @default 30 */
  drainS: number;
  /** Milliseconds between resource samples. @default 1000 (250 with --monitor-memory) */
  sampleMs: number;
}

/** Defaults per scenario: the seed's flags, and a peak of 16 for the stress ramp. */
export const SCENARIO_DEFAULTS: Record<
  ScenarioName,
  { workflows: number | null; concurrent: number; durationS: number | null; rampUpS: number | null }
> = {
  loadtest: { workflows: 10, concurrent: 3, durationS: null, rampUpS: null },
  stress: { workflows: null, concurrent: 16, durationS: 300, rampUpS: 60 },
  memtest: { workflows: 100, concurrent: 4, durationS: null, rampUpS: null },
};

export const DEFAULT_PROFILE = "fast";
export const DEFAULT_TIMEOUT_S = 600;
export const DEFAULT_DRAIN_S = 30;
export const DEFAULT_SAMPLE_MS = 1_000;
export const MONITOR_MEMORY_SAMPLE_MS = 250;

/** The flags every scenario takes, as `node:util` parseArgs wants them. */
export const SCENARIO_FLAGS = {
  workflows: { type: "string" },
  concurrent: { type: "string" },
  duration: { type: "string" },
  "ramp-up": { type: "string" },
  "monitor-memory": { type: "boolean" },
  via: { type: "string" },
  profile: { type: "string" },
  "time-scale": { type: "string" },
  json: { type: "string" },
  markdown: { type: "string" },
  chart: { type: "string" },
  "nats-url": { type: "string" },
  "gateway-url": { type: "string" },
  "emulator-url": { type: "string" },
  actors: { type: "string" },
  "actor-concurrency": { type: "string" },
  keywords: { type: "string" },
  language: { type: "string" },
  timeout: { type: "string" },
  drain: { type: "string" },
  "sample-ms": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

export type ScenarioFlagValues = {
  [K in keyof typeof SCENARIO_FLAGS]?: (typeof SCENARIO_FLAGS)[K]["type"] extends "boolean"
    ? boolean
    : string;
};

function num(
  flag: string,
  value: string | undefined,
  fallback: number,
  check: { min: number; integer?: boolean; max?: number },
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n)) {
    throw new RangeError(`--${flag} must be a number (got ${JSON.stringify(value)})`);
  }
  if (check.integer && !Number.isInteger(n)) {
    throw new RangeError(`--${flag} must be a whole number (got ${value})`);
  }
  if (n < check.min || (check.max !== undefined && n > check.max)) {
    const range = check.max === undefined ? `≥ ${check.min}` : `${check.min}–${check.max}`;
    throw new RangeError(`--${flag} must be ${range} (got ${value})`);
  }
  return n;
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new RangeError(
      `--${flag} must be one of ${allowed.join(", ")} (got ${JSON.stringify(value)})`,
    );
  }
  return value as T;
}

/** Validates parsed flags for `scenario`; `env` supplies NATS_URL when --nats-url is absent. */
export function parseScenarioOptions(
  scenario: ScenarioName,
  values: ScenarioFlagValues,
  env: Record<string, string | undefined> = {},
): ScenarioOptions {
  const d = SCENARIO_DEFAULTS[scenario];
  const timed = scenario === "stress";
  if (timed && values.workflows !== undefined) {
    throw new RangeError("--workflows does not apply to stress, which runs for --duration");
  }
  if (
    !timed &&
    (values.duration !== undefined || values["ramp-up"] !== undefined || values.drain !== undefined)
  ) {
    throw new RangeError(
      `--duration, --ramp-up and --drain apply to stress only (not ${scenario})`,
    );
  }
  const durationS = timed ? num("duration", values.duration, d.durationS!, { min: 1 }) : null;
  const rampUpS = timed ? num("ramp-up", values["ramp-up"], d.rampUpS!, { min: 0 }) : null;
  if (durationS !== null && rampUpS !== null && rampUpS > durationS) {
    throw new RangeError(`--ramp-up must be ≤ --duration (got ${rampUpS} > ${durationS})`);
  }
  const monitorMemory = values["monitor-memory"] ?? false;
  const str = (v: string | undefined) => (v === undefined || v === "" ? null : v);
  const actorConcurrency = values["actor-concurrency"];
  return {
    scenario,
    workflows: timed
      ? null
      : num("workflows", values.workflows, d.workflows!, { min: 1, integer: true }),
    concurrent: num("concurrent", values.concurrent, d.concurrent, {
      min: 1,
      integer: true,
      max: 10_000,
    }),
    durationS,
    rampUpS,
    monitorMemory,
    via: oneOf("via", values.via ?? "gateway", ["gateway", "nats"] as const),
    profile: oneOf("profile", values.profile ?? DEFAULT_PROFILE, PROFILE_NAMES),
    timeScale: num("time-scale", values["time-scale"], 1, { min: 0 }),
    json: str(values.json),
    markdown: str(values.markdown),
    chart: str(values.chart),
    natsUrl: str(values["nats-url"]) ?? str(env.NATS_URL),
    gatewayUrl: str(values["gateway-url"])?.replace(/\/+$/, "") ?? null,
    emulatorUrl: str(values["emulator-url"])?.replace(/\/+$/, "") ?? null,
    actors: oneOf("actors", values.actors ?? "supervisor", ACTORS_MODES),
    actorConcurrency:
      actorConcurrency === undefined
        ? null
        : num("actor-concurrency", actorConcurrency, 0, { min: 1, integer: true, max: 1_000 }),
    keywords: num("keywords", values.keywords, 0, { min: 0, integer: true }),
    language: values.language ?? "en",
    timeoutS: num("timeout", values.timeout, DEFAULT_TIMEOUT_S, { min: 1 }),
    drainS: num("drain", values.drain, DEFAULT_DRAIN_S, { min: 0 }),
    sampleMs: num(
      "sample-ms",
      values["sample-ms"],
      monitorMemory ? MONITOR_MEMORY_SAMPLE_MS : DEFAULT_SAMPLE_MS,
      { min: 50, integer: true },
    ),
  };
}

/**
 * The concurrency the driver aims at `elapsedMs` after the first submit: stress climbs
 * linearly from 1 to its peak over the ramp-up, then holds; the others hold from the start.
 */
export function targetConcurrency(o: ScenarioOptions, elapsedMs: number): number {
  if (o.rampUpS === null || o.rampUpS === 0) return o.concurrent;
  const share = Math.min(1, Math.max(0, elapsedMs / (o.rampUpS * 1000)));
  return Math.max(1, Math.min(o.concurrent, Math.ceil(o.concurrent * share)));
}

/** The keyword of the n-th workflow (from 0): distinct, or cycling through `keywords`. */
export function keywordOf(o: Pick<ScenarioOptions, "keywords">, n: number, runId: string): string {
  const topics = ["trail running shoes", "home espresso", "balcony garden", "budget travel"];
  const k = o.keywords > 0 ? n % o.keywords : n;
  // The run id keeps a run's keywords out of an earlier run's cache on a shared server, so
  // its cache hit rate is its own.
  return `${topics[k % topics.length]!} ${runId} ${k}`;
}
