/**
 * Fault suite, actors: an actor SIGKILLed in the middle of its stages, and an actor that
 * stalls (SIGSTOP, so no heartbeats) for longer than the ack wait. Every accepted workflow
 * completes, exactly once, and no LLM answer is paid for twice after a crash.
 */
import assert from "node:assert/strict";
import { after, test } from "node:test";
import {
  emulatorApi,
  emulatorRequests,
  FAULT_ENV,
  keywordFor,
  report,
  STALL_MS,
  WORKFLOWS,
} from "./helpers/faults.ts";
import { checkLedger, ledgerSummary } from "./helpers/ledger.ts";
import { startStack, submitWorkflow, type TestStack, waitFor } from "./helpers/stack.ts";

const stacks: TestStack[] = [];
after(async () => {
  for (const s of stacks) await s.stop();
});

test("SIGKILL of an actor mid-stage: redelivered, one result each, no answer paid twice", async () => {
  const t0 = Date.now();
  const stack = await startStack({ env: FAULT_ENV });
  stacks.push(stack);
  // Hold every outline call long enough to kill the actor while all of them are in flight.
  await emulatorApi(stack, "/config", { tasks: { outline: { latencyMs: 60_000 } } });
  await stack.startActor(["intake", "research"]);
  await stack.startActor(["draft", "optimise", "review", "assemble"]);
  // Room for every workflow's outline call at once (20 with SEO_FARM_FAULTS=full; an actor
  // takes 8 at a time by default).
  const victim = await stack.startActor(["outline"], {
    ACTOR_CONCURRENCY: String(Math.max(8, WORKFLOWS)),
  });
  const ids: string[] = [];
  for (let i = 0; i < WORKFLOWS; i++) {
    ids.push(await submitWorkflow(stack, { keyword: keywordFor(i) }));
  }
  await waitFor("every outline call to be in flight", async () => {
    const stats = await emulatorApi(stack, "/stats");
    return ((stats.byTask as Record<string, number>).outline ?? 0) >= ids.length ? true : undefined;
  });
  const exited = new Promise((r) => victim.once("exit", r));
  victim.kill("SIGKILL");
  await exited;
  await emulatorApi(stack, "/config", { tasks: { outline: { latencyMs: 0 } } });
  await stack.startActor(["outline"]);

  const ledger = await checkLedger(stack.nc, ids, {
    emulatorBase: stack.emulatorBase,
    timeoutMs: 60_000,
  });
  report("SIGKILL actor mid-stage", t0, ledgerSummary(ledger));
  assert.deepEqual(ledger.problems, []);
  assert.equal(ledger.lost, 0);
  assert.equal(ledger.duplicated, 0);
  assert.equal(ledger.completed, ids.length, "every workflow completed");
  assert.equal(ledger.extraLlmAnswers, 0, "no LLM answer was paid for twice");
  // The killed calls were cut off (never answered); each outline was answered exactly once.
  const log = await emulatorRequests(stack);
  for (const id of ids) {
    const outline = log.filter((r) => r.workflowId === id && r.stage === "outline");
    assert.equal(outline.filter((r) => r.status === 200).length, 1, `${id}: one outline answer`);
    assert.ok(outline.length >= 2, `${id}: the killed call and the redelivered one`);
  }
});

test("an actor stalled past the ack wait is taken over; its late ack and write add nothing", async () => {
  const t0 = Date.now();
  const stack = await startStack({ env: FAULT_ENV });
  stacks.push(stack);
  // Slow enough that the stall lands while the calls are in flight.
  await emulatorApi(stack, "/config", { tasks: { outline: { latencyMs: 1_500 } } });
  await stack.startActor(["intake", "research"]);
  await stack.startActor(["draft", "optimise", "review", "assemble"]);
  const staller = await stack.startActor(["outline"]);
  const ids: string[] = [];
  for (let i = 0; i < WORKFLOWS; i++) {
    ids.push(await submitWorkflow(stack, { keyword: keywordFor(i) }));
  }
  await waitFor("the outline calls to be in flight", async () => {
    const stats = await emulatorApi(stack, "/stats");
    return ((stats.byTask as Record<string, number>).outline ?? 0) >= ids.length ? true : undefined;
  });
  staller.kill("SIGSTOP");
  try {
    // A healthy actor takes the stalled messages once their ack wait runs out.
    await stack.startActor(["outline"]);
    await new Promise((r) => setTimeout(r, STALL_MS));
  } finally {
    staller.kill("SIGCONT");
  }
  const ledger = await checkLedger(stack.nc, ids, {
    emulatorBase: stack.emulatorBase,
    timeoutMs: 60_000,
  });
  // Give the resumed actor time to do its late publish, write and ack, then look again.
  await new Promise((r) => setTimeout(r, 2_000));
  const again = await checkLedger(stack.nc, ids, { emulatorBase: stack.emulatorBase });
  report(
    "SIGSTOP actor past the ack wait",
    t0,
    `${ledgerSummary(again)}; the stalled actor ${staller.exitCode === null ? "lives on" : "exited"}`,
  );
  for (const l of [ledger, again]) {
    assert.deepEqual(l.problems, []);
    assert.equal(l.lost, 0);
    assert.equal(l.duplicated, 0);
    assert.equal(l.completed, ids.length, "every workflow completed");
  }
  assert.equal(staller.exitCode, null, "the stalled actor carries on after SIGCONT");
});
