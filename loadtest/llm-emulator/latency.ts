/**
 * How long an answer takes: a distribution per profile (or per task), scaled by `timeScale`.
 * The value is the whole response time; streams spread it over their chunks.
 */
import type { Rng } from "./rng.ts";

/** A uniform latency between `min` and `max` milliseconds. */
export interface UniformLatency {
  min: number;
  max: number;
}

/**
 * A log-normal latency: most answers near `median`, a long tail towards `max`.
 * `sigma` is the standard deviation of the logarithm (0.5 mild, 1 heavy tail).
 */
export interface LognormalLatency {
  median: number;
  /** @default 0.8 */
  sigma?: number;
  /** Upper bound in ms. @default 120000 */
  max?: number;
}

/** Milliseconds: a number (fixed), `{min, max}` (uniform) or `{median, sigma?, max?}`. */
export type LatencyMs = number | UniformLatency | LognormalLatency;

export const DEFAULT_LOGNORMAL_SIGMA = 0.8;
export const DEFAULT_LOGNORMAL_MAX_MS = 120_000;
/** Longest latency accepted anywhere (one hour): a guard against unit mistakes. */
export const MAX_LATENCY_MS = 3_600_000;

export const PROFILE_NAMES = ["zero", "fast", "realistic", "long-tail"] as const;
export type EmulatorProfileName = (typeof PROFILE_NAMES)[number];

export interface EmulatorProfile {
  latencyMs: LatencyMs;
  errorRate: number;
}

/**
 * The named profiles: `zero` for unit tests, `fast` for local runs and integration tests,
 * `realistic` for demos of the pipeline's timing (10–20 s a call, like a large model
 * writing a long answer), `long-tail` for resilience tests (occasional 30 s+ calls, 2 %
 * errors).
 */
export const EMULATOR_PROFILES: Readonly<Record<EmulatorProfileName, EmulatorProfile>> = {
  zero: { latencyMs: 0, errorRate: 0 },
  fast: { latencyMs: { min: 20, max: 60 }, errorRate: 0 },
  realistic: { latencyMs: { min: 10_000, max: 20_000 }, errorRate: 0 },
  "long-tail": { latencyMs: { median: 6_000, sigma: 0.75, max: 120_000 }, errorRate: 0.02 },
};

export function isProfileName(name: unknown): name is EmulatorProfileName {
  return typeof name === "string" && (PROFILE_NAMES as readonly string[]).includes(name);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function ms(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > MAX_LATENCY_MS) {
    throw new RangeError(
      `${field} must be a number of milliseconds between 0 and ${MAX_LATENCY_MS} (got ${JSON.stringify(value)})`,
    );
  }
  return value;
}

/** Validates a latency given in any accepted form and fills in the defaults. */
export function parseLatencyMs(value: unknown, field = "latencyMs"): LatencyMs {
  if (typeof value === "number") return ms(value, field);
  if (isRecord(value)) {
    const keys = Object.keys(value).sort().join(",");
    if (keys === "max,min") {
      const min = ms(value.min, `${field}.min`);
      const max = ms(value.max, `${field}.max`);
      if (min > max)
        throw new RangeError(`${field}.min must be ≤ ${field}.max (got ${min} > ${max})`);
      return { min, max };
    }
    if (
      "median" in value &&
      Object.keys(value).every((k) => ["median", "sigma", "max"].includes(k))
    ) {
      const median = ms(value.median, `${field}.median`);
      const sigma = value.sigma ?? DEFAULT_LOGNORMAL_SIGMA;
      if (typeof sigma !== "number" || !Number.isFinite(sigma) || sigma < 0 || sigma > 4) {
        throw new RangeError(
          `${field}.sigma must be a number from 0 to 4 (got ${JSON.stringify(sigma)})`,
        );
      }
      const max = ms(value.max ?? Math.max(DEFAULT_LOGNORMAL_MAX_MS, median), `${field}.max`);
      if (max < median) {
        throw new RangeError(`${field}.max must be ≥ ${field}.median (got ${max} < ${median})`);
      }
      return { median, sigma, max };
    }
  }
  throw new RangeError(
    `${field} must be a number, {"min","max"} or {"median","sigma"?,"max"?} (got ${JSON.stringify(value)})`,
  );
}

/** Draws one latency in ms (rounded), multiplied by `timeScale`. */
export function sampleLatencyMs(spec: LatencyMs, rng: Rng, timeScale = 1): number {
  let value: number;
  if (typeof spec === "number") {
    value = spec;
  } else if ("min" in spec) {
    value = spec.min + rng.next() * (spec.max - spec.min);
  } else {
    // Box–Muller: a standard normal from two uniforms; 1 - next() keeps log() away from 0.
    const z = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
    const sigma = spec.sigma ?? DEFAULT_LOGNORMAL_SIGMA;
    value = Math.min(spec.median * Math.exp(sigma * z), spec.max ?? DEFAULT_LOGNORMAL_MAX_MS);
  }
  return Math.max(0, Math.round(value * timeScale));
}

/** "20–60 ms", "300 ms", "median 6000 ms (σ 0.75, max 120000 ms)". */
export function describeLatency(spec: LatencyMs): string {
  if (typeof spec === "number") return `${spec} ms`;
  if ("min" in spec) return `${spec.min}–${spec.max} ms`;
  return `median ${spec.median} ms (σ ${spec.sigma ?? DEFAULT_LOGNORMAL_SIGMA}, max ${spec.max ?? DEFAULT_LOGNORMAL_MAX_MS} ms)`;
}

/**
 * Waits `ms`, or less if `signal` aborts (a client that hung up). Resolves `true` when the
 * full time passed, `false` when aborted; the timer never outlives the abort.
 */
export function delay(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
