import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  capacityOf,
  DEFAULT_POLICY,
  parsePolicy,
  type ScaleDecision,
  type StageObservation,
  scaleDecisions,
} from "./policy.ts";

const NOW = 1_000_000;
const policy = parsePolicy({ cooldownMs: 30_000, scaleDownWindowMs: 60_000 });

function obs(
  stage: string,
  actors: number,
  lags: number[],
  extra: Partial<StageObservation> = {},
): StageObservation {
  // One sample every 10 s, the last one now.
  const samples = lags.map((lag, i) => ({ at: NOW - (lags.length - 1 - i) * 10_000, lag }));
  return { stage, actors, samples, ...extra };
}

function decide(observations: StageObservation[], p = policy): Record<string, number> {
  return Object.fromEntries(scaleDecisions(observations, p, NOW).map((d) => [d.stage, d.to]));
}

describe("scaleDecisions", () => {
  const cases: Array<[string, StageObservation[], Record<string, number>]> = [
    ["a stage below its minimum is raised", [obs("draft", 0, [0])], { draft: 1 }],
    [
      "... even while cooling down",
      [obs("draft", 0, [0], { lastScaledAt: NOW - 1_000 })],
      { draft: 1 },
    ],
    [
      "lag per actor above 5 adds actors, at most 2 per step",
      [obs("draft", 1, [40])],
      { draft: 3 },
    ],
    ["up to the lag's need only", [obs("draft", 2, [14])], { draft: 3 }],
    ["never past the stage maximum", [obs("draft", 7, [200])], { draft: 8 }],
    ["a lag of exactly 5 per actor holds", [obs("draft", 2, [10])], {}],
    ["a stage above its maximum is trimmed", [obs("draft", 10, [100])], { draft: 8 }],
    ["no change while cooling down", [obs("draft", 1, [40], { lastScaledAt: NOW - 10_000 })], {}],
    [
      "scale down once the lag stayed low for the whole window",
      [obs("draft", 3, [0, 1, 0, 2, 0, 0, 0])],
      { draft: 2 },
    ],
    ["not when one sample in the window was high", [obs("draft", 3, [0, 0, 0, 9, 0, 0, 0])], {}],
    ["not before the window is covered by samples", [obs("draft", 3, [0, 0])], {}],
    ["never below the minimum", [obs("draft", 1, [0, 0, 0, 0, 0, 0, 0, 0])], {}],
    [
      "weights: a costly stage scales on less lag",
      [obs("draft", 1, [2]), obs("optimise", 1, [2])],
      {},
    ],
  ];
  for (const [what, observations, expected] of cases) {
    test(what, () => assert.deepEqual(decide(observations), expected));
  }

  test("weights: lag 2 on a stage weighted 3 is 6 per actor, above the threshold", () => {
    const p = parsePolicy({ weights: { draft: 3 } });
    assert.deepEqual(decide([obs("draft", 1, [2]), obs("optimise", 1, [2])], p), { draft: 2 });
  });

  test("the global cap goes to the busiest stage first", () => {
    const p = parsePolicy({ globalMax: 4 });
    const d = decide([obs("research", 1, [12]), obs("draft", 1, [30]), obs("optimise", 1, [0])], p);
    assert.deepEqual(d, { draft: 2 }, "one slot left: the draft's lag is largest");
  });

  test("the memory budget caps the total: 1536 MB of 512 MB actors is 3", () => {
    const p = parsePolicy({ memoryBudgetMb: 1536, actorMemoryMb: 512 });
    assert.equal(capacityOf(p), 3);
    assert.deepEqual(decide([obs("draft", 1, [100]), obs("research", 1, [0])], p), { draft: 2 });
  });

  test("a scale-down frees capacity for a scale-up in the same decision", () => {
    const p = parsePolicy({ globalMax: 4 });
    const d = decide([obs("research", 2, [0, 0, 0, 0, 0, 0, 0]), obs("draft", 2, [30])], p);
    assert.deepEqual(d, { research: 1, draft: 3 });
  });

  test("every decision says why", () => {
    const [d] = scaleDecisions([obs("draft", 1, [40])], policy, NOW) as [ScaleDecision];
    assert.match(d.reason, /lag 40 \(40\.0 per actor\) above 5/);
  });

  test("a lag oscillating around the threshold makes at most one scale event per cooldown", () => {
    // Lag per actor swings between 4 and 7 every 5 s for 10 minutes.
    let actors = 2;
    let lastScaledAt: number | undefined;
    const samples: Array<{ at: number; lag: number }> = [];
    const events: number[] = [];
    for (let t = 0; t <= 600_000; t += 5_000) {
      const now = NOW + t;
      samples.push({ at: now, lag: (t / 5_000) % 2 === 0 ? 4 * actors : 7 * actors });
      const [d] = scaleDecisions(
        [
          {
            stage: "draft",
            actors,
            samples: samples.slice(-30),
            ...(lastScaledAt ? { lastScaledAt } : {}),
          },
        ],
        policy,
        now,
      );
      if (d) {
        actors = d.to;
        lastScaledAt = now;
        events.push(now);
      }
    }
    for (let i = 1; i < events.length; i++) {
      assert.ok(
        events[i]! - events[i - 1]! >= policy.cooldownMs,
        `events ${events[i - 1]} and ${events[i]}`,
      );
    }
    assert.ok(events.length <= 600_000 / policy.cooldownMs + 1);
  });
});

describe("a stage with a minimum of 0 (minByStage)", () => {
  const onDemand = parsePolicy({ ...policy, minByStage: { publish: 0 } });

  test("stays at 0 while it has no work, while other stages keep their minimum", () => {
    assert.deepEqual(decide([obs("publish", 0, [0]), obs("draft", 0, [0])], onDemand), {
      draft: 1,
    });
  });

  test("wakes with its first message, even cooling down, and says why", () => {
    const d = scaleDecisions(
      [obs("publish", 0, [1], { lastScaledAt: NOW - 1_000 })],
      onDemand,
      NOW,
    );
    assert.deepEqual(
      d.map((x) => [x.stage, x.to]),
      [["publish", 1]],
    );
    assert.match(d[0]!.reason, /lag 1/);
    // More work wakes more at once, within the step limit (2).
    assert.deepEqual(decide([obs("publish", 0, [12])], onDemand), { publish: 2 });
  });

  test("goes back to 0 once idle for the window", () => {
    assert.deepEqual(decide([obs("publish", 1, [0, 0, 0, 0, 0, 0, 0, 0])], onDemand), {
      publish: 0,
    });
    assert.deepEqual(decide([obs("draft", 1, [0, 0, 0, 0, 0, 0, 0, 0])], onDemand), {});
  });

  test("a stage minimum must be an integer within the maximum", () => {
    assert.throws(() => parsePolicy({ minByStage: { publish: -1 } }), /minByStage\.publish/);
    assert.throws(() => parsePolicy({ minByStage: { publish: 9 } }), /minByStage\.publish/);
    assert.throws(() => parsePolicy({ minByStage: { publish: 0.5 } }), /minByStage\.publish/);
  });
});

test("parsePolicy validates, naming the field", () => {
  assert.deepEqual(parsePolicy(), DEFAULT_POLICY);
  assert.throws(
    () => parsePolicy({ minPerStage: 3, maxPerStage: 2 }),
    /maxPerStage must be ≥ minPerStage \(got 2 < 3\)/,
  );
  assert.throws(
    () => parsePolicy({ scaleUpLag: 1, scaleDownLag: 1 }),
    /scaleUpLag must be > scaleDownLag/,
  );
  assert.throws(() => parsePolicy({ maxStepUp: 0 }), /maxStepUp/);
});
