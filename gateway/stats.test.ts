/**
 * `GET /v1/stats` over real HTTP against a real nats-server and real actor processes: the
 * backlog sits at the stage nobody serves, and the workers are the processes announced in
 * `seo-actors`.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  configureEmulator,
  startStack,
  submitWorkflow,
  type TestStack,
  waitFor,
} from "../test/helpers/stack.ts";
import type { StageStats } from "./backend.ts";

let stack: TestStack;
before(async () => {
  stack = await startStack({ env: { LLM_CACHE: "off" } });
});
after(async () => await stack?.stop());

interface StatsBody {
  at: string;
  stages: StageStats[];
  actors: number;
}

async function stats(): Promise<StatsBody> {
  const res = await fetch(`${stack.gateway!.url}/v1/stats`);
  assert.equal(res.status, 200);
  return (await res.json()) as StatsBody;
}

function stageOf(s: StatsBody, stage: string): StageStats {
  const found = s.stages.find((x) => x.stage === stage);
  assert.ok(found, `stage ${stage} in ${JSON.stringify(s.stages)}`);
  return found;
}

test("stats show each stage's backlog and the actor processes serving it", async () => {
  const first = await stats();
  assert.deepEqual(
    first.stages.map((s) => s.stage),
    [
      "intake",
      "research",
      "outline",
      "draft",
      "optimise",
      "review",
      "assemble",
      "publish",
      "import",
    ],
  );
  assert.ok(!Number.isNaN(Date.parse(first.at)));
  assert.ok(first.stages.every((s) => s.backlog === 0 && s.workers === 0 && s.active === 0));
  assert.equal(first.actors, 0);

  // Only intake is served: the work moves on to research and waits there.
  await stack.startActor(["intake"]);
  await submitWorkflow(stack, { keyword: "stats shoes one", wordCount: 300 });
  await submitWorkflow(stack, { keyword: "stats shoes two", wordCount: 300 });
  const waiting = await waitFor("research backlog of 2", async () => {
    const s = await stats();
    return stageOf(s, "research").backlog === 2 ? s : undefined;
  });
  assert.equal(stageOf(waiting, "intake").backlog, 0);
  assert.equal(stageOf(waiting, "intake").workers, 1);
  assert.equal(stageOf(waiting, "research").workers, 0);
  assert.equal(waiting.actors, 1);

  // A slow draft keeps a process busy long enough for its announcement to say so.
  await configureEmulator(stack, { tasks: { draft: { latencyMs: 8_000 } } });
  try {
    await stack.startActor("all");
    const busy = await waitFor(
      "an active draft worker",
      async () => {
        const s = await stats();
        return stageOf(s, "draft").active === 1 ? s : undefined;
      },
      20_000,
    );
    assert.equal(stageOf(busy, "draft").workers, 1);
    assert.equal(stageOf(busy, "intake").workers, 2);
    assert.equal(busy.actors, 2);
    assert.ok(busy.stages.every((s) => s.active <= s.workers));

    await waitFor(
      "every backlog drained",
      async () => {
        const s = await stats();
        return s.stages.every((x) => x.backlog === 0) ? s : undefined;
      },
      30_000,
    );
  } finally {
    await configureEmulator(stack, { tasks: { draft: null } });
  }
});
