import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type DriveProgress, drive } from "./driver.ts";
import type { EndedWorkflow, ScenarioRequest } from "./entries.ts";

/** A stand-in stack: each workflow ends `ms` after its submit, with an end event. */
function fakeStack(ms: number, fail: (id: string) => boolean = () => false) {
  const ended = new Map<string, EndedWorkflow>();
  let listener: ((id: string, at: number) => void) | undefined;
  let inFlight = 0;
  let peak = 0;
  return {
    get peak() {
      return peak;
    },
    entry: {
      async submit(r: ScenarioRequest) {
        inFlight++;
        peak = Math.max(peak, inFlight);
        setTimeout(() => {
          inFlight--;
          ended.set(r.id, {
            status: fail(r.id) ? "failed" : "completed",
            updatedAt: Date.now(),
            stages: [{ name: "research", durationMs: ms, llmCalls: 1, cacheHits: 0 }],
          });
          listener?.(r.id, Date.now());
        }, ms);
      },
    },
    states: { ended: async (id: string) => ended.get(id) ?? null },
    watchEnds(cb: (id: string, at: number) => void) {
      listener = cb;
      return () => {
        listener = undefined;
      };
    },
  };
}

const requestOf = (n: number) => ({ id: `w${n}`, keyword: `k${n}`, language: "en" });

describe("scenario driver", () => {
  test("runs the counted workflows, never more in flight than asked", async () => {
    const stack = fakeStack(30, (id) => id === "w3");
    const r = await drive({
      ...stack,
      requestOf,
      total: 10,
      stopAfterMs: null,
      concurrencyAt: () => 3,
      timeoutMs: 10_000,
    });
    assert.equal(r.records.length, 10);
    assert.equal(r.records.filter((x) => x.status === "completed").length, 9);
    assert.equal(r.records.find((x) => x.id === "w3")?.status, "failed");
    assert.ok(stack.peak <= 3, `peak ${stack.peak}`);
    for (const x of r.records) {
      assert.ok(x.endedAt! >= x.submittedAt);
      assert.equal(x.stages.length, 1);
    }
  });

  test("a timed run stops submitting at its duration and ends by itself", async () => {
    const stack = fakeStack(20);
    const seen: DriveProgress[] = [];
    const r = await drive({
      ...stack,
      requestOf,
      total: null,
      stopAfterMs: 400,
      concurrencyAt: (t) => (t < 200 ? 1 : 4),
      timeoutMs: 10_000,
      drainMs: 5_000,
      onProgress: (p) => seen.push(p),
    });
    assert.ok(r.endedAt - r.startedAt >= 400, "ran its duration");
    assert.ok(r.records.length > 4);
    assert.ok(r.records.every((x) => x.status === "completed"));
    assert.ok(
      r.records.every((x) => x.submittedAt - r.startedAt < 450),
      "none after the end",
    );
    assert.ok(stack.peak <= 4);
    assert.ok(seen.length > 0);
  });

  test("a workflow that never ends times out; a refused submit is an error", async () => {
    const r = await drive({
      entry: {
        submit: async (req) => {
          if (req.id === "w1") throw new Error("HTTP 503");
        },
      },
      states: { ended: async () => null },
      watchEnds: () => () => {},
      requestOf,
      total: 2,
      stopAfterMs: null,
      concurrencyAt: () => 2,
      timeoutMs: 200,
      sweepMs: 50,
    });
    assert.deepEqual(
      r.records.map((x) => [x.id, x.status, x.error?.code]),
      [
        ["w0", "timeout", "TIMEOUT"],
        ["w1", "submit-error", "SUBMIT"],
      ],
    );
  });
});
