/**
 * `seo-farm actor --stage S[,S…]`, whatever the runtime: connects, serves the stages,
 * announces itself, serves `/metrics`, and on SIGTERM/SIGINT stops pulling, finishes what it
 * holds and returns 0. `main-node.ts` and `main-deno.ts` parse the flags and plug in their
 * runtime (`ProcessHost`) and pipeline file reader.
 */

import { Kvm } from "@nats-io/kv";
import { parseConfig } from "../core/config.ts";
import {
  extractReadable,
  type PageFetcher,
  type PageFetcherOptions,
  parseFetchConfig,
  SITEMAP_CONTENT_TYPES,
} from "../core/fetch/mod.ts";
import type { ProcessHost } from "../core/host/process-host.ts";
import { startProcessMetrics } from "../core/host/process-metrics.ts";
import { createLlmClient, createProviders } from "../core/llm/mod.ts";
import { createLogger } from "../core/log.ts";
import type { PipelineSnapshot } from "../core/pipeline.ts";
import { loadSites } from "../core/publish/config.ts";
import { parseSearchConfig, searchProviderFromConfig } from "../core/search/mod.ts";
import { BUCKET_SEARCH_CACHE, INTAKE_STAGE } from "../core/subjects.ts";
import { parseTelemetryConfig } from "../core/telemetry/config.ts";
import { ensureTopology } from "../core/topology.ts";
import { metricsTarget } from "../supervisor/prometheus-sd.ts";
import { startActorProcess } from "./actor-process.ts";
import type { GroundingTools, WebTools } from "./grounding/types.ts";
import { stageNamesOf } from "./pipeline-loader.ts";
import { SiteDirectory } from "./sites.ts";

export const ACTOR_USAGE = `Usage: seo-farm actor --stage <name>[,<name>…] | --all

Runs one actor process that serves the given stages of every pipeline.

Options:
  --stage <names>   stages to serve, comma-separated; "intake" serves seo.submit
                    (and runs the dead-letter keeper)
  --all             serve intake and every stage of every pipeline in one process
  --concurrency <n> messages at once (default: ACTOR_CONCURRENCY, 8)
  -h, --help        show this help

Configuration comes from the environment (NATS_URL, OPENAI_API_KEY, ACK_WAIT_MS, …; see the README).`;

/** The flags, in the shape of a `parseArgs` options table (both runtimes have one). */
export const ACTOR_FLAGS = {
  stage: { type: "string", multiple: true },
  all: { type: "boolean" },
  concurrency: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

export interface ActorFlags {
  stage?: string[] | undefined;
  all?: boolean | undefined;
  concurrency?: string | undefined;
  help?: boolean | undefined;
}

export interface RunActorOptions {
  host: ProcessHost;
  /** Reads the built-in pipelines and the PIPELINES_PATH folders (a runtime's file API). */
  loadPipelineFiles(extraDirs: string[]): Promise<PipelineSnapshot[]>;
  /** Reads a text file (the sites file). */
  readTextFile(path: string): Promise<string>;
  /**
   * The runtime's SSRF-guarded page fetcher (Node: checked again at connect time; Deno:
   * checked before the fetch), for grounded research and sitemaps.
   */
  createPageFetcher(opts: RuntimeFetcherOptions): PageFetcher & { close?(): Promise<void> };
}

export type RuntimeFetcherOptions = Omit<PageFetcherOptions, "resolve" | "fetch">;

/** Runs the actor until a signal drains it; resolves to the exit code. */
export async function runActor(flags: ActorFlags, opts: RunActorOptions): Promise<number> {
  const { host } = opts;
  if (flags.help) {
    console.log(ACTOR_USAGE);
    return 0;
  }
  const env = { ...host.env };
  if (flags.concurrency) env.ACTOR_CONCURRENCY = flags.concurrency;
  const config = parseConfig(env, host.pathDelimiter);
  const pipelines = await opts.loadPipelineFiles(config.pipelinesPath);
  const stages = flags.all
    ? [INTAKE_STAGE, ...stageNamesOf(pipelines)]
    : (flags.stage ?? [])
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
    base: { component: "actor", stages: stages.join(","), pid: host.pid },
  });
  const telemetry = parseTelemetryConfig(env);
  const tracing = await host.startTracing("seo-farm-actor");
  const instanceId = `${host.hostname}:${host.pid}`;
  const { registry, server: metricsServer } = await startProcessMetrics(
    host,
    "seo-farm-actor",
    telemetry,
  );
  const fetchConfig = parseFetchConfig(env);
  const searchConfig = parseSearchConfig(env);
  const pageFetcher = opts.createPageFetcher(fetchConfig);
  const sitemapFetcher = opts.createPageFetcher({
    ...fetchConfig,
    contentTypes: SITEMAP_CONTENT_TYPES,
  });
  const sitesFile = env.SITES_FILE?.trim();
  const sites = sitesFile
    ? new SiteDirectory(loadSites(await opts.readTextFile(sitesFile), env, { source: sitesFile }), {
        fetchText: async (url, signal) => (await sitemapFetcher.fetchPage(url, signal)).html,
      })
    : undefined;
  const nc = await host.connect(config.natsUrl, { name: `seo-farm-actor-${stages.join("-")}` });
  // The search cache bucket exists (and has the configured age) before the provider opens it.
  await ensureTopology(nc, {
    ...config,
    stages: stages.filter((s) => s !== INTAKE_STAGE),
    searchCacheTtlS: searchConfig.cacheTtlS,
  });
  const search = searchProviderFromConfig(searchConfig, {
    cache: await new Kvm(nc).open(BUCKET_SEARCH_CACHE),
    logger,
  });
  const web: WebTools = {
    async readPage(url, signal) {
      const page = await pageFetcher.fetchPage(url, signal);
      return extractReadable(page.html, page.url);
    },
  };
  const grounding: GroundingTools | undefined = search && {
    provider: search.name,
    search: (query, signal) => search.search(query, signal),
    readPage: web.readPage,
  };
  if (search) logger.info("grounded research on", { provider: search.name });
  const actor = await startActorProcess({
    nc,
    config,
    logger,
    llm: createLlmClient(config),
    stages,
    pipelines,
    instanceId,
    ...(sites ? { sites } : {}),
    ...(grounding ? { grounding } : {}),
    web,
    processInfo: () => ({
      pid: host.pid,
      host: host.hostname,
      runtime: host.runtime,
      rssMb: Math.round(host.memory().rssBytes / 2 ** 20),
      ...(metricsServer
        ? {
            metricsPort: metricsServer.port,
            metricsTarget: metricsTarget(telemetry.metricsHost, metricsServer.port, host.hostname),
          }
        : {}),
    }),
  });
  // Tell a parent (tests, `up`) that the consumers are live.
  host.notifyReady({ type: "ready", stages });
  const signal = await host.shutdownSignal({
    // Held work gets its grace period; a shutdown stuck past that (and a margin) exits.
    watchdogMs: config.shutdownGraceMs + 15_000,
    onWatchdog: () => logger.error("shutdown took too long; exiting"),
    // Ctrl-C reaches a supervisor's actors too; its SIGTERM after that must not cut the drain.
    forceOn: "same",
  });
  logger.info("draining", { signal, inFlight: actor.inFlight() });
  await actor.stop(config.shutdownGraceMs);
  await nc.drain();
  await metricsServer?.close();
  await registry.shutdown();
  await tracing?.shutdown();
  await Promise.all([pageFetcher.close?.(), sitemapFetcher.close?.()]);
  logger.info("stopped");
  host.release();
  return 0;
}
