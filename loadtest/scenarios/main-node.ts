/**
 * `seo-farm loadtest | stress | memtest` (npm run loadtest / stress / memtest): the seed's
 * three load scenarios against the real stack, with a progress bar and a report as text,
 * JSON, Markdown and an SVG chart.
 */
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import process from "node:process";
import { parseArgs } from "node:util";
import { drive } from "./driver.ts";
import { GatewayEntry, NatsEntry, watchWorkflowEnds } from "./entries.ts";
import { ProcessSampler } from "./node-sampler.ts";
import { launchStack } from "./node-stack.ts";
import {
  keywordOf,
  parseScenarioOptions,
  SCENARIO_FLAGS,
  type ScenarioName,
  type ScenarioOptions,
  targetConcurrency,
} from "./options.ts";
import { progressBar, progressText } from "./progress.ts";
import { buildReport, renderMarkdown } from "./report.ts";
import type { RunData } from "./run-data.ts";
import { renderSvgChart } from "./svg-chart.ts";

const COMMON_USAGE = `Entry and stack:
  --via gateway|nats      submit with POST /v1/workflows (default) or publish to seo.submit
  --profile NAME          the LLM emulator's latency profile: zero | fast (default) |
                          realistic (10–20 s a call) | long-tail (≈6 s, some 30 s+, 2 % errors)
  --time-scale X          multiply the emulator's latencies, e.g. 0.01 (default 1); latency
                          targets are scaled the same way in the report
  --actors MODE           supervisor (default: scaled by lag) | per-stage (one process each)
                          | all (one process for every stage) | none (already running)
  --actor-concurrency N   ACTOR_CONCURRENCY of the actors started (default 8)
  --nats-url URL          use this nats-server (also NATS_URL) instead of starting one
  --gateway-url URL       use this gateway instead of starting one (sends SEO_FARM_API_KEY)
  --emulator-url URL      use this emulator (its /v1 URL) instead of starting one
  --keywords N            cycle through N keywords (cache hits); default: all distinct
  --language L            the requests' language (default en)
  --timeout S             a workflow not ended after S seconds fails (default 600)
  --sample-ms N           resource sampling interval (default 1000, 250 with --monitor-memory)
Output:
  --json FILE             the whole report as JSON
  --markdown FILE         the report as Markdown (also printed)
  --chart FILE            an SVG chart: latency, throughput, in flight, workers per stage
  -h, --help              this help
Set SEO_FARM_KEEP_LOGS=1 to keep the started processes' logs (their folder is printed).`;

export const SCENARIO_USAGE: Record<ScenarioName, string> = {
  loadtest: `Usage: npm run loadtest -- [--workflows 10] [--concurrent 3] [options]

Runs --workflows workflows, at most --concurrent at once, through the real stack and
reports end-to-end and per-stage P50/P95/P99, throughput, error rate, cache hit rate, RSS
and CPU per process, against the seed's targets.

${COMMON_USAGE}`,
  stress: `Usage: npm run stress -- [--duration 300] [--ramp-up 60] [--concurrent 16] [options]

Keeps workflows in flight for --duration seconds, the concurrency climbing from 1 to
--concurrent over the first --ramp-up seconds, then holding; stops submitting at the
duration, waits up to --drain seconds (default 30) for those in flight, and reports (the
rest count as unfinished, not failed).

${COMMON_USAGE}`,
  memtest: `Usage: npm run memtest -- [--workflows 100] [--monitor-memory] [--concurrent 4] [options]

Runs --workflows workflows and watches the processes' memory: RSS per process, its peak
and its growth per hour (a least-squares slope after the first quarter of the run).
--monitor-memory samples every 250 ms and puts each process's RSS series in the JSON
report and the chart.

${COMMON_USAGE}`,
};

function machine(): string {
  return `${cpus().length} × ${cpus()[0]?.model?.trim() ?? "?"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
}

export async function runScenarioCommand(scenario: ScenarioName, argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: SCENARIO_FLAGS, strict: true });
  if (values.help) {
    console.log(SCENARIO_USAGE[scenario]);
    return 0;
  }
  const o = parseScenarioOptions(scenario, values, process.env);
  return await runScenario(o);
}

export async function runScenario(o: ScenarioOptions): Promise<number> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const tty = process.stderr.isTTY === true;
  const abort = new AbortController();
  const onSignal = () => {
    log("\nstopping: no new workflows; the report covers what ran");
    abort.abort();
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const startedAt = Date.now();
  log(`seo-farm ${o.scenario} — ${machine()}`);
  const stack = await launchStack(o, log);
  let data: RunData;
  try {
    if (process.env.SEO_FARM_KEEP_LOGS) log(`Logs: ${stack.logDir}`);
    if (stack.emulatorBase) {
      // Count only this run's LLM requests.
      await fetch(`${stack.emulatorBase}/_emulator/reset`, { method: "POST" })
        .then((r) => r.body?.cancel())
        .catch(() => {});
    }
    const apiKey = process.env.SEO_FARM_API_KEY;
    const entry =
      o.via === "gateway"
        ? new GatewayEntry(stack.gatewayUrl!, apiKey ? { Authorization: `Bearer ${apiKey}` } : {})
        : await NatsEntry.open(stack.nc);
    const runId = `${o.scenario.slice(0, 2)}${Date.now().toString(36)}`;
    let live = { inFlight: 0, target: 0 };
    const sampler = new ProcessSampler(stack, () => live, o.sampleMs);
    sampler.start();
    let lastLine = 0;
    const what =
      o.workflows !== null
        ? `${o.workflows} workflows, at most ${o.concurrent} at once`
        : `${o.durationS} s, ramping from 1 to ${o.concurrent} in flight over ${o.rampUpS} s`;
    log(`\nRunning ${what} (entry: ${o.via}, run id ${runId})`);
    const result = await drive({
      entry,
      states: entry,
      watchEnds: (cb) => watchWorkflowEnds(stack.nc, cb),
      requestOf: (n) => ({
        id: `${runId}-${n}`,
        keyword: keywordOf(o, n, runId),
        language: o.language,
      }),
      total: o.workflows,
      stopAfterMs: o.durationS === null ? null : o.durationS * 1000,
      concurrencyAt: (ms) => targetConcurrency(o, ms),
      timeoutMs: o.timeoutS * 1000,
      drainMs: o.drainS * 1000,
      signal: abort.signal,
      onProgress: (p) => {
        live = { inFlight: p.inFlight, target: p.target };
        if (tty) process.stderr.write(`\r${progressBar(p, process.stderr.columns ?? 100)}\x1b[K`);
        else if (Date.now() - lastLine >= 5_000) {
          lastLine = Date.now();
          log(`progress: ${progressText(p)}`);
        }
      },
    });
    if (tty) process.stderr.write("\n");
    else
      log(
        `done: ${result.records.filter((r) => r.status === "completed").length}/${result.records.length} completed in ${((result.endedAt - result.startedAt) / 1000).toFixed(1)} s`,
      );
    live = { inFlight: 0, target: 0 };
    await sampler.stop();
    const dead = stack.casualties();
    if (dead.length) log(`\nprocesses that died during the run:\n  ${dead.join("\n  ")}`);
    let llm: RunData["llm"] = null;
    if (stack.emulatorBase) {
      try {
        const s = (await (await fetch(`${stack.emulatorBase}/_emulator/stats`)).json()) as {
          requests: number;
          errors: number;
        };
        llm = { requests: s.requests, errors: s.errors };
      } catch {
        // an emulator we cannot read: no LLM counters in the report
      }
    }
    data = {
      startedAt,
      endedAt: Date.now(),
      driveStartedAt: result.startedAt,
      driveEndedAt: result.endedAt,
      workflows: result.records,
      samples: sampler.samples,
      processes: [...sampler.processes.values()],
      llm,
      cores: cpus().length,
      machine: machine(),
    };
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    log("Stopping the stack…");
    await stack.stop();
  }
  const report = buildReport(o, data);
  const markdown = renderMarkdown(report);
  console.log(`\n${markdown}`);
  if (o.json) writeFileSync(o.json, `${JSON.stringify(report, null, 2)}\n`);
  if (o.markdown) writeFileSync(o.markdown, markdown);
  if (o.chart) writeFileSync(o.chart, renderSvgChart(report));
  const written = [o.json, o.markdown, o.chart].filter(Boolean);
  if (written.length) log(`Wrote ${written.join(", ")}`);
  return 0;
}
