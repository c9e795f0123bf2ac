import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseScenarioOptions } from "./options.ts";
import { buildReport, renderMarkdown, type ScenarioReport } from "./report.ts";
import { evaluateTargets } from "./targets.ts";
import { STAGES, syntheticRun } from "./test-fixtures.ts";

describe("scenario report", () => {
  const o = parseScenarioOptions("loadtest", { workflows: "20", concurrent: "4" });
  const r: ScenarioReport = buildReport(o, syntheticRun(20));

  test("counts workflows, errors and cache hits from the records", () => {
    assert.equal(r.workflows.submitted, 20);
    assert.equal(r.workflows.completed, 19);
    assert.equal(r.workflows.failed, 1);
    assert.equal(r.errorRate, 1 / 20);
    assert.equal(r.llm.calls, 19 * 3 - 10, "only completed workflows' stages are counted");
    assert.equal(r.llm.cacheHits, 19);
    assert.equal(r.llm.memoStages, 10);
    assert.equal(r.llm.cacheHitRate, (19 + 10) / (47 + 10), "memo stages count as hits");
    assert.equal(r.errors[0]?.code, "LLM_ERROR");
  });

  test("gives end-to-end and per-stage percentiles, in order", () => {
    const e2e = r.latencyMs.endToEnd;
    assert.equal(e2e.count, 19);
    assert.equal(e2e.min, 1001);
    assert.ok(e2e.p50! <= e2e.p95! && e2e.p95! <= e2e.p99!);
    assert.deepEqual(Object.keys(r.latencyMs.stages), STAGES);
    assert.equal(r.latencyMs.stages.draft?.min, 301);
  });

  test("throughput, parallelism, memory growth and CPU come from the samples", () => {
    assert.equal(r.wallS, 100);
    assert.equal(r.throughput.perHour, Math.round((19 / 100) * 3600));
    assert.ok(r.parallel.peak >= 10, `1 s workflows every 100 ms overlap (${r.parallel.peak})`);
    const actor = r.processes.find((p) => p.role === "actor")!;
    assert.equal(actor.rssMb?.peak, 60);
    assert.equal(actor.growthMbPerHour, 360, "0.1 MB/s is 360 MB/hour");
    assert.equal(r.processes.find((p) => p.role === "gateway")?.growthMbPerHour, 0);
    assert.equal(r.cpu.seconds, 30);
    assert.equal(r.cpu.efficiency, 30 / (100 * 2));
    assert.equal(r.timeline.length, 101);
    assert.equal(r.timeline.at(-1)?.ended, 20);
    assert.equal(actor.rssSeries, undefined, "series only with --monitor-memory");
  });

  test("a run too short for an hourly rate reports no memory growth", () => {
    const short = buildReport(o, syntheticRun(5, { seconds: 6 }));
    assert.equal(short.processes[1]?.growthMbPerHour, null);
    assert.equal(short.targets.find((t) => t.name === "memory growth")?.pass, null);
    const minute = buildReport(o, syntheticRun(5, { seconds: 60 }));
    const growth = minute.targets.find((t) => t.name === "memory growth")!;
    assert.equal(minute.processes[1]?.growthMbPerHour, 360, "shown");
    assert.equal(growth.pass, null, "but 45 s after warm-up is not judged");
    assert.match(growth.measured, /360\.0 MB\/hour over 45 s/);
  });

  test("judges the seed's targets", () => {
    const by = Object.fromEntries(r.targets.map((t) => [t.name, t.pass]));
    assert.equal(by["workflows in parallel"], true);
    assert.equal(by["throughput"], true);
    assert.equal(by["error rate"], false, "5 % errors");
    assert.equal(by["memory growth"], null, "75 s after warm-up is too short to judge");
    const long = buildReport(o, syntheticRun(20, { seconds: 200 }));
    const growth = long.targets.find((t) => t.name === "memory growth")!;
    assert.equal(growth.pass, false, "360 MB/hour over 150 s");
    assert.match(growth.measured, /3[56]\d\.\d MB\/hour over 150 s/);
    assert.equal(by["memory per worker"], true, "60 MB < 80 MB");
    assert.equal(by["CPU efficiency"], false);
  });

  test("a time-scaled run scales the latency targets and its throughput back", () => {
    const base = {
      peakParallel: 4,
      stageP95Ms: 200,
      endToEndP95Ms: 1000,
      errorRate: 0,
      maxGrowthMbPerHour: 1,
      growthWindowS: 600,
      maxWorkerRssMb: 50,
      cpuEfficiency: 0.5,
    };
    const scaled = evaluateTargets({ ...base, timeScale: 0.01, workflowsPerHour: 6000 });
    const stage = scaled.find((t) => t.name.startsWith("P95"))!;
    assert.equal(stage.target, "< 150 ms");
    assert.equal(stage.pass, false, "200 ms > 15 s × 0.01");
    assert.equal(scaled.find((t) => t.name === "throughput")?.pass, true, "6000 × 0.01 = 60/hour");
    const slow = evaluateTargets({ ...base, timeScale: 0.01, workflowsPerHour: 4000 });
    assert.equal(slow.find((t) => t.name === "throughput")?.pass, false, "40/hour scaled back");
    const real = evaluateTargets({ ...base, timeScale: 1, workflowsPerHour: 60 });
    assert.equal(real.find((t) => t.name.startsWith("P95"))?.pass, true);
  });

  test("renders Markdown with every section", () => {
    const md = renderMarkdown(r);
    assert.match(md, /^# seo-farm loadtest: 19\/20 workflows completed in 100 s/);
    assert.match(
      md,
      /`npm run loadtest -- --workflows 20 --concurrent 4 --via gateway --profile fast`/,
    );
    assert.match(md, /\| \*\*end to end\*\* \| 19 \| /);
    assert.match(md, /\| draft \| 19 \| /);
    assert.match(md, /\| actor:research#2 \| 2 \| 50 → 60 \(60\) \| 360 \| 20 \|/);
    assert.match(md, /\| error rate \| < 1 % \| 5\.00 % \| FAIL \|/);
    assert.match(md, /- `w0` failed LLM_ERROR: boom <&>/);
  });
});
