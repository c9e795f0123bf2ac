/**
 * The scenario report: every figure derived from a run's records (pure), and its Markdown.
 * JSON is the report object itself; the SVG chart is drawn from it too (svg-chart.ts), so a
 * saved JSON report can be re-rendered.
 */
import type { ScenarioOptions } from "./options.ts";
import type { ProcessRef, RunData, WorkflowRecord } from "./run-data.ts";
import { floorGrowth, type LatencySummary, peakOverlap, summarizeLatency } from "./stats.ts";
import { evaluateTargets, type TargetResult } from "./targets.ts";

export interface ProcessSummary {
  key: string;
  role: ProcessRef["role"];
  pid: number;
  stages?: string[];
  rssMb: { first: number; last: number; peak: number; mean: number } | null;
  /**
   * The rise of RSS floors after warm-up (the first quarter of its samples), MB per
   * wall-clock hour (see `floorGrowth`).
   */
  growthMbPerHour: number | null;
  /** Seconds of samples the growth is computed from. */
  growthWindowS: number;
  /** CPU seconds used during the drive. */
  cpuS: number;
  /** With --monitor-memory: [seconds since the first submit, RSS MB] per sample. */
  rssSeries?: Array<[number, number]>;
}

export interface TimelinePoint {
  /** Seconds since the first submit. */
  t: number;
  inFlight: number;
  target: number;
  /** Workflows ended by then. */
  ended: number;
  workers: Record<string, number>;
}

export interface ScenarioReport {
  scenario: ScenarioOptions["scenario"];
  command: string;
  startedAt: string;
  machine: string;
  cores: number;
  settings: {
    via: ScenarioOptions["via"];
    profile: string;
    timeScale: number;
    actors: ScenarioOptions["actors"];
    concurrent: number;
    workflows: number | null;
    durationS: number | null;
    rampUpS: number | null;
    monitorMemory: boolean;
    keywords: number;
  };
  /** First submit to the last end (or the end of the drain), seconds. */
  wallS: number;
  workflows: {
    submitted: number;
    completed: number;
    failed: number;
    cancelled: number;
    timeout: number;
    submitErrors: number;
    unfinished: number;
  };
  latencyMs: { endToEnd: LatencySummary; stages: Record<string, LatencySummary> };
  throughput: { perSecond: number; perHour: number };
  parallel: { target: number; peak: number };
  /** Workflows that ended badly ÷ those that ended; null if none ended. */
  errorRate: number | null;
  llm: {
    /** LLM calls the stages made, cache hits included. */
    calls: number;
    /** Of those, answered from the LLM cache. */
    cacheHits: number;
    /** Stages answered whole from the stage memo (no call at all). */
    memoStages: number;
    /** (cache hits + memo stages) ÷ (calls + memo stages): lookups the caches answered. */
    cacheHitRate: number | null;
    emulatorRequests: number | null;
    emulatorErrors: number | null;
  };
  processes: ProcessSummary[];
  cpu: { seconds: number; efficiency: number | null; msPerWorkflow: number | null };
  targets: TargetResult[];
  timeline: TimelinePoint[];
  /** Each workflow: seconds since the first submit, its end, its status. */
  runs: Array<{ id: string; status: WorkflowRecord["status"]; start: number; end: number | null }>;
  errors: Array<{ id: string; status: string; code: string; message: string }>;
}

/** The shortest stretch of samples (after warm-up) that RSS growth per hour is computed from. */
export const MIN_GROWTH_WINDOW_MS = 10_000;

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

function processSummary(ref: ProcessRef, data: RunData, keepSeries: boolean): ProcessSummary {
  const inDrive = data.samples.filter(
    (s) => s.at >= data.driveStartedAt - 1 && s.at <= data.driveEndedAt + 1 && s.processes[ref.key],
  );
  const pts = inDrive.map((s) => ({ at: s.at, ...s.processes[ref.key]! }));
  const rss = pts.map((p) => p.rssMb);
  const warm = pts.slice(Math.floor(pts.length / 4));
  // Under MIN_GROWTH_WINDOW_MS of samples an hourly rate says nothing: left out.
  const span = warm.length ? warm[warm.length - 1]!.at - warm[0]!.at : 0;
  const growth =
    span >= MIN_GROWTH_WINDOW_MS
      ? floorGrowth(warm.map((p) => ({ x: p.at / 3_600_000, y: p.rssMb })))
      : null;
  const cpuS = pts.length >= 2 ? Math.max(0, pts[pts.length - 1]!.cpuS - pts[0]!.cpuS) : 0;
  return {
    key: ref.key,
    role: ref.role,
    pid: ref.pid,
    ...(ref.stages ? { stages: ref.stages } : {}),
    rssMb: rss.length
      ? {
          first: rss[0]!,
          last: rss[rss.length - 1]!,
          peak: Math.max(...rss),
          mean: round(rss.reduce((a, b) => a + b, 0) / rss.length),
        }
      : null,
    growthMbPerHour: growth === null ? null : round(growth),
    growthWindowS: round(span / 1000),
    cpuS: round(cpuS, 2),
    ...(keepSeries
      ? {
          rssSeries: pts.map((p): [number, number] => [
            round((p.at - data.driveStartedAt) / 1000, 2),
            p.rssMb,
          ]),
        }
      : {}),
  };
}

/** The seed's flags of the run, as a command line. */
export function commandOf(o: ScenarioOptions): string {
  const parts = [`npm run ${o.scenario} --`];
  if (o.workflows !== null) parts.push(`--workflows ${o.workflows}`);
  if (o.durationS !== null) parts.push(`--duration ${o.durationS}`);
  if (o.rampUpS !== null) parts.push(`--ramp-up ${o.rampUpS}`);
  parts.push(`--concurrent ${o.concurrent}`);
  if (o.monitorMemory) parts.push("--monitor-memory");
  parts.push(`--via ${o.via}`, `--profile ${o.profile}`);
  if (o.timeScale !== 1) parts.push(`--time-scale ${o.timeScale}`);
  if (o.actors !== "supervisor") parts.push(`--actors ${o.actors}`);
  if (o.keywords) parts.push(`--keywords ${o.keywords}`);
  return parts.join(" ");
}

export function buildReport(o: ScenarioOptions, data: RunData): ScenarioReport {
  const recs = data.workflows;
  const count = (s: WorkflowRecord["status"]) => recs.filter((r) => r.status === s).length;
  const completed = recs.filter((r) => r.status === "completed");
  const endedCount = recs.filter((r) => r.status !== "unfinished").length;
  const bad = endedCount - completed.length;
  const e2e = completed.map((r) => r.endedAt! - r.submittedAt);
  const byStage: Record<string, number[]> = {};
  let calls = 0;
  let hits = 0;
  let memos = 0;
  for (const r of completed) {
    for (const s of r.stages) {
      const list = byStage[s.name];
      if (list) list.push(s.durationMs);
      else byStage[s.name] = [s.durationMs];
      calls += s.llmCalls;
      hits += s.cacheHits;
      if (s.memo) memos++;
    }
  }
  const stages: Record<string, LatencySummary> = {};
  for (const [name, values] of Object.entries(byStage)) stages[name] = summarizeLatency(values);
  const wallS = Math.max(0.001, (data.driveEndedAt - data.driveStartedAt) / 1000);
  const perSecond = completed.length / wallS;
  const processes = data.processes.map((p) => processSummary(p, data, o.monitorMemory));
  // The emulator stands in for a remote LLM: its CPU is not the stack's.
  const cpuSeconds = processes.filter((p) => p.role !== "emulator").reduce((s, p) => s + p.cpuS, 0);
  const ours = processes.filter((p) => ["gateway", "supervisor", "actor"].includes(p.role));
  const grown = ours
    .filter((p) => p.growthMbPerHour !== null)
    .sort((a, b) => b.growthMbPerHour! - a.growthMbPerHour!)[0];
  const workerPeaks = ours.filter((p) => p.role === "actor" && p.rssMb).map((p) => p.rssMb!.peak);
  const stageP95s = Object.values(stages)
    .map((s) => s.p95)
    .filter((v): v is number => v !== null);
  const e2eSummary = summarizeLatency(e2e);
  const peak = peakOverlap(
    recs
      .filter((r) => r.endedAt !== null && r.status !== "submit-error")
      .map((r) => ({ start: r.submittedAt, end: r.endedAt! })),
  );
  const errorRate = endedCount ? bad / endedCount : null;
  const cpuEfficiency = data.processes.length ? cpuSeconds / (wallS * data.cores) : null;
  const rel = (at: number) => round((at - data.driveStartedAt) / 1000, 2);
  const ends = recs
    .filter((r) => r.endedAt !== null)
    .map((r) => r.endedAt!)
    .sort((a, b) => a - b);
  let endIdx = 0;
  const timeline: TimelinePoint[] = data.samples
    .filter((s) => s.at >= data.driveStartedAt && s.at <= data.driveEndedAt + 1)
    .map((s) => {
      while (endIdx < ends.length && ends[endIdx]! <= s.at) endIdx++;
      return {
        t: rel(s.at),
        inFlight: s.inFlight,
        target: s.target,
        ended: endIdx,
        workers: s.workers,
      };
    });
  return {
    scenario: o.scenario,
    command: commandOf(o),
    startedAt: new Date(data.startedAt).toISOString(),
    machine: data.machine,
    cores: data.cores,
    settings: {
      via: o.via,
      profile: o.profile,
      timeScale: o.timeScale,
      actors: o.actors,
      concurrent: o.concurrent,
      workflows: o.workflows,
      durationS: o.durationS,
      rampUpS: o.rampUpS,
      monitorMemory: o.monitorMemory,
      keywords: o.keywords,
    },
    wallS: round(wallS, 2),
    workflows: {
      submitted: recs.length,
      completed: completed.length,
      failed: count("failed"),
      cancelled: count("cancelled"),
      timeout: count("timeout"),
      submitErrors: count("submit-error"),
      unfinished: count("unfinished"),
    },
    latencyMs: { endToEnd: e2eSummary, stages },
    throughput: { perSecond: round(perSecond, 3), perHour: round(perSecond * 3600, 0) },
    parallel: { target: o.concurrent, peak },
    errorRate,
    llm: {
      calls,
      cacheHits: hits,
      memoStages: memos,
      cacheHitRate: calls + memos ? (hits + memos) / (calls + memos) : null,
      emulatorRequests: data.llm?.requests ?? null,
      emulatorErrors: data.llm?.errors ?? null,
    },
    processes,
    cpu: {
      seconds: round(cpuSeconds, 2),
      efficiency: cpuEfficiency === null ? null : round(cpuEfficiency, 4),
      msPerWorkflow: completed.length ? round((cpuSeconds * 1000) / completed.length, 1) : null,
    },
    targets: evaluateTargets({
      timeScale: o.timeScale,
      peakParallel: peak,
      workflowsPerHour: perSecond * 3600,
      stageP95Ms: stageP95s.length ? Math.max(...stageP95s) : null,
      endToEndP95Ms: e2eSummary.p95,
      errorRate,
      maxGrowthMbPerHour: grown ? grown.growthMbPerHour : null,
      growthWindowS: grown ? grown.growthWindowS : null,
      maxWorkerRssMb: workerPeaks.length ? Math.max(...workerPeaks) : null,
      cpuEfficiency,
    }),
    timeline,
    runs: recs.map((r) => ({
      id: r.id,
      status: r.status,
      start: rel(r.submittedAt),
      end: r.endedAt === null ? null : rel(r.endedAt),
    })),
    errors: recs
      .filter((r) => r.error)
      .slice(0, 20)
      .map((r) => ({ id: r.id, status: r.status, code: r.error!.code, message: r.error!.message })),
  };
}

const ms = (v: number | null) =>
  v === null ? "–" : v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(0)} ms`;
const pct = (v: number | null) => (v === null ? "–" : `${(v * 100).toFixed(1)} %`);

export function renderMarkdown(r: ScenarioReport): string {
  const w = r.workflows;
  const lines: string[] = [
    `# seo-farm ${r.scenario}: ${w.completed}/${w.submitted} workflows completed in ${r.wallS} s`,
    "",
    `\`${r.command}\``,
    "",
    `${r.startedAt} · ${r.machine} · entry: ${r.settings.via} · emulator profile ${r.settings.profile}${r.settings.timeScale !== 1 ? ` × ${r.settings.timeScale}` : ""} · actors: ${r.settings.actors}`,
    "",
    "| measure | value |",
    "|---|---:|",
    `| workflows completed / failed / timed out / unfinished | ${w.completed} / ${w.failed + w.cancelled + w.submitErrors} / ${w.timeout} / ${w.unfinished} |`,
    `| throughput | ${r.throughput.perSecond.toFixed(2)} workflows/s = ${r.throughput.perHour} /hour |`,
    `| in parallel (aimed at / peak) | ${r.parallel.target} / ${r.parallel.peak} |`,
    `| error rate | ${pct(r.errorRate)} |`,
    `| LLM calls / cache hits / stages from the memo | ${r.llm.calls} / ${r.llm.cacheHits} / ${r.llm.memoStages} (hit rate ${pct(r.llm.cacheHitRate)}) |`,
    `| emulator requests / injected errors | ${r.llm.emulatorRequests ?? "–"} / ${r.llm.emulatorErrors ?? "–"} |`,
    `| CPU time of the stack, emulator left out / efficiency | ${r.cpu.seconds} s / ${pct(r.cpu.efficiency)} of ${r.cores} cores |`,
    `| CPU per completed workflow | ${r.cpu.msPerWorkflow ?? "–"} ms |`,
    "",
    "## Latency",
    "",
    "| | n | P50 | P95 | P99 | max |",
    "|---|---:|---:|---:|---:|---:|",
  ];
  const row = (name: string, s: LatencySummary) =>
    `| ${name} | ${s.count} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.p99)} | ${ms(s.max)} |`;
  lines.push(row("**end to end**", r.latencyMs.endToEnd));
  for (const [name, s] of Object.entries(r.latencyMs.stages)) lines.push(row(name, s));
  lines.push(
    "",
    "## Processes",
    "",
    "| process | pid | RSS first → last (peak) MB | growth MB/hour | CPU s |",
    "|---|---:|---:|---:|---:|",
  );
  for (const p of r.processes) {
    const rss = p.rssMb ? `${p.rssMb.first} → ${p.rssMb.last} (${p.rssMb.peak})` : "–";
    lines.push(`| ${p.key} | ${p.pid} | ${rss} | ${p.growthMbPerHour ?? "–"} | ${p.cpuS} |`);
  }
  lines.push("", "## Seed targets", "", "| target | aim | measured | |", "|---|---|---|---|");
  for (const t of r.targets) {
    const mark = t.pass === null ? "n/a" : t.pass ? "pass" : "FAIL";
    lines.push(`| ${t.name} | ${t.target} | ${t.measured} | ${mark} |`);
  }
  const notes = r.targets.filter((t) => t.note).map((t) => `- ${t.name}: ${t.note}`);
  if (notes.length) lines.push("", ...notes);
  if (r.errors.length) {
    lines.push("", "## Errors (first 20)", "");
    for (const e of r.errors) lines.push(`- \`${e.id}\` ${e.status} ${e.code}: ${e.message}`);
  }
  return `${lines.join("\n")}\n`;
}
