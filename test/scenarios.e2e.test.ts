/**
 * The seed's three load scenarios, short, as real child processes (`seo-farm loadtest |
 * stress | memtest`), each starting its own nats-server on a free port, the emulator, the
 * actors and the gateway. Checks the JSON reports; never the speed.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import type { ScenarioReport } from "../loadtest/scenarios/report.ts";
import { assertWellFormedXml } from "../loadtest/scenarios/test-fixtures.ts";
import { runCli } from "./helpers/stack.ts";

const dir = mkdtempSync(join(tmpdir(), "seo-farm-scenarios-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Never the shared server: an empty NATS_URL makes the command start its own. */
const ENV = { NATS_URL: "", LOG_LEVEL: "error" };

async function run(
  args: string[],
): Promise<{ report: ScenarioReport; stdout: string; ms: number }> {
  const json = join(dir, `${args[0]}.json`);
  const t0 = Date.now();
  const r = await runCli([...args, "--json", json], ENV);
  const ms = Date.now() - t0;
  assert.equal(r.status, 0, `exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  return { report: JSON.parse(readFileSync(json, "utf8")) as ScenarioReport, stdout: r.stdout, ms };
}

function assertOrdered(s: ScenarioReport["latencyMs"]["endToEnd"], what: string): void {
  assert.ok(s.count > 0, `${what}: samples`);
  assert.ok(
    s.min! <= s.p50! && s.p50! <= s.p95! && s.p95! <= s.p99! && s.p99! <= s.max!,
    `${what}: ordered ${JSON.stringify(s)}`,
  );
}

function assertRssSampled(r: ScenarioReport, roles: string[]): void {
  for (const role of roles) {
    const ps = r.processes.filter((p) => p.role === role);
    assert.ok(ps.length > 0, `a ${role} process is listed`);
    for (const p of ps) assert.ok(p.rssMb && p.rssMb.peak > 0, `${p.key} has RSS samples`);
  }
}

describe("load scenarios, end to end", { concurrency: 1 }, () => {
  test("loadtest runs every workflow through the gateway and reports percentiles", async () => {
    const { report: r, stdout } = await run([
      "loadtest",
      "--workflows",
      "4",
      "--concurrent",
      "2",
      "--profile",
      "fast",
      "--actors",
      "all",
      "--markdown",
      join(dir, "loadtest.md"),
    ]);
    assert.equal(r.workflows.submitted, 4);
    assert.equal(r.workflows.completed, 4, JSON.stringify(r.errors));
    assert.equal(r.errorRate, 0);
    assertOrdered(r.latencyMs.endToEnd, "end to end");
    assert.deepEqual(Object.keys(r.latencyMs.stages), [
      "research",
      "outline",
      "draft",
      "optimise",
      "review",
      "assemble",
    ]);
    for (const [name, s] of Object.entries(r.latencyMs.stages)) assertOrdered(s, name);
    assert.ok(r.llm.calls >= 4 * 5, "the LLM stages called the emulator");
    assert.equal(r.llm.emulatorRequests, r.llm.calls, "distinct keywords: no cache hits");
    assert.equal(r.llm.cacheHitRate, 0);
    assertRssSampled(r, ["nats-server", "emulator", "gateway", "actor"]);
    assert.ok(r.targets.length >= 8);
    assert.match(stdout, /# seo-farm loadtest: 4\/4 workflows completed/);
    assert.match(readFileSync(join(dir, "loadtest.md"), "utf8"), /## Seed targets/);
  });

  test("stress ramps up through NATS with a supervisor and ends by itself near its duration", async () => {
    const { report: r, ms } = await run([
      "stress",
      "--duration",
      "8",
      "--ramp-up",
      "3",
      "--concurrent",
      "4",
      "--via",
      "nats",
      "--profile",
      "fast",
      "--drain",
      "20",
      "--chart",
      join(dir, "stress.svg"),
    ]);
    assert.ok(r.wallS >= 7.5, `ran its duration (${r.wallS} s)`);
    assert.ok(r.wallS <= 8 + 20 + 5, `stopped after its drain at the latest (${r.wallS} s)`);
    assert.ok(ms < 120_000, `the whole command ended by itself (${ms} ms)`);
    assert.ok(r.workflows.completed > 0);
    assert.equal(r.workflows.failed + r.workflows.timeout + r.workflows.submitErrors, 0);
    assertOrdered(r.latencyMs.endToEnd, "end to end");
    const targets = r.timeline.map((p) => p.target).filter((t) => t > 0);
    assert.ok(targets[0]! < 4, `starts below the peak (${targets.join(",")})`);
    assert.equal(Math.max(...targets), 4, "climbs to the peak");
    for (let i = 1; i < targets.length; i++) {
      assert.ok(targets[i]! >= targets[i - 1]!, `never goes down (${targets.join(",")})`);
    }
    assert.ok(
      r.timeline.some((p) => (p.workers.research ?? 0) >= 1),
      "workers per stage sampled",
    );
    assertRssSampled(r, ["nats-server", "emulator", "supervisor", "actor"]);
    assertWellFormedXml(readFileSync(join(dir, "stress.svg"), "utf8"));
  });

  test("memtest with --monitor-memory keeps each process's RSS series", async () => {
    const { report: r } = await run([
      "memtest",
      "--workflows",
      "10",
      "--monitor-memory",
      "--profile",
      "realistic",
      "--time-scale",
      "0.005",
      "--concurrent",
      "4",
      "--actors",
      "all",
      "--chart",
      join(dir, "memtest.svg"),
    ]);
    assert.equal(r.workflows.completed, 10, JSON.stringify(r.errors));
    assertOrdered(r.latencyMs.endToEnd, "end to end");
    assertRssSampled(r, ["gateway", "actor"]);
    const actor = r.processes.find((p) => p.role === "actor")!;
    assert.ok((actor.rssSeries?.length ?? 0) >= 3, "an RSS series per process");
    assert.ok(
      r.targets.some((t) => t.target === "< 75 ms"),
      "latency target × 0.005",
    );
    const svg = readFileSync(join(dir, "memtest.svg"), "utf8");
    assertWellFormedXml(svg);
    assert.match(svg, /RSS per process/);
  });
});
