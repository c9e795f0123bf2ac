/**
 * `seo-farm up`: the whole stack on one machine. A nats-server (the one on the default
 * port, or a child it starts), the LLM emulator when no API key is set, one actor process
 * per stage, and the gateway. Ctrl-C stops everything cleanly.
 */

import { mkdirSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { parseArgs } from "node:util";
import { loadPipelineFiles, projectRoot } from "../actors/node-pipeline-files.ts";
import { stageNamesOf } from "../actors/pipeline-loader.ts";
import { DEFAULT_NATS_URL } from "../core/config.ts";
import { connectNats } from "../core/nats/node-connect.ts";
import { PipelineRegistry } from "../core/pipeline-registry.ts";
import { INTAKE_STAGE } from "../core/subjects.ts";
import { installNodeMetrics } from "../core/telemetry/node-metrics.ts";
import { startNodeTracing } from "../core/telemetry/node-tracing.ts";
import { ensureTopology } from "../core/topology.ts";
import { startGateway } from "../gateway/node.ts";
import { startEmulator } from "../loadtest/llm-emulator/node.ts";
import { startSearchEmulator } from "../loadtest/search-emulator/node.ts";
import { startSupervisor } from "../supervisor/main-node.ts";
import { metricsTarget } from "../supervisor/prometheus-sd.ts";
import { isPortAnswering, type LocalNatsServer, startLocalNatsServer } from "./local-nats-node.ts";
import { loadConfig, processLogger, shutdownSignal } from "./shared-node.ts";

export const UP_USAGE = `Usage: seo-farm up [--no-emulator] [--no-search-emulator]

Starts the whole stack on this machine:
  - NATS: NATS_URL if set; else the server on 127.0.0.1:4222 if one answers; else a
    child nats-server with JetStream (data in .data/nats);
  - the LLM emulator on EMULATOR_PORT (8790), for both providers, when neither
    OPENAI_API_KEY nor ANTHROPIC_API_KEY is set;
  - the search emulator (SearXNG-compatible, fixture pages in English and Czech, and a
    demo site "demo" with a sitemap) when SEARCH_PROVIDER is not set, so research is
    grounded offline; with no SITES_FILE, a sites file naming that demo site;
  - a supervisor that keeps actor processes for every stage (and intake, which runs
    the dead-letter keeper), scaled by each stage's lag;
  - the gateway on HOST:PORT (127.0.0.1:8787).
Ctrl-C stops everything.

The gateway asks for API keys when GATEWAY_API_KEYS (name:secret, comma-separated) or
GATEWAY_API_KEYS_FILE (a JSON file of keys) is set; with neither, it needs no key and
listens on 127.0.0.1 only, even if HOST says otherwise. GATEWAY_RATE_LIMIT_PER_MINUTE
(600), GATEWAY_CORS_ORIGINS and GATEWAY_MAX_BODY_BYTES tune it; see the README's "Security".

Options:
  --no-emulator          fail instead of starting the emulator when no API key is set
  --no-search-emulator   research from the LLM alone when SEARCH_PROVIDER is not set
  -h, --help             show this help`;

function banner(lines: string[]): void {
  console.log(lines.map((l) => `  ${l}`).join("\n"));
}

export async function runUpCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      "no-emulator": { type: "boolean" },
      "no-search-emulator": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(UP_USAGE);
    return 0;
  }
  const config = loadConfig();
  const logger = processLogger(config, "up");
  // Actors drain within their grace; past it and a margin, exit anyway.
  const stopped = shutdownSignal(config.shutdownGraceMs + 30_000);
  const cleanups: Array<() => Promise<void>> = [];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) await fn().catch(() => {});
  };
  try {
    // 1. NATS
    let natsUrl = config.natsUrl;
    let natsNote = `NATS ${natsUrl} (from NATS_URL)`;
    if (!config.natsUrlExplicit) {
      const url = new URL(DEFAULT_NATS_URL);
      if (await isPortAnswering(url.hostname, Number(url.port))) {
        natsNote = `NATS ${natsUrl} (already running)`;
      } else {
        const dir = join(projectRoot(), ".data", "nats");
        const server: LocalNatsServer = await startLocalNatsServer(Number(url.port), dir);
        cleanups.push(() => server.stop());
        natsUrl = server.url;
        natsNote = `NATS ${natsUrl} (started nats-server, pid ${server.child.pid}, data in ${dir})`;
      }
    }
    const nc = await connectNats(natsUrl, { name: "seo-farm-up" });
    cleanups.push(() => nc.drain());

    // 2. Topology and pipelines
    const pipelines = await loadPipelineFiles(config.pipelinesPath);
    const stages = stageNamesOf(pipelines);
    await ensureTopology(nc, { ...config, stages });
    const registry = await PipelineRegistry.open(nc);
    for (const p of pipelines) await registry.publish(p);

    // 3. LLM
    const childEnv: NodeJS.ProcessEnv = { ...process.env, NATS_URL: natsUrl };
    const keys = [
      config.openai.apiKey ? "OPENAI_API_KEY" : "",
      config.anthropic.apiKey ? "ANTHROPIC_API_KEY" : "",
    ]
      .filter(Boolean)
      .join(" and ");
    let llmNote = `LLM: real providers (${keys} set)`;
    if (!config.openai.apiKey && !config.anthropic.apiKey) {
      if (values["no-emulator"]) {
        console.error("seo-farm up: no LLM API key is set and --no-emulator was given");
        await cleanup();
        return 1;
      }
      const emulator = await startEmulator({
        port: config.emulatorPort,
        host: "127.0.0.1",
        profile: "fast",
      });
      cleanups.push(() => emulator.close());
      // The emulator speaks both wire formats: creative stages go to "Anthropic", the rest
      // to "OpenAI", exactly as with real keys.
      childEnv.OPENAI_BASE_URL = emulator.url;
      childEnv.OPENAI_API_KEY = "emulator";
      childEnv.ANTHROPIC_BASE_URL = emulator.url.replace(/\/v1$/, "");
      childEnv.ANTHROPIC_API_KEY = "emulator";
      llmNote = `LLM: no OPENAI_API_KEY or ANTHROPIC_API_KEY, so the built-in LLM EMULATOR answers at ${emulator.url} for both (sample text; set a key for a real model)`;
    }

    // Search: grounded research needs a search provider; offline, the search emulator is one.
    let searchNote = `Search: ${process.env.SEARCH_PROVIDER} (SEARCH_PROVIDER)`;
    if (!process.env.SEARCH_PROVIDER?.trim()) {
      if (values["no-search-emulator"]) {
        searchNote = "Search: none (research from the LLM alone; set SEARCH_PROVIDER)";
      } else {
        const search = await startSearchEmulator({ port: 0, host: "127.0.0.1" });
        cleanups.push(() => search.close());
        childEnv.SEARCH_PROVIDER = "searxng";
        childEnv.SEARXNG_URL = search.url;
        // The emulator is on loopback, which the page fetcher otherwise refuses.
        childEnv.FETCH_ALLOW_ORIGINS = [process.env.FETCH_ALLOW_ORIGINS, search.origin]
          .filter(Boolean)
          .join(",");
        searchNote = `Search: no SEARCH_PROVIDER, so the built-in SEARCH EMULATOR answers at ${search.url} (fixture pages; set SEARCH_PROVIDER for real results)`;
        if (!process.env.SITES_FILE?.trim()) {
          const dir = join(projectRoot(), ".data");
          mkdirSync(dir, { recursive: true });
          const sitesFile = join(dir, "sites.demo.json");
          writeFileSync(
            sitesFile,
            `${JSON.stringify({ sites: { demo: { sitemap: `${search.url}/site/sitemap.xml` } } }, null, 2)}\n`,
          );
          childEnv.SITES_FILE = sitesFile;
          searchNote += `\nSites: ${sitesFile} names the emulator's demo site: add "site":"demo" to a request for internal links`;
        }
      }
    }

    // 4. Gateway; its /metrics also carries the supervisor's gauges (one process)
    const metrics = installNodeMetrics("seo-farm-up", `${hostname()}:${process.pid}`);
    const tracing = await startNodeTracing("seo-farm-gateway");
    if (tracing) cleanups.push(() => tracing.shutdown());
    const gateway = await startGateway({ nc, config, logger, metrics, env: process.env });
    cleanups.push(() => gateway.close());

    // 5. Actors, kept and scaled by the supervisor. The stages only the publishing and
    // refresh pipelines use start with their first message: two processes fewer at rest.
    childEnv.SCALE_MIN_BY_STAGE ??= "publish=0,import=0";
    const supervised = await startSupervisor({
      nc,
      config,
      logger,
      env: childEnv,
      selfMetricsTarget: metricsTarget(config.host, gateway.port, hostname()),
    });
    cleanups.push(() => supervised.stop());

    console.log("\nseo-farm is up\n");
    banner([
      natsNote,
      llmNote,
      ...searchNote.split("\n"),
      `Actors: ${[INTAKE_STAGE, ...stages].join(", ")}: a supervisor keeps ${supervised.policy.minPerStage}–${supervised.policy.maxPerStage} processes per stage${onDemand(supervised.policy.minByStage)}, scaled by lag (see \`seo-farm ps\`)`,
      `Gateway: ${gateway.url} (${gateway.securityNote}; metrics at /metrics)`,
      ...(gateway.dashboardUrl ? [`Dashboard: ${gateway.dashboardUrl}`] : []),
      "",
      "Try:",
      `  ${gateway.authEnabled ? "SEO_FARM_API_KEY=<key> " : ""}npx seo-farm submit "trail running shoes" --wait`,
      `  curl -s -X POST ${gateway.url}/v1/workflows -H 'Content-Type: application/json' \\`,
      ...(gateway.authEnabled ? ["       -H 'Authorization: Bearer <key>' \\"] : []),
      `       -d '{"keyword":"trail running shoes","language":"en"}'`,
      "",
      "Press Ctrl-C to stop.",
    ]);
    const signal = await stopped;
    console.log(`\n${signal}: stopping (actors finish what they hold)…`);
    await cleanup();
    console.log("stopped.");
    return 0;
  } catch (err) {
    await cleanup();
    throw err;
  }
}

/** The banner's note on stages kept at 0 until work arrives, e.g. " (publish, import: on demand)". */
function onDemand(minByStage: Record<string, number>): string {
  const zero = Object.entries(minByStage)
    .filter(([, n]) => n === 0)
    .map(([stage]) => stage);
  return zero.length ? ` (${zero.join(", ")}: started on demand)` : "";
}
