/**
 * The scaling policy, as a pure function: stage lags and actor counts in, decisions out.
 * Defaults are the seed's WORKER_CONFIG (min 1 per stage — the seed's 2 is the production
 * preset —, max 8, scale up above a lag of 5 per actor, down below 1), with a global cap, a
 * ceiling from the memory budget, step limits, a cooldown per stage and a stabilisation
 * window for scale-down, so a lag that wobbles around a threshold does not flap.
 */

export interface ScalingPolicy {
  /** Fewest actors per stage. @default 1 */
  minPerStage: number;
  /**
   * Fewest actors of particular stages, over `minPerStage` (e.g. `{publish: 0}` for a stage
   * only some pipelines use: it starts with its first message). @default none
   */
  minByStage: Record<string, number>;
  /** Most actors per stage. @default 8 */
  maxPerStage: number;
  /** Most actors over all stages. @default 24 */
  globalMax: number;
  /** Memory for all actors together, MB; with `actorMemoryMb` it caps the total. @default 12288 */
  memoryBudgetMb: number;
  /** Memory limit of one actor, MB (also its heap limit and RSS restart threshold). @default 512 */
  actorMemoryMb: number;
  /** Scale up while the (weighted) lag per actor is above this. @default 5 */
  scaleUpLag: number;
  /** Scale down while the (weighted) lag per actor is below this. @default 1 */
  scaleDownLag: number;
  /** Most actors added to a stage in one decision. @default 2 */
  maxStepUp: number;
  /** Most actors drained from a stage in one decision. @default 1 */
  maxStepDown: number;
  /** Least time between two scale events of one stage. @default 30000 */
  cooldownMs: number;
  /** A scale-down needs the lag below its threshold for this long. @default 60000 */
  scaleDownWindowMs: number;
  /** Work per message by stage (a draft costs more than an optimise). @default 1 each */
  weights: Record<string, number>;
}

export const DEFAULT_POLICY: ScalingPolicy = {
  minPerStage: 1,
  minByStage: {},
  maxPerStage: 8,
  globalMax: 24,
  memoryBudgetMb: 12_288,
  actorMemoryMb: 512,
  scaleUpLag: 5,
  scaleDownLag: 1,
  maxStepUp: 2,
  maxStepDown: 1,
  cooldownMs: 30_000,
  scaleDownWindowMs: 60_000,
  weights: {},
};

/** The seed's production preset: two actors per stage at least. */
export const PRODUCTION_POLICY: Partial<ScalingPolicy> = { minPerStage: 2 };

export interface LagSample {
  at: number;
  /** Pending plus ack-pending messages of the stage's consumer. */
  lag: number;
}

export interface StageObservation {
  stage: string;
  /** Actors serving the stage now (not counting ones being drained). */
  actors: number;
  /** Recent lag samples, oldest first; the last is the current lag. */
  samples: LagSample[];
  /** When this stage last scaled, if ever. */
  lastScaledAt?: number;
}

export interface ScaleDecision {
  stage: string;
  from: number;
  to: number;
  reason: string;
}

/** Validates a policy; throws a RangeError naming the field and the value. */
export function parsePolicy(p: Partial<ScalingPolicy> = {}): ScalingPolicy {
  const policy: ScalingPolicy = {
    ...DEFAULT_POLICY,
    ...p,
    weights: { ...DEFAULT_POLICY.weights, ...p.weights },
    minByStage: { ...DEFAULT_POLICY.minByStage, ...p.minByStage },
  };
  for (const [stage, v] of Object.entries(policy.minByStage)) {
    if (!Number.isInteger(v) || v < 0 || v > policy.maxPerStage) {
      throw new RangeError(
        `minByStage.${stage} must be an integer from 0 to maxPerStage ${policy.maxPerStage} (got ${v})`,
      );
    }
  }
  const ints: Array<keyof ScalingPolicy> = [
    "minPerStage",
    "maxPerStage",
    "globalMax",
    "maxStepUp",
    "maxStepDown",
  ];
  for (const k of ints) {
    const v = policy[k] as number;
    if (!Number.isInteger(v) || v < (k === "minPerStage" ? 0 : 1)) {
      throw new RangeError(`${k} must be an integer ≥ ${k === "minPerStage" ? 0 : 1} (got ${v})`);
    }
  }
  if (policy.maxPerStage < policy.minPerStage) {
    throw new RangeError(
      `maxPerStage must be ≥ minPerStage (got ${policy.maxPerStage} < ${policy.minPerStage})`,
    );
  }
  if (!(policy.scaleUpLag > policy.scaleDownLag)) {
    throw new RangeError(
      `scaleUpLag must be > scaleDownLag (got ${policy.scaleUpLag} ≤ ${policy.scaleDownLag})`,
    );
  }
  for (const k of ["memoryBudgetMb", "actorMemoryMb", "cooldownMs", "scaleDownWindowMs"] as const) {
    if (!(policy[k] >= 0)) throw new RangeError(`${k} must be ≥ 0 (got ${policy[k]})`);
  }
  return policy;
}

/** How many actors fit at all: the global cap and the memory budget. */
export function capacityOf(policy: ScalingPolicy): number {
  const byMemory =
    policy.actorMemoryMb > 0 ? Math.floor(policy.memoryBudgetMb / policy.actorMemoryMb) : Infinity;
  return Math.max(0, Math.min(policy.globalMax, byMemory));
}

/** The fewest actors `stage` keeps. */
export function minimumOf(policy: ScalingPolicy, stage: string): number {
  return policy.minByStage[stage] ?? policy.minPerStage;
}

function weighted(policy: ScalingPolicy, stage: string, lag: number): number {
  return lag * (policy.weights[stage] ?? 1);
}

/**
 * Decides the actor count of every stage. Stages below their minimum are raised first
 * (whatever the cooldown); scale-ups go to the largest weighted lag first while the
 * capacity lasts; a scale-down needs the lag low for the whole window. Deterministic.
 */
export function scaleDecisions(
  observations: StageObservation[],
  policy: ScalingPolicy,
  now: number,
): ScaleDecision[] {
  const capacity = capacityOf(policy);
  const decisions = new Map<string, ScaleDecision>();
  let total = observations.reduce((n, o) => n + o.actors, 0);
  const cooling = (o: StageObservation) =>
    o.lastScaledAt !== undefined && now - o.lastScaledAt < policy.cooldownMs;

  // 1. Floors and ceilings, regardless of lag or cooldown.
  for (const o of observations) {
    const min = minimumOf(policy, o.stage);
    if (o.actors < min) {
      const to = Math.min(min, o.actors + Math.max(0, capacity - total));
      if (to > o.actors) {
        decisions.set(o.stage, {
          stage: o.stage,
          from: o.actors,
          to,
          reason: `below the minimum of ${min}`,
        });
        total += to - o.actors;
      }
    } else if (o.actors > policy.maxPerStage) {
      decisions.set(o.stage, {
        stage: o.stage,
        from: o.actors,
        to: policy.maxPerStage,
        reason: `above the maximum of ${policy.maxPerStage}`,
      });
      total -= o.actors - policy.maxPerStage;
    }
  }

  // 2. Scale-downs free capacity first.
  for (const o of observations) {
    if (decisions.has(o.stage) || cooling(o) || o.actors <= minimumOf(policy, o.stage)) continue;
    const windowStart = now - policy.scaleDownWindowMs;
    const inWindow = o.samples.filter((s) => s.at >= windowStart);
    // The window must be covered: a sample at or before its start proves the lag was low all along.
    const covered = o.samples.some((s) => s.at <= windowStart) || policy.scaleDownWindowMs === 0;
    const perActor = (s: LagSample) => weighted(policy, o.stage, s.lag) / o.actors;
    if (
      !covered ||
      inWindow.length === 0 ||
      !inWindow.every((s) => perActor(s) < policy.scaleDownLag)
    )
      continue;
    const to = Math.max(minimumOf(policy, o.stage), o.actors - policy.maxStepDown);
    const last = o.samples[o.samples.length - 1]!;
    decisions.set(o.stage, {
      stage: o.stage,
      from: o.actors,
      to,
      reason: `lag ${last.lag} (${perActor(last).toFixed(1)} per actor) below ${policy.scaleDownLag} for ${Math.round(policy.scaleDownWindowMs / 1000)} s`,
    });
    total -= o.actors - to;
  }

  // 3. Scale-ups, busiest first, within the capacity. A stage with no actor (a minimum of
  // 0) wakes on its first message, cooling down or not: nobody else will take it.
  const wanting = observations
    .filter(
      (o) => !decisions.has(o.stage) && o.samples.length > 0 && (o.actors === 0 || !cooling(o)),
    )
    .map((o) => ({ o, lag: weighted(policy, o.stage, o.samples[o.samples.length - 1]!.lag) }))
    .filter(
      ({ o, lag }) =>
        o.actors < policy.maxPerStage &&
        ((o.actors === 0 && lag > 0) || lag / Math.max(1, o.actors) > policy.scaleUpLag),
    )
    .sort((a, b) => b.lag - a.lag || a.o.stage.localeCompare(b.o.stage));
  for (const { o, lag } of wanting) {
    const desired = Math.min(policy.maxPerStage, Math.max(1, Math.ceil(lag / policy.scaleUpLag)));
    const to = Math.min(
      desired,
      o.actors + policy.maxStepUp,
      o.actors + Math.max(0, capacity - total),
    );
    if (to <= o.actors) continue;
    decisions.set(o.stage, {
      stage: o.stage,
      from: o.actors,
      to,
      reason: `lag ${o.samples[o.samples.length - 1]!.lag} (${(lag / Math.max(1, o.actors)).toFixed(1)} per actor) above ${policy.scaleUpLag}`,
    });
    total += to - o.actors;
  }
  return observations
    .map((o) => decisions.get(o.stage))
    .filter((d): d is ScaleDecision => d !== undefined);
}
