/**
 * The process manager over real actor processes: scaling a stage down while its actors hold
 * slow LLM calls lets the drained one finish them — every message delivered once — and a
 * crashed actor is restarted.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createLogger } from "../core/log.ts";
import type { ApiWorkflow } from "../test/helpers/article.ts";
import { startStack, type TestStack, waitFor } from "../test/helpers/stack.ts";
import { NodeActorSpawner } from "./node-spawner.ts";
import { ProcessManager } from "./process-manager.ts";

let stack: TestStack;
let manager: ProcessManager;
before(async () => {
  stack = await startStack({ env: { ACTOR_CONCURRENCY: "4", LLM_CACHE: "off" } });
  manager = new ProcessManager(
    new NodeActorSpawner({ env: { ...process.env, ...stack.env }, stdio: "ignore" }),
    { graceMs: 20_000, restartBackoffMs: 100, logger: createLogger({ level: "error" }) },
  );
});
after(async () => {
  await manager?.stopAll();
  await stack?.stop();
});

async function stats(): Promise<Record<string, number>> {
  return (
    (await (await fetch(`${stack.emulatorBase}/_emulator/stats`)).json()) as {
      byTask: Record<string, number>;
    }
  ).byTask;
}

test("a drained actor finishes the messages it holds: each delivered once", async () => {
  await fetch(`${stack.emulatorBase}/_emulator/config`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ tasks: { research: { latencyMs: 2_500 } } }),
  });
  await stack.startActor(["intake", "outline", "draft", "optimise", "review", "assemble"]);
  manager.scaleTo("research", 2);
  assert.equal(manager.count("research"), 2);
  await new Promise((r) => setTimeout(r, 1_500)); // let both actors connect and pull
  const ids = await Promise.all(
    Array.from({ length: 8 }, async (_, i) => {
      const res = await fetch(`${stack.gateway!.url}/v1/workflows`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ keyword: `drain keyword ${i}` }),
      });
      return ((await res.json()) as { id: string }).id;
    }),
  );
  // Both actors hold research calls now; drain one of them mid-call.
  await waitFor(
    "8 research calls in flight",
    async () => ((await stats()).research === 8 ? true : undefined),
    20_000,
  );
  manager.scaleTo("research", 1);
  assert.equal(manager.count("research"), 1);
  const done = await Promise.all(
    ids.map((id) =>
      waitFor(
        `workflow ${id}`,
        async () => {
          const w = (await (
            await fetch(`${stack.gateway!.url}/v1/workflows/${id}`)
          ).json()) as ApiWorkflow;
          return w.status === "completed" ? w : undefined;
        },
        60_000,
        250,
      ),
    ),
  );
  for (const w of done) {
    assert.equal(w.stages.find((s) => s.name === "research")!.attempt, 1, "delivered once");
  }
  assert.equal((await stats()).research, 8, "no research call was made twice");
  await waitFor("the drained actor to exit", () =>
    manager.actors().length === 1 ? true : undefined,
  );
});

test("a crashed actor is restarted", async () => {
  const [actor] = manager.actors().filter((a) => a.stage === "research");
  process.kill(actor!.pid, "SIGKILL");
  const replacement = await waitFor(
    "a new research actor",
    () => {
      const now = manager.actors().filter((a) => a.stage === "research" && !a.draining);
      return now.length === 1 && now[0]!.pid !== actor!.pid ? now[0] : undefined;
    },
    10_000,
  );
  assert.notEqual(replacement.pid, actor!.pid);
});
