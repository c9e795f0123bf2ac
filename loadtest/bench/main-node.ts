/**
 * `npm run bench`: the engine's ceiling against the raw JetStream chain, measured in one run
 * on a nats-server it starts itself. Prints medians of several rounds and their ratio.
 */
import { execFileSync } from "node:child_process";
import { cpus, totalmem } from "node:os";
import process from "node:process";
import { parseArgs } from "node:util";
import { loadPipelineFiles } from "../../actors/node-pipeline-files.ts";
import { stageNamesOf } from "../../actors/pipeline-loader.ts";
import { parseConfig } from "../../core/config.ts";
import { connectNats } from "../../core/nats/node-connect.ts";
import { PipelineRegistry } from "../../core/pipeline-registry.ts";
import { installNodeMetrics } from "../../core/telemetry/node-metrics.ts";
import { ensureTopology } from "../../core/topology.ts";
import { startNatsServer } from "../../test/helpers/nats-server.ts";
import { EMULATOR_PROFILES } from "../llm-emulator/latency.ts";
import { type RunningEmulator, startEmulator } from "../llm-emulator/node.ts";
import { CannedLlm } from "./canned-llm.ts";
import type { BenchContext } from "./context.ts";
import { runEngine } from "./engine.ts";
import { runEngineSection } from "./engine-section.ts";
import { runHopSection } from "./hop-bench.ts";
import { runLlmBench } from "./llm-bench.ts";
import { runLlmBoundSection } from "./llm-bound-bench.ts";
import { type EmulatorProcess, startEmulatorProcess } from "./node-emulator-process.ts";
import { hasWrk, runHttpBench } from "./node-http-bench.ts";
import { runPeerSection } from "./node-peer-bench.ts";
import { runRuntimeBench } from "./node-runtime-bench.ts";
import { runTracingBench, tracingRatio } from "./node-tracing-bench.ts";
import { runRepeatSection } from "./repeat-bench.ts";
import { runScaleBench } from "./scale-bench.ts";
import { runSdkSection } from "./sdk-bench.ts";
import { median } from "./stats.ts";

export const BENCH_USAGE = `Usage: npm run bench -- [--workflows 2000] [--window 200] [--rounds 3] [--concurrency 64]
                         [--only engine,peer,hop,sdk,llmbound,repeat,tracing,http,llm,scale,runtimes]
                         [--llm-workflows 400] [--llm-concurrency 8] [--time-scale 0.01]
                         [--scale-rounds 5]
A quick run: npm run bench -- --workflows 200 --rounds 1 --llm-workflows 50

Measures, on a nats-server it starts itself (nothing else should be busy), each section
against a baseline measured in the same run:
  engine    six-stage seo-article workflows through seo.submit and the real actor runtime,
            with an in-process canned LLM (zero cost), so the figure is the engine's own,
            against the raw JetStream ceiling (a six-hop chain: publish next + ack, no
            pipeline code); medians of --rounds rounds and the engine/raw ratio
  peer      the same pipeline on BullMQ with Redis at REDIS_URL (default
            redis://127.0.0.1:6379): a Queue and a Worker per stage, the engine's assistants
            with the same canned LLM, the workflow state in Redis with a Lua compare-and-set
            per stage, events as Redis PUBLISH; and a bare six-queue BullMQ chain next to the
            raw JetStream chain. Throughput and p50/p99 ratios, rounds interleaved. Without a
            Redis it prints "peer skipped: no Redis at <url> (set REDIS_URL)" and goes on
  hop       per-hop publish → fetch → handler start → ack p50/p99 with submissions paced at
            half the engine's measured peak, observed from outside the actor (copies of the
            deliveries and acks, the server's store timestamps); the raw chain at the same
            rate is the baseline
  sdk       the engine through the router and the OpenAI/Anthropic SDKs against the LLM
            emulator over HTTP at zero latency, next to the canned stand-in
  llmbound  the emulator's realistic profile (10–20 s) × --time-scale, one provider with
            --llm-concurrency slots, --llm-workflows workflows: workflows/hour against the
            theoretical limit (concurrency ÷ mean call time ÷ LLM calls per workflow), and
            scaled back to real time
  repeat    the same keywords twice with the LLM cache and stage memo on: workflows/s of
            the second pass (every stage a hit) against the cache off
  tracing   the engine with tracing off and on (every span exported over OTLP/HTTP to a
            local sink), rounds alternating
  http      the gateway's get-status and create with wrk (Debian's package) against a bare
            Hono handler on the same runtime
  llm       against the emulator at zero latency: a direct OpenAI SDK call, the same call
            through the router, a cache miss and a cache hit (p50/p99, ratios to direct)
  scale     the supervisor's reaction time over --scale-rounds rounds: from a stage's lag
            crossing the threshold to a new actor process fetching
  runtimes  one Deno actor and one Node actor in turn (actor --all, emulator at zero
            latency): throughput and memory
--workflows and --window size the engine, peer, hop, sdk and repeat runs (--window is the
most workflows in flight); --concurrency is ACTOR_CONCURRENCY (and the BullMQ workers').
Each section says which LLM it uses. Metrics are on throughout, as in every seo-farm process.`;

/** A positive number flag, or a RangeError naming the flag and its value. */
function positive(flag: string, value: string, integer = true): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new RangeError(
      `--${flag} must be a positive ${integer ? "integer" : "number"} (got "${value}")`,
    );
  }
  return n;
}

/** Every section, in the order they run. */
export const ALL_SECTIONS = [
  "engine",
  "peer",
  "hop",
  "sdk",
  "llmbound",
  "repeat",
  "tracing",
  "http",
  "llm",
  "scale",
  "runtimes",
] as const;

function machine(): string {
  let nats = "nats-server ?";
  try {
    nats = execFileSync(process.env.NATS_SERVER_BIN ?? "nats-server", ["--version"], {
      encoding: "utf8",
    }).trim();
  } catch {
    // reported as unknown
  }
  return `${cpus().length} × ${cpus()[0]?.model ?? "?"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${nats}`;
}

export async function runBenchCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      workflows: { type: "string", default: "2000" },
      window: { type: "string", default: "200" },
      rounds: { type: "string", default: "3" },
      concurrency: { type: "string", default: "64" },
      "scale-rounds": { type: "string", default: "5" },
      "llm-workflows": { type: "string", default: "400" },
      "llm-concurrency": { type: "string", default: "8" },
      "time-scale": { type: "string", default: "0.01" },
      only: { type: "string", default: ALL_SECTIONS.join(",") },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(BENCH_USAGE);
    return 0;
  }
  let workflows: number;
  let window: number;
  let rounds: number;
  let llmWorkflows: number;
  let llmConcurrency: number;
  let timeScale: number;
  try {
    workflows = positive("workflows", values.workflows);
    window = positive("window", values.window);
    rounds = positive("rounds", values.rounds);
    llmWorkflows = positive("llm-workflows", values["llm-workflows"]);
    llmConcurrency = positive("llm-concurrency", values["llm-concurrency"]);
    timeScale = positive("time-scale", values["time-scale"], false);
  } catch (err) {
    console.error(`seo-farm bench: ${(err as Error).message}`);
    return 2;
  }
  const config = parseConfig({ ACTOR_CONCURRENCY: values.concurrency, LOG_LEVEL: "error" });
  const only = new Set(values.only.split(",").map((s) => s.trim()));
  const unknown = [...only].filter((s) => !(ALL_SECTIONS as readonly string[]).includes(s));
  if (unknown.length > 0) {
    console.error(
      `--only: unknown section ${unknown.join(", ")} (sections: ${ALL_SECTIONS.join(", ")})`,
    );
    return 2;
  }
  installNodeMetrics("seo-farm-bench");
  console.log(`seo-farm bench — ${machine()}`);
  console.log(
    `${workflows} workflows per round, at most ${window} in flight, ${rounds} rounds, actor concurrency ${config.actorConcurrency} per stage`,
  );
  console.log(
    "LLM: the in-process canned stand-in (zero cost) unless a section says otherwise — those figures are the engine alone\n",
  );

  await using nats = await startNatsServer();
  const nc = await connectNats(nats.url, { name: "bench-submit" });
  const actorNc = await connectNats(nats.url, { name: "bench-actor" });
  const pipelines = await loadPipelineFiles([]);
  await ensureTopology(nc, { ...config, stages: stageNamesOf(pipelines) });
  const registry = await PipelineRegistry.open(nc);
  for (const p of pipelines) await registry.publish(p);

  const ctx: BenchContext = {
    nc,
    actorNc,
    natsUrl: nats.url,
    config,
    pipelines,
    workflows,
    window,
    rounds,
  };
  if (only.has("engine")) await runEngineSection(ctx);
  if (only.has("peer")) await runPeerSection(ctx);
  if (only.has("hop")) {
    const observerNc = await connectNats(nats.url, { name: "bench-hop-observer" });
    await runHopSection(ctx, observerNc);
    await observerNc.close();
  }
  // One emulator at zero latency for every section that needs one (in this process).
  let zero: RunningEmulator | undefined;
  const zeroEmulator = async () => {
    zero ??= await startEmulator({ port: 0, profile: "zero" });
    return zero;
  };
  // The sdk and repeat figures are the engine's: their emulator runs in a process of its own.
  let zeroProcess: EmulatorProcess | undefined;
  if (only.has("sdk") || only.has("repeat")) {
    zeroProcess = await startEmulatorProcess(["--profile", "zero"]);
  }
  if (only.has("sdk") && zeroProcess) await runSdkSection(ctx, zeroProcess.url);
  if (only.has("llmbound")) {
    const nominal = EMULATOR_PROFILES.realistic.latencyMs as { min: number; max: number };
    const realistic = await startEmulator({
      port: 0,
      profile: "realistic",
      timeScale,
      requestLogSize: Math.max(10_000, llmWorkflows * 6),
    });
    await runLlmBoundSection(ctx, realistic, {
      workflows: llmWorkflows,
      providerConcurrency: llmConcurrency,
      timeScale,
      nominalMs: nominal,
    });
    await realistic.close();
  }
  if (only.has("repeat") && zeroProcess) await runRepeatSection(ctx, zeroProcess.url);
  await zeroProcess?.close();
  if (only.has("tracing")) {
    console.log("\nTracing off vs on (the engine, canned LLM behind the router):");
    const t = await runTracingBench(nc, actorNc, { config, pipelines, workflows, window, rounds });
    console.log("\n| measure | tracing off | tracing on (all spans exported) | on / off |");
    console.log("|---|---:|---:|---:|");
    console.log(
      `| six-stage workflows/s (median of ${rounds}) | ${median(t.offPerSecond).toFixed(0)} | ${median(t.onPerSecond).toFixed(0)} | ${tracingRatio(t).toFixed(2)} |`,
    );
  }

  if (only.has("http")) {
    if (!hasWrk()) {
      console.log("\nGateway HTTP: skipped, wrk is not installed (apt-get install wrk)");
    } else {
      // One completed workflow for get-status to read (its article included).
      await runEngine(nc, actorNc, {
        config,
        pipelines,
        llm: new CannedLlm(),
        workflows: 1,
        window: 1,
        run: 9_999,
      });
      const seconds = 5;
      const connections = 32;
      const h = await runHttpBench(nc, nats.url, "b9999-0", { seconds, connections });
      const f = (x: number) => x.toFixed(0);
      console.log(
        `\nGateway HTTP on Node (wrk, ${connections} connections, ${seconds} s each, after a 1 s warm-up):\n`,
      );
      console.log("| measure | req/s | p99 (ms) | req/s ratio to bare Hono |");
      console.log("|---|---:|---:|---:|");
      console.log(
        `| bare Hono GET (JSON) | ${f(h.bareGet.requestsPerSecond)} | ${h.bareGet.p99Ms.toFixed(2)} | 1.00 |`,
      );
      console.log(
        `| GET /v1/workflows/:id (KV read + the article, cached after its first read) | ${f(h.getStatus.requestsPerSecond)} | ${h.getStatus.p99Ms.toFixed(2)} | ${(h.getStatus.requestsPerSecond / h.bareGet.requestsPerSecond).toFixed(2)} |`,
      );
      console.log(
        `| bare Hono POST (JSON body) | ${f(h.barePost.requestsPerSecond)} | ${h.barePost.p99Ms.toFixed(2)} | 1.00 |`,
      );
      console.log(
        `| POST /v1/workflows (validate + JetStream publish) | ${f(h.create.requestsPerSecond)} | ${h.create.p99Ms.toFixed(2)} | ${(h.create.requestsPerSecond / h.barePost.requestsPerSecond).toFixed(2)} |`,
      );
    }
  }

  if (!only.has("llm") && !only.has("scale") && !only.has("runtimes")) {
    await zero?.close();
    await nc.close();
    await actorNc.close();
    return 0;
  }
  const emulator = await zeroEmulator();
  if (only.has("runtimes")) {
    const n = 300;
    const figures = await runRuntimeBench(
      nc,
      {
        ...process.env,
        NATS_URL: nats.url,
        NATS_REPLICAS: "1", // the bench's own single server
        OPENAI_API_KEY: "bench",
        OPENAI_BASE_URL: emulator.url,
        ANTHROPIC_API_KEY: "bench",
        ANTHROPIC_BASE_URL: emulator.url.replace(/\/v1$/, ""),
        ACTOR_CONCURRENCY: "16",
        LLM_CACHE: "off",
        LOG_LEVEL: "error",
        METRICS_PORT: "off",
      },
      n,
    );
    const node = figures.find((f) => f.runtime === "node")!;
    console.log(
      `\nDeno actor vs Node actor (one process serving every stage, ${n} workflows each, emulator at zero latency over HTTP):\n`,
    );
    console.log("| runtime | workflows/s | idle RSS (MB) | peak RSS (MB) | workflows/s vs Node |");
    console.log("|---|---:|---:|---:|---:|");
    for (const f of figures) {
      console.log(
        `| ${f.runtime} | ${f.workflowsPerSecond.toFixed(1)} | ${f.idleRssMb.toFixed(0)} | ${f.peakRssMb.toFixed(0)} | ${(f.workflowsPerSecond / node.workflowsPerSecond).toFixed(2)} |`,
      );
    }
  }

  if (only.has("llm")) await llmSection();
  async function llmSection(): Promise<void> {
    const llm = await runLlmBench(nc, emulator.url, 1000);
    const f = (x: number) => x.toFixed(2);
    console.log(
      "\nLLM layer, against the emulator over HTTP at zero latency (1,000 sequential calls each):\n",
    );
    console.log("| measure | p50 (ms) | p99 (ms) | p50 / direct SDK |");
    console.log("|---|---:|---:|---:|");
    console.log(
      `| direct OpenAI SDK call | ${f(llm.directMs.p50)} | ${f(llm.directMs.p99)} | 1.00 |`,
    );
    console.log(
      `| through the router | ${f(llm.routerMs.p50)} | ${f(llm.routerMs.p99)} | ${f(llm.routerMs.p50 / llm.directMs.p50)} |`,
    );
    console.log(
      `| cache miss (router + claim + store) | ${f(llm.cacheMissMs.p50)} | ${f(llm.cacheMissMs.p99)} | ${f(llm.cacheMissMs.p50 / llm.directMs.p50)} |`,
    );
    console.log(
      `| cache hit (KV read, no upstream call) | ${f(llm.cacheHitMs.p50)} | ${f(llm.cacheHitMs.p99)} | ${f(llm.cacheHitMs.p50 / llm.directMs.p50)} |`,
    );
  }

  // The supervisor's reaction: lag over the threshold → a new actor fetching.
  if (only.has("scale")) {
    await emulator.handle.configure({ tasks: { research: { latencyMs: 1_000 } } });
    const scale = await runScaleBench(
      nc,
      {
        ...process.env,
        NATS_URL: nats.url,
        NATS_REPLICAS: "1", // the bench's own single server
        OPENAI_API_KEY: "bench",
        OPENAI_BASE_URL: emulator.url,
        ACTOR_CONCURRENCY: "2",
        LOG_LEVEL: "error",
      },
      Number(values["scale-rounds"]),
    );
    console.log(
      `\nSupervisor (poll ${scale.pollMs} ms, real actor processes): lag crossing the threshold → new actor's first fetch, median of ${scale.reactionsMs.length}: ${scale.medianMs.toFixed(0)} ms (rounds: ${scale.reactionsMs.map((x) => x.toFixed(0)).join(", ")} ms)`,
    );
  }
  await emulator.close();
  await nc.close();
  await actorNc.close();
  return 0;
}
