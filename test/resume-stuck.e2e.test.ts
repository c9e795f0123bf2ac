/**
 * A stage message the server loses (as nats-server 2.9.10 can after a frozen leader thaws;
 * here the message is purged from the work queue) leaves its workflow running with nothing
 * to deliver. The keeper's sweep resumes it from the stage memo — no LLM call paid again —
 * or, when the earlier outputs cannot be found (memo bypassed), fails it with a reason and a
 * dead-letter entry. Either way it ends.
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { jetstreamManager } from "@nats-io/jetstream";
import { WorkflowStore } from "../core/state.ts";
import { STREAM_DLQ, STREAM_STAGES, stageSubject } from "../core/subjects.ts";
import {
  startStack,
  submitWorkflow,
  type TestStack,
  waitFor,
  waitForWorkflows,
} from "./helpers/stack.ts";

/** The sweep every half second; a workflow unchanged for 2 s with an idle stage is stuck. */
const SWEEP_ENV = { RESUME_SWEEP_MS: "500", RESUME_AFTER_MS: "2000" };
const LATER_STAGES = ["outline", "draft", "optimise", "review", "assemble"];

async function researchCalls(stack: TestStack): Promise<number> {
  const s = (await (await fetch(`${stack.emulatorBase}/_emulator/stats`)).json()) as {
    byTask: Record<string, number>;
  };
  return s.byTask.research ?? 0;
}

/**
 * Submits a workflow with only intake and research served, waits until it stands at the
 * outline stage, and purges the outline message from the work queue: lost.
 */
async function strandAtOutline(stack: TestStack, request: Record<string, unknown>) {
  await stack.startActor(["intake", "research"]);
  const id = await submitWorkflow(stack, request);
  const store = await WorkflowStore.open(stack.nc);
  await waitFor("the workflow to stand at outline", async () => {
    const s = (await store.get(id))?.state;
    return s?.currentStage === "outline" && s.stages.research ? true : undefined;
  });
  const jsm = await jetstreamManager(stack.nc);
  const purged = await jsm.streams.purge(STREAM_STAGES, {
    filter: stageSubject("outline", "interactive"),
  });
  assert.equal(purged.purged, 1, "the outline message was in the queue, and is gone");
  return { id, jsm };
}

describe("workflows whose stage message was lost", () => {
  const stacks: TestStack[] = [];
  after(async () => {
    for (const s of stacks) await s.stop();
  });

  test("are resumed from the stage memo and complete, the earlier stages not paid again", async () => {
    const stack = await startStack({ env: SWEEP_ENV });
    stacks.push(stack);
    const { id, jsm } = await strandAtOutline(stack, { keyword: "stranded keyword" });
    await stack.startActor(LATER_STAGES);

    const [w] = await waitForWorkflows(stack, [id], 60_000);
    assert.equal(w!.status, "completed", JSON.stringify(w!.error));
    assert.equal(await researchCalls(stack), 1, "research ran once: its output came from the memo");
    assert.equal((await jsm.streams.info(STREAM_DLQ)).state.messages, 0, "nothing dead-lettered");
    assert.ok(
      w!.stages.some((s) => s.name === "research" && s.status === "done"),
      "research's record is kept",
    );
  });

  test("without the earlier outputs in the memo, are failed with STAGE_MESSAGE_LOST and a dead letter", async () => {
    const stack = await startStack({ env: SWEEP_ENV });
    stacks.push(stack);
    const { id, jsm } = await strandAtOutline(stack, {
      keyword: "stranded uncached keyword",
      cache: "bypass",
    });
    await stack.startActor(LATER_STAGES);

    const [w] = await waitForWorkflows(stack, [id], 60_000);
    assert.equal(w!.status, "failed");
    assert.equal(w!.error?.code, "STAGE_MESSAGE_LOST");
    await waitFor("the dead letter", async () =>
      (await jsm.streams.info(STREAM_DLQ)).state.messages === 1 ? true : undefined,
    );
  });

  test("a running workflow whose message waits in the queue is left alone", async () => {
    // Its stage has no actor for longer than RESUME_AFTER_MS: the consumer holds the message
    // (pending), so the sweep must not publish it again.
    const stack = await startStack({ env: SWEEP_ENV });
    stacks.push(stack);
    await stack.startActor(["intake", "research"]);
    const id = await submitWorkflow(stack, { keyword: "patient keyword" });
    const store = await WorkflowStore.open(stack.nc);
    await waitFor("the workflow to stand at outline", async () =>
      (await store.get(id))?.state.currentStage === "outline" ? true : undefined,
    );
    await new Promise((r) => setTimeout(r, 4_000));
    const jsm = await jetstreamManager(stack.nc);
    const c = await jsm.consumers.info(STREAM_STAGES, "stage-outline");
    assert.equal(c.num_pending, 1, "one outline message, not a resumed second one");
    await stack.startActor(LATER_STAGES);
    const [w] = await waitForWorkflows(stack, [id], 60_000);
    assert.equal(w!.status, "completed");
  });
});
