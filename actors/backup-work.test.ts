import assert from "node:assert/strict";
import { test } from "node:test";
import { encode } from "../core/codec.ts";
import type { WorkflowState } from "../core/state.ts";
import { deadLetterWorkflow, queuedWorkOf, unfinishedWithoutWork } from "./backup-work.ts";

const record = (
  subject: string,
  body: unknown,
  headers: Record<string, string[]> = {},
  seq = 9,
) => ({
  seq,
  time: "t",
  subject,
  headers: { "Content-Type": ["application/msgpack"], ...headers },
  data: encode(body),
});

type View = Pick<WorkflowState, "id" | "status" | "currentStage" | "stages" | "submitSeq">;
const state = (id: string, over: Partial<View> = {}): View => ({
  id,
  status: "running",
  currentStage: "draft",
  stages: {},
  submitSeq: 1,
  ...over,
});
const done = (iteration = 0) => ({ iteration }) as unknown as WorkflowState["stages"][string];

test("a queued message is work for the workflow the actors would take it for", () => {
  assert.deepEqual(
    queuedWorkOf(record("seo.stage.draft", { workflowId: "w1", stage: "draft", iteration: 1 })),
    { kind: "stage", workflowId: "w1", stage: "draft", iteration: 1 },
  );
  // A submission's id: the request's, else its Nats-Msg-Id, else s<sequence>.
  assert.deepEqual(queuedWorkOf(record("seo.submit", { keyword: "k", id: "mine" })), {
    kind: "submit",
    workflowId: "mine",
    seq: 9,
  });
  assert.equal(
    queuedWorkOf(record("seo.submit.batch", { keyword: "k" }, { "Nats-Msg-Id": ["m-1"] }))
      ?.workflowId,
    "m-1",
  );
  assert.equal(queuedWorkOf(record("seo.submit", { keyword: "k" }, {}, 77))?.workflowId, "s77");
  assert.equal(
    queuedWorkOf({ ...record("seo.stage.x", {}), data: new Uint8Array([0xc1]) }),
    undefined,
  );
  assert.equal(
    deadLetterWorkflow(record("seo.dlq.draft", {}, { "Seo-Farm-Workflow-Id": ["w9"] })),
    "w9",
  );
});

test("running workflows with nothing in the backup to go on from are reported, the rest are not", () => {
  const states = [
    state("ended", { status: "completed" }),
    state("queued-stage"), // its draft message is in the queue
    state("stage-already-recorded", { stages: { draft: done(0) } }), // only a draft message: skipped
    state("review-loop", { stages: { draft: done(0) } }), // a second draft iteration: goes on
    state("resumable-intake", { status: "queued", submitSeq: 5 }), // its own submission
    state("duplicate-submission", { status: "queued", submitSeq: 6 }), // another one's
    state("dead-lettered"),
    state("moved-on", { currentStage: "review" }),
  ];
  const work = [
    { kind: "stage", workflowId: "queued-stage", stage: "draft", iteration: 0 },
    { kind: "stage", workflowId: "stage-already-recorded", stage: "draft", iteration: 0 },
    { kind: "stage", workflowId: "review-loop", stage: "draft", iteration: 1 },
    { kind: "submit", workflowId: "resumable-intake", seq: 5 },
    { kind: "submit", workflowId: "duplicate-submission", seq: 12 },
  ] as const;
  const out = unfinishedWithoutWork(states, work, new Set(["dead-lettered"]));
  assert.deepEqual(
    out.map((u) => u.id),
    ["stage-already-recorded", "duplicate-submission", "moved-on"],
  );
  assert.deepEqual(out[2], { id: "moved-on", status: "running", stage: "review" });
});
