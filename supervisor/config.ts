/**
 * The supervisor's settings from environment variables, validated once, every one with the
 * default of the design brief (the seed's WORKER_CONFIG).
 */
import type { Env } from "../core/config.ts";
import { PRODUCTION_POLICY, parsePolicy, type ScalingPolicy } from "./policy.ts";

export interface SupervisorConfig {
  policy: ScalingPolicy;
  /** SUPERVISOR_POLL_MS. @default 2000 */
  pollMs: number;
  /** SUPERVISOR_LEASE_MS: how soon a standby takes over from a dead leader. @default 10000 */
  leaseTtlMs: number;
}

function num(env: Env, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0)
    throw new RangeError(`${name} must be a non-negative number (got "${raw}")`);
  return n;
}

/** `draft=3,outline=2` → `{draft: 3, outline: 2}`. */
export function parseWeights(raw: string | undefined): Record<string, number> {
  return parseStageNumbers(raw, "SCALE_WEIGHTS", "draft=3,outline=2", Number.MIN_VALUE);
}

/** `stage=number,…` → a record; each number at least `min`. Throws naming the variable. */
function parseStageNumbers(
  raw: string | undefined,
  name: string,
  example: string,
  min: number,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of (raw ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [stage, value] = part.split("=");
    const n = Number(value);
    if (!stage?.trim() || !value?.trim() || !Number.isFinite(n) || n < min) {
      throw new RangeError(`${name} must look like "${example}" (got "${raw}")`);
    }
    out[stage.trim()] = n;
  }
  return out;
}

export function parseSupervisorConfig(
  env: Env,
  opts: { production?: boolean } = {},
): SupervisorConfig {
  const p: Partial<ScalingPolicy> = opts.production ? { ...PRODUCTION_POLICY } : {};
  const set = <K extends keyof ScalingPolicy>(key: K, name: string) => {
    const v = num(env, name);
    if (v !== undefined) p[key] = v as ScalingPolicy[K];
  };
  set("minPerStage", "SCALE_MIN_PER_STAGE");
  set("maxPerStage", "SCALE_MAX_PER_STAGE");
  set("globalMax", "SCALE_GLOBAL_MAX");
  set("memoryBudgetMb", "SCALE_MEMORY_BUDGET_MB");
  set("actorMemoryMb", "ACTOR_MEMORY_MB");
  set("scaleUpLag", "SCALE_UP_LAG");
  set("scaleDownLag", "SCALE_DOWN_LAG");
  set("maxStepUp", "SCALE_MAX_STEP_UP");
  set("maxStepDown", "SCALE_MAX_STEP_DOWN");
  set("cooldownMs", "SCALE_COOLDOWN_MS");
  set("scaleDownWindowMs", "SCALE_DOWN_WINDOW_MS");
  p.weights = parseWeights(env.SCALE_WEIGHTS);
  p.minByStage = parseStageNumbers(
    env.SCALE_MIN_BY_STAGE,
    "SCALE_MIN_BY_STAGE",
    "publish=0,import=0",
    0,
  );
  return {
    policy: parsePolicy(p),
    pollMs: num(env, "SUPERVISOR_POLL_MS") ?? 2_000,
    leaseTtlMs: num(env, "SUPERVISOR_LEASE_MS") ?? 10_000,
  };
}
