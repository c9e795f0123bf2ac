/**
 * `seo-farm actor --stage S[,S…]`: one actor process on Node. Connects, serves the stages,
 * and on SIGTERM stops pulling, finishes what it holds and exits 0.
 */

import { hostname } from "node:os";
import { delimiter } from "node:path";
import process from "node:process";
import { parseArgs } from "node:util";
import { parseConfig } from "../core/config.ts";
import { createLlmClient, createProviders } from "../core/llm/mod.ts";
import { createLogger } from "../core/log.ts";
import { connectNats } from "../core/nats/node-connect.ts";
import { INTAKE_STAGE } from "../core/subjects.ts";
import { parseTelemetryConfig } from "../core/telemetry/config.ts";
import { installNodeMetrics, startMetricsServer } from "../core/telemetry/node-metrics.ts";
import { startNodeTracing } from "../core/telemetry/node-tracing.ts";
import { metricsTarget } from "../supervisor/prometheus-sd.ts";
import { startActorProcess } from "./actor-process.ts";
import { loadPipelineFiles } from "./node-pipeline-files.ts";
import { stageNamesOf } from "./pipeline-loader.ts";

export const ACTOR_USAGE = `Usage: seo-farm actor --stage <name>[,<name>…] | --all

Runs one actor process that serves the given stages of every pipeline.

Options:
  --stage <names>   stages to serve, comma-separated; "intake" serves seo.submit
                    (and runs the dead-letter keeper)
  --all             serve intake and every stage of every pipeline in one process
  --concurrency <n> messages at once (default: ACTOR_CONCURRENCY, 8)
  -h, --help        show this help

Configuration comes from the environment (NATS_URL, OPENAI_API_KEY, ACK_WAIT_MS, …; see the README).`;

export async function runActorCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      stage: { type: "string", multiple: true },
      all: { type: "boolean" },
      concurrency: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(ACTOR_USAGE);
    return 0;
  }
  const env = { ...process.env };
  if (values.concurrency) env.ACTOR_CONCURRENCY = values.concurrency;
  const config = parseConfig(env, delimiter);
  const pipelines = await loadPipelineFiles(config.pipelinesPath);
  const stages = values.all
    ? [INTAKE_STAGE, ...stageNamesOf(pipelines)]
    : (values.stage ?? [])
        .flatMap((s) => s.split(","))
        .map((s) => s.trim())
        .filter(Boolean);
  if (stages.length === 0) {
    console.error(`seo-farm actor: name the stages to serve\n\n${ACTOR_USAGE}`);
    return 2;
  }
  if (stages.some((s) => s !== INTAKE_STAGE) && createProviders(config).length === 0) {
    console.error(
      "seo-farm actor: no LLM provider is configured: set OPENAI_API_KEY (and OPENAI_BASE_URL for a compatible server) or ANTHROPIC_API_KEY, or run `seo-farm up`, which starts the LLM emulator",
    );
    return 1;
  }
  const logger = createLogger({
    level: config.logLevel,
    base: { component: "actor", stages: stages.join(","), pid: process.pid },
  });
  const telemetry = parseTelemetryConfig(env);
  const tracing = await startNodeTracing("seo-farm-actor");
  const instanceId = `${hostname()}:${process.pid}`;
  const registry = installNodeMetrics("seo-farm-actor", instanceId);
  const metricsServer =
    telemetry.metricsPort === null
      ? undefined
      : await startMetricsServer({
          registry,
          port: telemetry.metricsPort,
          host: telemetry.metricsHost,
          token: telemetry.metricsToken,
        });
  const nc = await connectNats(config.natsUrl, { name: `seo-farm-actor-${stages.join("-")}` });
  const actor = await startActorProcess({
    nc,
    config,
    logger,
    llm: createLlmClient(config),
    stages,
    pipelines,
    instanceId,
    processInfo: () => ({
      pid: process.pid,
      host: hostname(),
      rssMb: Math.round(process.memoryUsage.rss() / 2 ** 20),
      ...(metricsServer
        ? {
            metricsPort: metricsServer.port,
            metricsTarget: metricsTarget(telemetry.metricsHost, metricsServer.port, hostname()),
          }
        : {}),
    }),
  });
  // Tell a parent (tests, `up`) that the consumers are live.
  process.send?.({ type: "ready", stages });
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info("draining", { signal, inFlight: actor.inFlight() });
      // Held work gets its grace period; a shutdown stuck past that (and a margin) exits.
      setTimeout(() => {
        logger.error("shutdown took too long; exiting");
        process.exit(1);
      }, config.shutdownGraceMs + 15_000).unref();
      resolve();
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
  });
  await actor.stop(config.shutdownGraceMs);
  await nc.drain();
  await metricsServer?.close();
  await registry.shutdown();
  await tracing?.shutdown();
  logger.info("stopped");
  // The IPC channel a parent opened would keep this process alive.
  if (process.connected) process.disconnect();
  return 0;
}
