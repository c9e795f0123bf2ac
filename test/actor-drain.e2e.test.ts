/**
 * SIGTERM drains an actor: it stops pulling, finishes the stage it holds (no redelivery),
 * and exits 0; the workflow completes once another actor takes the next stage.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { ApiWorkflow } from "./helpers/article.ts";
import { startStack, type TestStack, waitFor } from "./helpers/stack.ts";

let stack: TestStack;
before(async () => {
  stack = await startStack();
});
after(async () => await stack?.stop());

test("SIGTERM lets the actor finish what it holds, then it exits 0", async () => {
  await fetch(`${stack.emulatorBase}/_emulator/config`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ tasks: { research: { latencyMs: 1_500 } } }),
  });
  await stack.startActor(["intake"]);
  const draining = await stack.startActor(["research"]);
  const res = await fetch(`${stack.gateway!.url}/v1/workflows`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ keyword: "home espresso machine" }),
  });
  const { id } = (await res.json()) as { id: string };
  await waitFor("the research call", async () => {
    const s = (await (await fetch(`${stack.emulatorBase}/_emulator/stats`)).json()) as {
      byTask: Record<string, number>;
    };
    return (s.byTask.research ?? 0) >= 1 ? true : undefined;
  });
  const exitCode = new Promise<number | null>((r) => draining.once("exit", (code) => r(code)));
  draining.kill("SIGTERM");
  assert.equal(await exitCode, 0, "a drained actor exits 0");

  const w = (await (await fetch(`${stack.gateway!.url}/v1/workflows/${id}`)).json()) as ApiWorkflow;
  const research = w.stages.find((s) => s.name === "research")!;
  assert.equal(research.status, "done", "the held stage finished before the exit");
  assert.equal(research.attempt, 1, "delivered once: nothing was handed back");

  await stack.startActor(["outline", "draft", "optimise", "review", "assemble"]);
  const done = await waitFor("completion", async () => {
    const r = (await (
      await fetch(`${stack.gateway!.url}/v1/workflows/${id}`)
    ).json()) as ApiWorkflow;
    return r.status === "completed" ? r : undefined;
  });
  assert.equal(done.status, "completed");
  const stats = (await (await fetch(`${stack.emulatorBase}/_emulator/stats`)).json()) as {
    byTask: Record<string, number>;
  };
  assert.equal(stats.byTask.research, 1, "the research stage ran once");
});
