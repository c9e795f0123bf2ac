import assert from "node:assert/strict";
import { test } from "node:test";
import type { WorkflowState } from "../core/state.ts";
import { addStageRecords } from "./stage-worker.ts";

function state(): WorkflowState {
  return {
    id: "w",
    status: "running",
    pipeline: { name: "p", version: "v" },
    promptVersions: {},
    stageNames: ["review", "assemble"],
    request: { keyword: "k", language: "en", wordCount: 500, pipeline: "p" },
    createdAt: 0,
    updatedAt: 0,
    submitSeq: 1,
    stages: {},
    tokens: { prompt: 0, completion: 0 },
  };
}

const review = {
  startedAt: 10,
  finishedAt: 30,
  attempt: 1,
  llmCalls: 1,
  tokens: { prompt: 100, completion: 20 },
};
const assemble = {
  startedAt: 31,
  finishedAt: 32,
  attempt: 1,
  llmCalls: 0,
  tokens: { prompt: 0, completion: 0 },
};

test("a later stage that overtakes records the earlier stage from its envelope", () => {
  const s = state();
  // assemble's write lands first: its envelope carries review's record.
  assert.equal(addStageRecords(s, { review, assemble }), true);
  assert.equal(s.stages.review?.durationMs, 20);
  assert.deepEqual(s.tokens, { prompt: 100, completion: 20 });
  // review's own late write adds nothing and counts nothing twice.
  assert.equal(addStageRecords(s, { review }), false);
  assert.deepEqual(s.tokens, { prompt: 100, completion: 20 });
  assert.deepEqual(Object.keys(s.stages).sort(), ["assemble", "review"]);
});
