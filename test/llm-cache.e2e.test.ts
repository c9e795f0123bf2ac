/**
 * The LLM cache across real actor processes: identical work in flight makes one upstream
 * call (single-flight), a claimant that dies is taken over, and repeated workflows are
 * served from the cache.
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { Kvm } from "@nats-io/kv";
import {
  runCli,
  startStack,
  submitWorkflow,
  type TestStack,
  waitFor,
  waitForWorkflows,
} from "./helpers/stack.ts";

type Stage = {
  name: string;
  status: string;
  cacheHits?: number;
  memo?: boolean;
  llmCalls?: number;
};

async function emulatorStats(stack: TestStack): Promise<Record<string, number>> {
  const s = (await (await fetch(`${stack.emulatorBase}/_emulator/stats`)).json()) as {
    byTask: Record<string, number>;
  };
  return s.byTask;
}

async function configure(stack: TestStack, body: unknown): Promise<void> {
  const res = await fetch(`${stack.emulatorBase}/_emulator/config`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  assert.ok(res.ok);
}

const submit = submitWorkflow;
const waitAll = waitForWorkflows;

async function cli(
  stack: TestStack,
  args: string[],
): Promise<{ status: number | null; stdout: string }> {
  const r = await runCli(args, stack.env);
  return { status: r.status, stdout: r.stdout + r.stderr };
}

describe("LLM cache", () => {
  const stacks: TestStack[] = [];
  after(async () => {
    for (const s of stacks) await s.stop();
  });

  test("50 identical workflows over 2 actor processes make one upstream call; a dead claimant is taken over", async () => {
    const stack = await startStack({
      env: { ACTOR_CONCURRENCY: "30", LLM_CACHE_CLAIM_TTL_MS: "1500", ACK_WAIT_MS: "4000" },
    });
    stacks.push(stack);
    // Hold research calls for 2 s so that all 50 are waiting at once.
    await configure(stack, { tasks: { research: { latencyMs: 2_000 } } });
    await stack.startActor(["intake"]);
    const a = await stack.startActor(["research"]);
    const b = await stack.startActor(["research"]);
    await stack.startActor(["outline", "draft", "optimise", "review", "assemble"]);
    const submit50 = (keyword: string) =>
      Promise.all(Array.from({ length: 50 }, () => submit(stack, { keyword })));

    // 1. Fifty at once, spread over both research actors: one upstream call.
    const first = await waitAll(stack, await submit50("trail running shoes"));
    for (const w of first) assert.equal(w.status, "completed", JSON.stringify(w.error));
    const researchStages = first.map(
      (w) => (w.stages as Stage[]).find((s) => s.name === "research")!,
    );
    assert.equal(
      researchStages.filter((s) => !s.memo && !s.cacheHits).length,
      1,
      "one workflow paid",
    );
    let stats = await emulatorStats(stack);
    assert.equal(stats.research, 1, "one upstream research call for 50 workflows");
    for (const task of ["outline", "draft", "optimise", "review"])
      assert.equal(stats[task], 1, task);

    // 2. Fifty more; the actor holding the claim dies mid-call. The other takes over once the
    // claim expires: one more call, not 49, and nobody waits forever.
    const ids = await submit50("indoor herb garden");
    const leases = await new Kvm(stack.nc).open("seo-leases");
    const claim = await waitFor("a single-flight claim", async () => {
      for await (const key of await leases.keys("sf.>")) {
        const e = await leases.get(key);
        if (e?.operation === "PUT") return { key, owner: (e.json() as { owner: string }).owner };
      }
      return undefined;
    });
    await waitFor("the research call upstream", async () =>
      (await emulatorStats(stack)).research === 2 ? true : undefined,
    );
    const claimant = [a, b].find((p) => p.pid === Number(claim.owner.split(":").pop()));
    assert.ok(claimant, `the claim's owner ${claim.owner} is one of the two research actors`);
    claimant.kill("SIGKILL");
    const second = await waitAll(stack, ids);
    for (const w of second) assert.equal(w.status, "completed", JSON.stringify(w.error));
    stats = await emulatorStats(stack);
    assert.equal(stats.research, 3, "the killed claimant's call and the survivor's, nothing else");
  });

  test("cache invalidate by keyword drops its stage memos; by prompt version, its LLM answers", async () => {
    const stack = await startStack();
    stacks.push(stack);
    await stack.startActor("all");
    const [first] = await waitAll(stack, [
      await submit(stack, { keyword: "home espresso machine" }),
    ]);
    assert.equal(first!.status, "completed");

    const byKeyword = await cli(stack, [
      "cache",
      "invalidate",
      "--keyword",
      "home espresso machine",
    ]);
    assert.equal(byKeyword.status, 0, byKeyword.stdout);
    assert.match(byKeyword.stdout, /^5 removed$/m, "one memo per LLM stage");
    const [second] = await waitAll(stack, [
      await submit(stack, { keyword: "home espresso machine" }),
    ]);
    const stages = (second!.stages as Stage[]).filter((x) => x.name !== "assemble");
    assert.ok(
      stages.every((x) => !x.memo && (x.cacheHits ?? 0) > 0),
      "re-run from cached LLM answers",
    );

    const store = await new Kvm(stack.nc).open("seo-workflows");
    const versions = (await store.get(`wf.${second!.id}`))!.json<{
      promptVersions: Record<string, string>;
    }>().promptVersions;
    const byPrompt = await cli(stack, [
      "cache",
      "invalidate",
      "--prompt-version",
      versions.research!,
    ]);
    assert.equal(byPrompt.status, 0, byPrompt.stdout);
    assert.match(byPrompt.stdout, /^2 removed$/m, "the research answer and the research memo");
    const before = (await emulatorStats(stack)).research ?? 0;
    await waitAll(stack, [await submit(stack, { keyword: "home espresso machine" })]);
    assert.equal((await emulatorStats(stack)).research, before + 1, "research asked the LLM again");
  });

  test("a repeated request makes no upstream call; 50 keywords × 20 submissions hit ≥ 90 %", async () => {
    // A thousand workflows on a busy 2-core machine: a short ack wait would redeliver work
    // that is merely slow, which this test is not about.
    const stack = await startStack({ env: { ACTOR_CONCURRENCY: "64", ACK_WAIT_MS: "30000" } });
    stacks.push(stack);
    await stack.startActor("all");

    const first = await submit(stack, { keyword: "sourdough starter", language: "en" });
    await waitAll(stack, [first]);
    const before = await emulatorStats(stack);
    const again = await submit(stack, { keyword: "sourdough starter", language: "en" });
    const [repeat] = await waitAll(stack, [again]);
    assert.equal(repeat!.status, "completed");
    assert.deepEqual(await emulatorStats(stack), before, "zero upstream calls for the repeat");
    const stages = repeat!.stages as Stage[];
    assert.ok(
      stages.filter((s) => s.name !== "assemble").every((s) => s.memo || (s.cacheHits ?? 0) > 0),
      "every LLM stage answered from the cache",
    );

    // The repeat mix, all at once.
    const ids: string[] = [];
    const submissions = Array.from({ length: 1000 }, (_, i) => ({
      keyword: `keyword number ${i % 50}`,
      language: i % 2 ? "cs" : "en",
    }));
    for (let i = 0; i < submissions.length; i += 100) {
      ids.push(...(await Promise.all(submissions.slice(i, i + 100).map((s) => submit(stack, s)))));
    }
    const done = await waitAll(stack, ids, 240_000);
    let llmStages = 0;
    let served = 0;
    for (const w of done) {
      assert.equal(w.status, "completed");
      for (const s of (w.stages as Stage[]).filter((x) => x.name !== "assemble")) {
        llmStages++;
        if (s.memo || (s.cacheHits ?? 0) > 0) served++;
      }
    }
    const hitRate = served / llmStages;
    assert.ok(hitRate >= 0.9, `hit rate ${(hitRate * 100).toFixed(1)} %`);
    const upstream = Object.values(await emulatorStats(stack)).reduce((a, b) => a + b, 0);
    const beforeTotal = Object.values(before).reduce((a, b) => a + b, 0);
    // 50 distinct keywords × 2 languages share 50 (keyword, language) pairs × 5 LLM stages.
    assert.ok(
      upstream - beforeTotal <= 50 * 5,
      `${upstream - beforeTotal} upstream calls for 1000 workflows`,
    );
  });
});
