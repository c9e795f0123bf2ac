/**
 * Actors and the supervisor on Deno, over real parts: a Deno supervisor keeps one Deno
 * actor per stage, workflows complete through them, and SIGTERM drains everything; a Node
 * and a Deno actor serving the same stages share the work. In the first test the gateway
 * runs on Deno too, so the whole workflow path is on Deno.
 */
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { after, describe, test } from "node:test";
import { type ActorAnnouncement, ActorsRegistry, countByStage } from "../core/actors-registry.ts";
import { assertCompleteArticle } from "./helpers/article.ts";
import { isDenoProcess, startDenoProcess } from "./helpers/deno.ts";
import {
  runCli,
  startStack,
  stopChild,
  submitWorkflow,
  type TestStack,
  waitFor,
  waitForWorkflows,
} from "./helpers/stack.ts";

const STAGES = [
  "intake",
  "research",
  "outline",
  "draft",
  "optimise",
  "review",
  "assemble",
  "publish",
  "import",
];

async function announced(stack: TestStack, maxAgeMs = 10_000): Promise<ActorAnnouncement[]> {
  return await (await ActorsRegistry.open(stack.nc)).list(maxAgeMs);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stage runs that succeeded, as an actor's `/metrics` counts them (`seo_farm_stage_duration_seconds`). */
async function stageRunsOf(a: ActorAnnouncement): Promise<number> {
  assert.ok(a.metricsTarget, `actor ${a.id} announces its /metrics`);
  const res = await fetch(`http://${a.metricsTarget}/metrics`);
  assert.equal(res.status, 200);
  const text = await res.text();
  let runs = 0;
  for (const m of text.matchAll(
    /^seo_farm_stage_duration_seconds_count\{[^}]*outcome="ok"[^}]*\} (\d+)$/gm,
  )) {
    runs += Number(m[1]);
  }
  return runs;
}

async function exitOf(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  return await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no exit within ${timeoutMs} ms`)), timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe("Deno runtime", () => {
  const cleanups: Array<() => Promise<void>> = [];
  after(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  test("all on Deno — gateway, supervisor and its actors: workflows complete; SIGTERM drains them all", async () => {
    const stack = await startStack({
      env: { ACTOR_CONCURRENCY: "4", LLM_CACHE: "off" },
      gatewayRuntime: "deno",
    });
    assert.ok(isDenoProcess(stack.gateway!.pid!), "the gateway runs on Deno");
    const spawned = new Set<number>();
    cleanups.push(async () => {
      // Whatever outlived the test (its actors included) goes before the stack does.
      for (const pid of spawned) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
      await stack.stop();
    });
    const supervisor = await startDenoProcess("supervisor/main-deno.ts", [], {
      ...stack.env,
      SUPERVISOR_POLL_MS: "500",
      // One actor per stage throughout, so each one's counters tell what it did.
      SCALE_MAX_PER_STAGE: "1",
    });
    spawned.add(supervisor.pid!);
    cleanups.push(() => stopChild(supervisor, 30_000));

    const actors = await waitFor(
      "one Deno actor per stage",
      async () => {
        const list = await announced(stack);
        const c = countByStage(list);
        return STAGES.every((s) => c[s] === 1) ? list : undefined;
      },
      120_000,
      500,
    );
    for (const a of actors) spawned.add(a.pid!);

    // seo-farm ps (on Node) shows them, announced as Deno and running the Deno binary.
    const ps = await runCli(["ps", "--json"], stack.env);
    assert.equal(ps.status, 0, ps.stderr);
    const listed = JSON.parse(ps.stdout) as ActorAnnouncement[];
    assert.deepEqual(listed.flatMap((a) => a.stages).sort(), [...STAGES].sort());
    for (const a of listed) {
      assert.equal(a.runtime, "deno", `${a.stages.join(",")} runs on ${a.runtime}`);
      assert.ok(a.pid !== undefined && isDenoProcess(a.pid), `pid ${a.pid} is a deno process`);
      assert.ok((a.rssMb ?? 0) > 0, "its memory is announced");
    }

    const keywords = Array.from({ length: 6 }, (_, i) => `deno keyword ${i}`);
    const ids = await Promise.all(
      keywords.map((keyword) => submitWorkflow(stack, { keyword, wordCount: 400 })),
    );
    const done = await waitForWorkflows(stack, ids, 120_000);
    done.forEach((w, i) => {
      assertCompleteArticle(w, keywords[i]!);
    });
    // Each stage actor counted its runs on its /metrics (Deno.serve).
    const research = (await announced(stack)).find((a) => a.stages.includes("research"))!;
    assert.equal(await stageRunsOf(research), keywords.length);

    // SIGTERM while research calls are in flight: the actors finish them and exit, then the
    // supervisor exits 0, and no announcement is left behind.
    await fetch(`${stack.emulatorBase}/_emulator/config`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ tasks: { research: { latencyMs: 2_000 } } }),
    });
    const before = (
      (await (await fetch(`${stack.emulatorBase}/_emulator/stats`)).json()) as {
        byTask: Record<string, number>;
      }
    ).byTask.research!;
    const held = await Promise.all(
      [0, 1, 2].map((i) => submitWorkflow(stack, { keyword: `drained keyword ${i}` })),
    );
    await waitFor("3 research calls in flight", async () => {
      const s = (await (await fetch(`${stack.emulatorBase}/_emulator/stats`)).json()) as {
        byTask: Record<string, number>;
      };
      return (s.byTask.research ?? 0) >= before + 3 ? true : undefined;
    });
    supervisor.kill("SIGTERM");
    assert.equal(await exitOf(supervisor, 60_000), 0, "the supervisor exits 0");
    for (const a of actors) assert.equal(alive(a.pid!), false, `actor ${a.pid} has exited`);
    assert.deepEqual(await announced(stack), [], "every actor withdrew its announcement");
    for (const id of held) {
      const w = (await (await fetch(`${stack.gateway!.url}/v1/workflows/${id}`)).json()) as {
        stages: Array<{ name: string; status: string; attempt?: number }>;
      };
      const r = w.stages.find((s) => s.name === "research")!;
      assert.equal(r.status, "done", `${id}: the held research call finished before the exit`);
      assert.equal(r.attempt, 1, `${id}: delivered once, nothing handed back`);
    }
  });

  test("Node and Deno actors on the same stages both do the work; 20 workflows complete", async () => {
    const stack = await startStack({ env: { ACTOR_CONCURRENCY: "2", LLM_CACHE: "off" } });
    cleanups.push(() => stack.stop());
    // Each call takes a moment, so a process with both its slots busy leaves work to the other.
    await fetch(`${stack.emulatorBase}/_emulator/config`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ latencyMs: 100 }),
    });
    const node = await stack.startActor("all");
    const deno = await startDenoProcess("actors/main-deno.ts", ["--all"], stack.env);
    stack.actors.push(deno);
    assert.ok(isDenoProcess(deno.pid!), "the second actor runs on Deno");
    assert.equal(isDenoProcess(node.pid!), false, "the first actor runs on Node");

    const keywords = Array.from({ length: 20 }, (_, i) => `mixed keyword ${i}`);
    const ids = await Promise.all(
      keywords.map((keyword) => submitWorkflow(stack, { keyword, wordCount: 300 })),
    );
    const done = await waitForWorkflows(stack, ids, 120_000);
    done.forEach((w, i) => {
      assertCompleteArticle(w, keywords[i]!);
    });

    const list = await announced(stack);
    const byPid = (pid: number) => list.find((a) => a.pid === pid);
    assert.equal(byPid(node.pid!)?.runtime, "node");
    assert.equal(byPid(deno.pid!)?.runtime, "deno");
    const nodeRuns = await stageRunsOf(byPid(node.pid!)!);
    const denoRuns = await stageRunsOf(byPid(deno.pid!)!);
    assert.ok(nodeRuns > 0, `the Node actor ran ${nodeRuns} stages`);
    assert.ok(denoRuns > 0, `the Deno actor ran ${denoRuns} stages`);
    assert.equal(nodeRuns + denoRuns, 20 * 6, "every stage of every workflow ran once");

    // Both drain on SIGTERM and exit 0.
    const exits = [exitOf(node, 30_000), exitOf(deno, 30_000)];
    node.kill("SIGTERM");
    deno.kill("SIGTERM");
    assert.deepEqual(await Promise.all(exits), [0, 0]);
  });
});
