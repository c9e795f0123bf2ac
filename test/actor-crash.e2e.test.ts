/**
 * An actor SIGKILLed while the LLM is answering its stage: the message is redelivered, the
 * workflow completes, and there is exactly one result and exactly one message for the next
 * stage in the stream.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { jetstreamManager } from "@nats-io/jetstream";
import { Objm } from "@nats-io/obj";
import { STREAM_EVENTS, STREAM_STAGES } from "../core/subjects.ts";
import { type ApiWorkflow, assertCompleteArticle } from "./helpers/article.ts";
import { startStack, type TestStack, waitFor } from "./helpers/stack.ts";

let stack: TestStack;
before(async () => {
  stack = await startStack({ env: { ACK_WAIT_MS: "2000" } });
});
after(async () => await stack?.stop());

async function emulator(path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${stack.emulatorBase}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  assert.ok(res.ok, `${path}: HTTP ${res.status}`);
  return (await res.json()) as Record<string, unknown>;
}

async function getWorkflow(id: string): Promise<ApiWorkflow> {
  const res = await fetch(`${stack.gateway!.url}/v1/workflows/${id}`);
  assert.equal(res.status, 200);
  return (await res.json()) as ApiWorkflow;
}

test("a SIGKILLed actor's stage is redelivered: one result, one next-stage message", async () => {
  // Hold the outline call long enough to kill the actor in the middle of it.
  await emulator("/_emulator/config", { tasks: { outline: { latencyMs: 5_000 } } });
  await stack.startActor(["intake", "research"]);
  const victim = await stack.startActor(["outline"]);

  const res = await fetch(`${stack.gateway!.url}/v1/workflows`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ keyword: "trail running shoes" }),
  });
  assert.equal(res.status, 202);
  const { id } = (await res.json()) as { id: string };

  await waitFor("the emulator to receive the outline request", async () => {
    const stats = await emulator("/_emulator/stats");
    return ((stats.byTask as Record<string, number>).outline ?? 0) >= 1 ? true : undefined;
  });
  const exited = new Promise((r) => victim.once("exit", r));
  victim.kill("SIGKILL");
  await exited;

  // A fresh actor takes the redelivered message once the ack wait has passed.
  await emulator("/_emulator/config", { tasks: { outline: { latencyMs: 0 } } });
  await stack.startActor(["outline"]);
  await waitFor("the outline stage to be recorded", async () => {
    const w = await getWorkflow(id);
    return w.stages.find((s) => s.name === "outline")?.status === "done" ? w : undefined;
  });

  // The draft actor is not running yet: the next stage's message waits in the stream.
  const jsm = await jetstreamManager(stack.nc);
  const subjects = await waitFor("the outline message to be acked", async () => {
    const info = await jsm.streams.info(STREAM_STAGES, { subjects_filter: "seo.stage.>" });
    return info.state.subjects?.["seo.stage.outline"] ? undefined : info.state.subjects;
  });
  assert.deepEqual(subjects, { "seo.stage.draft": 1 }, "exactly one message for the next stage");
  const stats = await emulator("/_emulator/stats");
  assert.equal(
    (stats.byTask as Record<string, number>).outline,
    2,
    "the killed call plus the redelivered one",
  );
  const outlineRecord = (await getWorkflow(id)).stages.find((s) => s.name === "outline") as {
    attempt?: number;
  };
  assert.equal(outlineRecord.attempt, 2, "recorded by the second delivery");

  await stack.startActor(["draft", "optimise", "review", "assemble"]);
  const done = await waitFor("completion", async () => {
    const w = await getWorkflow(id);
    return w.status === "completed" || w.status === "failed" ? w : undefined;
  });
  assertCompleteArticle(done, "trail running shoes");

  // Exactly one result (and one copy of the stage outputs beside it) and one completion event.
  const results = await new Objm(stack.nc).open("seo-results");
  const objects = (await results.list()).map((o) => o.name).sort();
  assert.deepEqual(objects, [`${id}.json`, `${id}.outputs.json`]);
  const events = await jsm.streams.info(STREAM_EVENTS, {
    subjects_filter: `seo.events.${id}.done`,
  });
  assert.deepEqual(events.state.subjects, { [`seo.events.${id}.done`]: 1 }, "one done event");
  await waitFor("the work queue to empty", async () =>
    (await jsm.streams.info(STREAM_STAGES)).state.messages === 0 ? true : undefined,
  );
});
