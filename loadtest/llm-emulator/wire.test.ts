/** Stream deltas, pacing and truncation. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "./rng.ts";
import { pacedStream, scheduleFrames } from "./sse.ts";
import { splitIntoDeltas, truncateToTokens } from "./wire.ts";

test("deltas of one to four words concatenate back to the content exactly", () => {
  const content = "# Title\n\nFirst  paragraph, with  double spaces.\n\n- item\n- item 2\n";
  const deltas = splitIntoDeltas(content, new Rng(3));
  assert.equal(deltas.join(""), content);
  assert.ok(deltas.length > 3);
  assert.ok(deltas.every((d) => d.trim().split(/\s+/).length <= 4));
  assert.deepEqual(splitIntoDeltas("", new Rng(1)), []);
});

test("the first delta goes out at 30 % of the latency, the end at 100 %", () => {
  const frames = scheduleFrames({ open: ["o"], deltas: ["a", "b", "c", "d"], close: ["z"] }, 1000);
  assert.deepEqual(
    frames.map((f) => [f.data, Math.round(f.at)]),
    [
      ["o", 300],
      ["a", 300],
      ["b", 475],
      ["c", 650],
      ["d", 825],
      ["z", 1000],
    ],
  );
});

test("a paced stream delivers every frame in order, then reports completion", async () => {
  let completed: boolean | undefined;
  const frames = scheduleFrames({ open: ["<"], deltas: ["a", "b", "c"], close: [">"] }, 60);
  const started = Date.now();
  const text = await new Response(pacedStream(frames, (c) => (completed = c))).text();
  assert.equal(text, "<abc>");
  assert.ok(Date.now() - started >= 55, "takes the scheduled time");
  assert.equal(completed, true);
});

test("a cancelled paced stream reports that it did not complete", async () => {
  let completed: boolean | undefined;
  const frames = scheduleFrames({ open: ["<"], deltas: ["a"], close: [">"] }, 10_000);
  const reader = pacedStream(frames, (c) => (completed = c)).getReader();
  await reader.cancel();
  assert.equal(completed, false);
});

test("truncation keeps whole surrogate pairs", () => {
  assert.equal(truncateToTokens("abcdefgh", 1), "abcd");
  assert.equal(truncateToTokens("abc😀defgh", 1), "abc");
  assert.equal(truncateToTokens("short", undefined), "short");
});
