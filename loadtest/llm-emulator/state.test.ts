/** Faults and latency are drawn per request index from the seed; the log is a bounded ring. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseEmulatorOptions } from "./options.ts";
import { EmulatorState } from "./state.ts";

function faults(seed: number, errorRate: number, n: number): boolean[] {
  const state = new EmulatorState(parseEmulatorOptions({ seed, errorRate }));
  return Array.from({ length: n }, () => {
    const entry = state.begin("openai", { task: "draft" });
    const failed = state.plan(entry).faultStatus !== undefined;
    state.finish(entry, failed ? 500 : 200);
    return failed;
  });
}

test("the same seed fails the same requests; the share matches the error rate", () => {
  const a = faults(42, 0.2, 2000);
  assert.deepEqual(a, faults(42, 0.2, 2000));
  assert.notDeepEqual(a, faults(43, 0.2, 2000));
  const share = a.filter(Boolean).length / a.length;
  assert.ok(share > 0.17 && share < 0.23, `${share}`);
  assert.ok(faults(1, 1, 50).every(Boolean));
  assert.ok(!faults(1, 0, 50).some(Boolean));
});

test("the request log keeps the last requestLogSize entries", () => {
  const state = new EmulatorState(parseEmulatorOptions({ requestLogSize: 3 }));
  for (let i = 0; i < 5; i++) {
    const e = state.begin("anthropic", { task: "review", stage: "review" });
    state.finish(e, 200, { prompt: 10, completion: 5 });
  }
  assert.deepEqual(
    state.requests().map((e) => e.index),
    [3, 4, 5],
  );
  assert.deepEqual(
    state.requests(3).map((e) => e.index),
    [4, 5],
  );
  const stats = state.stats();
  assert.equal(stats.requests, 5);
  assert.equal(stats.promptTokens, 50);
  assert.deepEqual(stats.byStage, { review: 5 });
  state.configure({ requestLogSize: 2 });
  assert.deepEqual(
    state.requests().map((e) => e.index),
    [4, 5],
  );
});

test("a request in flight across a reset is not counted after it", () => {
  const state = new EmulatorState(parseEmulatorOptions());
  const e = state.begin("openai", { task: "draft" });
  state.reset();
  assert.equal(state.stats().inFlight, 1, "still in flight");
  state.finish(e, 500);
  state.finish(e, 500);
  assert.equal(state.stats().inFlight, 0);
  assert.equal(state.stats().errors, 0);
  assert.equal(state.stats().requests, 0);
});
