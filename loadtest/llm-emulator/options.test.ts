/** Option validation and merging, latency parsing and sampling. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { delay, parseLatencyMs, sampleLatencyMs } from "./latency.ts";
import { mergeEmulatorOptions, parseEmulatorOptions } from "./options.ts";
import { Rng } from "./rng.ts";

test("defaults: the fast profile, no errors, seed 1", () => {
  const c = parseEmulatorOptions();
  assert.equal(c.profile, "fast");
  assert.deepEqual(c.latencyMs, { min: 20, max: 60 });
  assert.equal(c.errorRate, 0);
  assert.equal(c.errorStatus, 500);
  assert.equal(c.timeScale, 1);
  assert.equal(c.seed, 1);
  assert.equal(c.requestLogSize, 10_000);
  assert.deepEqual(c.tasks, {});
});

test("invalid options are rejected with a RangeError naming the field and the value", () => {
  const cases: Array<[unknown, RegExp]> = [
    [{ profile: "slow" }, /profile must be one of zero, fast, realistic, long-tail \(got "slow"\)/],
    [{ errorRate: 1.5 }, /errorRate must be a number from 0 to 1 \(got 1.5\)/],
    [
      { latencyMs: { min: 200, max: 100 } },
      /latencyMs.min must be ≤ latencyMs.max \(got 200 > 100\)/,
    ],
    [{ latencyMs: -1 }, /latencyMs must be a number of milliseconds/],
    [{ latencyMs: "fast" }, /latencyMs must be a number, \{"min","max"\}/],
    [{ tasks: { outlin: { latencyMs: 1 } } }, /tasks.outlin is not a task/],
    [
      { tasks: { draft: { errorRate: 2 } } },
      /tasks.draft.errorRate must be a number from 0 to 1 \(got 2\)/,
    ],
    [{ errorStatus: 200 }, /errorStatus must be an HTTP error status/],
    [{ latency: 5 }, /latency is not an emulator option/],
    [{ timeScale: -1 }, /timeScale must be a number/],
  ];
  for (const [options, message] of cases) {
    assert.throws(
      () => parseEmulatorOptions(options as never),
      (err: unknown) => {
        assert.ok(err instanceof RangeError);
        assert.match(err.message, message);
        return true;
      },
    );
  }
});

test("merging: task overrides merge field by field, null removes, a profile brings its settings", () => {
  let c = parseEmulatorOptions({ profile: "zero", tasks: { outline: { latencyMs: 3000 } } });
  c = mergeEmulatorOptions(c, { tasks: { outline: { errorRate: 1 }, draft: { latencyMs: 5 } } });
  assert.deepEqual(c.tasks, {
    outline: { latencyMs: 3000, errorRate: 1 },
    draft: { latencyMs: 5 },
  });
  c = mergeEmulatorOptions(c, { tasks: { outline: { latencyMs: null }, draft: null } });
  assert.deepEqual(c.tasks, { outline: { errorRate: 1 } });
  c = mergeEmulatorOptions(c, { latencyMs: 300, errorRate: 0.5 });
  assert.equal(c.latencyMs, 300);
  c = mergeEmulatorOptions(c, { profile: "long-tail" });
  assert.equal(c.errorRate, 0.02, "the profile's error rate replaces the old one");
  assert.deepEqual(c.latencyMs, { median: 6000, sigma: 0.75, max: 120_000 });
  c = mergeEmulatorOptions(c, { profile: "zero", errorRate: 0.1 });
  assert.equal(c.errorRate, 0.1, "unless the same patch sets it");
  assert.deepEqual(c.tasks, { outline: { errorRate: 1 } }, "tasks survive a profile change");
});

test("latency forms parse to fixed, uniform and log-normal", () => {
  assert.equal(parseLatencyMs(50), 50);
  assert.deepEqual(parseLatencyMs({ min: 1, max: 2 }), { min: 1, max: 2 });
  assert.deepEqual(parseLatencyMs({ median: 100 }), { median: 100, sigma: 0.8, max: 120_000 });
});

test("sampled latencies stay in range and scale with timeScale", () => {
  const rng = new Rng(7);
  for (let i = 0; i < 500; i++) {
    const v = sampleLatencyMs({ min: 10_000, max: 20_000 }, rng, 0.01);
    assert.ok(v >= 100 && v <= 200, `${v}`);
  }
  const tail = Array.from({ length: 4000 }, () =>
    sampleLatencyMs({ median: 6000, sigma: 0.75, max: 120_000 }, rng),
  ).sort((a, b) => a - b);
  const median = tail[2000]!;
  assert.ok(median > 5000 && median < 7000, `median ${median}`);
  assert.ok(tail.at(-1)! > 30_000, "a long tail beyond 30 s");
  assert.ok(tail.at(-1)! <= 120_000);
  assert.equal(sampleLatencyMs(300, rng, 2), 600);
});

test("delay resolves false as soon as its signal aborts", async () => {
  const controller = new AbortController();
  const started = Date.now();
  const pending = delay(10_000, controller.signal);
  setTimeout(() => controller.abort(), 10);
  assert.equal(await pending, false);
  assert.ok(Date.now() - started < 1_000);
  assert.equal(await delay(5), true);
});
