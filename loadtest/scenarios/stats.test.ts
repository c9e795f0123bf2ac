import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { cpuSecondsOfStat, rssMbOfStatus } from "./proc-stat.ts";
import { floorGrowth, peakOverlap, summarizeLatency } from "./stats.ts";

describe("scenario statistics", () => {
  test("percentiles are nearest-rank and ordered", () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted
    const s = summarizeLatency(values);
    assert.equal(s.count, 100);
    assert.equal(s.p50, 50);
    assert.equal(s.p95, 95);
    assert.equal(s.p99, 99);
    assert.equal(s.min, 1);
    assert.equal(s.max, 100);
    assert.equal(s.mean, 50.5);
  });

  test("one sample is every percentile; none gives nulls", () => {
    const one = summarizeLatency([42]);
    assert.deepEqual([one.p50, one.p95, one.p99], [42, 42, 42]);
    const none = summarizeLatency([]);
    assert.equal(none.count, 0);
    assert.equal(none.p95, null);
    assert.equal(summarizeLatency([Number.NaN, 5]).count, 1, "non-numbers are left out");
  });

  test("a skewed distribution keeps P50 ≤ P95 ≤ P99", () => {
    const values = [...Array(97).fill(10), 500, 900, 5000];
    const s = summarizeLatency(values);
    assert.equal(s.p50, 10);
    assert.equal(s.p95, 10);
    assert.equal(s.p99, 900);
    assert.ok(s.p50! <= s.p95! && s.p95! <= s.p99! && s.p99! <= s.max!);
  });

  test("floor growth follows the lows of a sawtooth, not where the last GC fell", () => {
    // A flat sawtooth 50–80 ending high: no leak.
    const flat = Array.from({ length: 40 }, (_, x) => ({ x, y: 50 + (x % 10) * 3 }));
    assert.equal(floorGrowth(flat), 0);
    // The same with floors rising 1 per 10 x: 0.1 per x.
    const leak = flat.map((p) => ({ x: p.x, y: p.y + Math.floor(p.x / 10) }));
    assert.equal(floorGrowth(leak), 2 / 20);
    assert.equal(floorGrowth(flat.slice(0, 3)), null);
    assert.equal(floorGrowth([1, 2, 3, 4].map((y) => ({ x: 0, y }))), null);
  });

  test("peak overlap counts what really ran at the same moment", () => {
    assert.equal(
      peakOverlap([
        { start: 0, end: 10 },
        { start: 5, end: 15 },
        { start: 10, end: 20 },
        { start: 12, end: 13 },
      ]),
      3,
    );
    assert.equal(
      peakOverlap([
        { start: 0, end: 5 },
        { start: 5, end: 9 },
      ]),
      1,
      "back to back",
    );
  });

  test("/proc figures are read even when the command name holds spaces and parentheses", () => {
    const stat =
      "4242 (node (worker) x) S 1 4242 4242 0 -1 4194560 5120 0 0 0 250 130 0 0 20 0 11 0 812 1157840896 24000 18446744073709551615";
    assert.equal(cpuSecondsOfStat(stat), 3.8);
    assert.equal(rssMbOfStatus("Name:\tnode\nVmRSS:\t   52224 kB\n"), 51);
    assert.equal(rssMbOfStatus("Name:\tkthread\n"), undefined);
  });
});
