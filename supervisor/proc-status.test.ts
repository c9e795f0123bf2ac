import assert from "node:assert/strict";
import { test } from "node:test";
import { runsPerStatus, vmRssMbOf } from "./proc-status.ts";

const status = (state: string, rss?: string) =>
  [
    "Name:\tdeno",
    `State:\t${state}`,
    "Pid:\t4242",
    "VmPeak:\t 2312000 kB",
    ...(rss ? [`VmRSS:\t${rss}`] : []),
    "Threads:\t12",
  ].join("\n");

test("VmRSS in MB, rounded; none without the line", () => {
  for (const [text, mb] of [
    [status("S (sleeping)", "  104857 kB"), 102],
    [status("R (running)", "1536 kB"), 2],
    [status("Z (zombie)"), undefined],
    ["", undefined],
  ] as const) {
    assert.equal(vmRssMbOf(text), mb, text);
  }
});

test("a process runs unless it is a zombie or dead", () => {
  for (const [state, runs] of [
    ["S (sleeping)", true],
    ["R (running)", true],
    ["D (disk sleep)", true],
    ["T (stopped)", true],
    ["Z (zombie)", false],
    ["X (dead)", false],
  ] as const) {
    assert.equal(runsPerStatus(status(state)), runs, state);
  }
  assert.equal(runsPerStatus(""), false, "no status, no process");
});
