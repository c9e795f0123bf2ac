/**
 * The emulator's options: documented defaults, one validator for the constructor, the CLI
 * and `POST /_emulator/config`, and the merge rule for changing them at run time.
 */
import {
  EMULATOR_PROFILES,
  type EmulatorProfileName,
  isProfileName,
  type LatencyMs,
  PROFILE_NAMES,
  parseLatencyMs,
} from "./latency.ts";

/** The pipeline tasks the emulator writes for; any other `X-Seo-Farm-Task` is `generic`. */
export const EMULATOR_TASKS = [
  "research",
  "outline",
  "draft",
  "optimise",
  "review",
  "generic",
] as const;
export type EmulatorTask = (typeof EMULATOR_TASKS)[number];

export const DEFAULT_PROFILE: EmulatorProfileName = "fast";
export const DEFAULT_TIME_SCALE = 1;
export const DEFAULT_ERROR_STATUS = 500;
export const DEFAULT_SEED = 1;
export const DEFAULT_REQUEST_LOG_SIZE = 10_000;
export const DEFAULT_PORT = 8790;
export const DEFAULT_HOST = "127.0.0.1";

/** Settings of one task that replace the global ones. */
export interface TaskOverride {
  /** Response time of this task's answers. @default the global `latencyMs` */
  latencyMs?: LatencyMs;
  /** Share (0–1) of this task's requests that fail. @default the global `errorRate` */
  errorRate?: number;
  /** HTTP status of this task's injected failures. @default the global `errorStatus` */
  errorStatus?: number;
  /**
   * The next N requests fail with `errorStatus`, whatever the error rate; counts down.
   * For "fails twice, then succeeds" tests. @default 0
   */
  failNext?: number;
  /** `Retry-After` seconds sent with injected failures (typically with 429). @default none */
  retryAfterS?: number;
}

/** The wire formats, for per-API settings (`apis.openai`, `apis.anthropic`). */
export const EMULATOR_APIS = ["openai", "anthropic"] as const;
export type EmulatorApi = (typeof EMULATOR_APIS)[number];

/** A change to a task's overrides; `null` removes a setting. */
export type TaskOverridePatch = { [K in keyof TaskOverride]?: TaskOverride[K] | null };

export interface EmulatorOptions {
  /**
   * Latency and error-rate preset: `zero`, `fast` (20–60 ms), `realistic` (10–20 s) or
   * `long-tail` (log-normal around 6 s with 30 s+ outliers, 2 % errors). Setting a profile
   * replaces `latencyMs` and `errorRate` unless they are given alongside it.
   * @default "fast"
   */
  profile?: EmulatorProfileName | (string & Record<never, never>);
  /**
   * Total response time: a number (fixed), `{min, max}` (uniform) or
   * `{median, sigma?, max?}` (log-normal), in milliseconds.
   * @default the profile's
   */
  latencyMs?: LatencyMs;
  /** Multiplier of every sampled latency; 0.01 turns 10–20 s into 100–200 ms. @default 1 */
  timeScale?: number;
  /** Share (0–1) of requests answered with an injected error. @default the profile's */
  errorRate?: number;
  /** HTTP status of injected errors (400–599; 429, 500, 503 and 529 are the useful ones). @default 500 */
  errorStatus?: number;
  /**
   * Per-task settings, e.g. `{ outline: { latencyMs: 3000 }, draft: { errorRate: 1 } }`.
   * Merged task by task and field by field; `null` removes an override.
   * @default {}
   */
  tasks?: { [K in EmulatorTask]?: TaskOverridePatch | null } | null;
  /**
   * Per-API settings, e.g. `{ openai: { errorRate: 1 } }` to make one provider fail while
   * the other answers. A task's setting wins over its API's, which wins over the global one.
   * @default {}
   */
  apis?: { [K in EmulatorApi]?: TaskOverridePatch | null } | null;
  /** Seed of the latency and fault sequence (answers depend on the request only). @default 1 */
  seed?: number;
  /** How many recent requests `/_emulator/requests` keeps. @default 10000 */
  requestLogSize?: number;
}

/** The effective settings, every field resolved. */
export interface EmulatorConfig {
  profile: EmulatorProfileName;
  latencyMs: LatencyMs;
  timeScale: number;
  errorRate: number;
  errorStatus: number;
  tasks: { [K in EmulatorTask]?: TaskOverride };
  apis: { [K in EmulatorApi]?: TaskOverride };
  seed: number;
  requestLogSize: number;
}

const OPTION_NAMES = [
  "profile",
  "latencyMs",
  "timeScale",
  "errorRate",
  "errorStatus",
  "tasks",
  "apis",
  "seed",
  "requestLogSize",
];
const TASK_OPTION_NAMES = ["latencyMs", "errorRate", "errorStatus", "failNext", "retryAfterS"];

export function isEmulatorTask(name: string): name is EmulatorTask {
  return (EMULATOR_TASKS as readonly string[]).includes(name);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  return JSON.stringify(v) ?? String(v);
}

function checkKeys(obj: Record<string, unknown>, known: string[], where: string): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) {
      throw new RangeError(`${where}${key} is not an emulator option (known: ${known.join(", ")})`);
    }
  }
}

function rate(v: unknown, field: string): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > 1) {
    throw new RangeError(`${field} must be a number from 0 to 1 (got ${show(v)})`);
  }
  return v;
}

function status(v: unknown, field: string): number {
  if (!Number.isInteger(v) || (v as number) < 400 || (v as number) > 599) {
    throw new RangeError(`${field} must be an HTTP error status from 400 to 599 (got ${show(v)})`);
  }
  return v as number;
}

function integer(v: unknown, field: string, min: number, max: number): number {
  if (!Number.isInteger(v) || (v as number) < min || (v as number) > max) {
    throw new RangeError(`${field} must be an integer from ${min} to ${max} (got ${show(v)})`);
  }
  return v as number;
}

function mergeTask(
  current: TaskOverride | undefined,
  patch: unknown,
  task: string,
): TaskOverride | undefined {
  if (patch === null) return undefined;
  if (!isRecord(patch)) {
    throw new RangeError(`tasks.${task} must be an object or null (got ${show(patch)})`);
  }
  checkKeys(patch, TASK_OPTION_NAMES, `tasks.${task}.`);
  const next: TaskOverride = { ...current };
  if (patch.latencyMs === null) delete next.latencyMs;
  else if (patch.latencyMs !== undefined) {
    next.latencyMs = parseLatencyMs(patch.latencyMs, `tasks.${task}.latencyMs`);
  }
  if (patch.errorRate === null) delete next.errorRate;
  else if (patch.errorRate !== undefined) {
    next.errorRate = rate(patch.errorRate, `tasks.${task}.errorRate`);
  }
  if (patch.errorStatus === null) delete next.errorStatus;
  else if (patch.errorStatus !== undefined) {
    next.errorStatus = status(patch.errorStatus, `tasks.${task}.errorStatus`);
  }
  if (patch.failNext === null) delete next.failNext;
  else if (patch.failNext !== undefined) {
    next.failNext = integer(patch.failNext, `tasks.${task}.failNext`, 0, 1_000_000);
  }
  if (patch.retryAfterS === null) delete next.retryAfterS;
  else if (patch.retryAfterS !== undefined) {
    next.retryAfterS = integer(patch.retryAfterS, `tasks.${task}.retryAfterS`, 0, 86_400);
  }
  return Object.keys(next).length > 0 ? next : undefined;
}

/**
 * Applies a partial options object to a config (or to the defaults) and validates the
 * result. Throws a RangeError naming the field and the value. A new `profile` brings its
 * own latency and error rate unless the same patch sets them.
 */
export function mergeEmulatorOptions(
  base: EmulatorConfig | undefined,
  patch: unknown,
): EmulatorConfig {
  if (patch === undefined || patch === null) patch = {};
  if (!isRecord(patch))
    throw new RangeError(`emulator options must be an object (got ${show(patch)})`);
  checkKeys(patch, OPTION_NAMES, "");
  const p = patch as Record<string, unknown>;

  let profile = base?.profile ?? DEFAULT_PROFILE;
  let latencyMs = base?.latencyMs ?? EMULATOR_PROFILES[profile].latencyMs;
  let errorRate = base?.errorRate ?? EMULATOR_PROFILES[profile].errorRate;
  if (p.profile !== undefined) {
    if (!isProfileName(p.profile)) {
      throw new RangeError(
        `profile must be one of ${PROFILE_NAMES.join(", ")} (got ${show(p.profile)})`,
      );
    }
    profile = p.profile;
    latencyMs = EMULATOR_PROFILES[profile].latencyMs;
    errorRate = EMULATOR_PROFILES[profile].errorRate;
  }
  if (p.latencyMs !== undefined) latencyMs = parseLatencyMs(p.latencyMs, "latencyMs");
  if (p.errorRate !== undefined) errorRate = rate(p.errorRate, "errorRate");

  let timeScale = base?.timeScale ?? DEFAULT_TIME_SCALE;
  if (p.timeScale !== undefined) {
    if (
      typeof p.timeScale !== "number" ||
      !Number.isFinite(p.timeScale) ||
      p.timeScale < 0 ||
      p.timeScale > 1000
    ) {
      throw new RangeError(`timeScale must be a number from 0 to 1000 (got ${show(p.timeScale)})`);
    }
    timeScale = p.timeScale;
  }
  const errorStatus =
    p.errorStatus === undefined
      ? (base?.errorStatus ?? DEFAULT_ERROR_STATUS)
      : status(p.errorStatus, "errorStatus");
  const seed =
    p.seed === undefined
      ? (base?.seed ?? DEFAULT_SEED)
      : integer(p.seed, "seed", 0, Number.MAX_SAFE_INTEGER);
  const requestLogSize =
    p.requestLogSize === undefined
      ? (base?.requestLogSize ?? DEFAULT_REQUEST_LOG_SIZE)
      : integer(p.requestLogSize, "requestLogSize", 1, 1_000_000);

  let tasks: EmulatorConfig["tasks"] = { ...base?.tasks };
  if (p.tasks === null) tasks = {};
  else if (p.tasks !== undefined) {
    if (!isRecord(p.tasks)) throw new RangeError(`tasks must be an object (got ${show(p.tasks)})`);
    for (const [task, taskPatch] of Object.entries(p.tasks)) {
      if (!isEmulatorTask(task)) {
        throw new RangeError(`tasks.${task} is not a task (use ${EMULATOR_TASKS.join(", ")})`);
      }
      const merged = mergeTask(tasks[task], taskPatch, task);
      if (merged) tasks[task] = merged;
      else delete tasks[task];
    }
  }
  let apis: EmulatorConfig["apis"] = { ...base?.apis };
  if (p.apis === null) apis = {};
  else if (p.apis !== undefined) {
    if (!isRecord(p.apis)) throw new RangeError(`apis must be an object (got ${show(p.apis)})`);
    for (const [api, apiPatch] of Object.entries(p.apis)) {
      if (!(EMULATOR_APIS as readonly string[]).includes(api)) {
        throw new RangeError(`apis.${api} is not an API (use ${EMULATOR_APIS.join(", ")})`);
      }
      const merged = mergeTask(apis[api as EmulatorApi], apiPatch, api);
      if (merged) apis[api as EmulatorApi] = merged;
      else delete apis[api as EmulatorApi];
    }
  }
  return {
    profile,
    latencyMs,
    timeScale,
    errorRate,
    errorStatus,
    tasks,
    apis,
    seed,
    requestLogSize,
  };
}

/** Validates options once, at start-up, and resolves every default. */
export function parseEmulatorOptions(options: EmulatorOptions = {}): EmulatorConfig {
  return mergeEmulatorOptions(undefined, options);
}
