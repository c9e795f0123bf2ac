/** The `seo-farm` command: dispatches to the command modules. */
import process from "node:process";
import { parseArgs } from "node:util";
import { loadConfig, processLogger, reportError, shutdownSignal } from "./shared-node.ts";

export const USAGE = `seo-farm — an SEO content factory on NATS JetStream

Usage: seo-farm <command> [options]

Commands:
  up                 run the whole local stack (NATS, LLM emulator if no key, actors, gateway)
  submit <keyword>   submit an article request (--wait to follow it)
  status <id>        show a workflow
  supervisor         keep actor processes per stage, scaled by stream lag (--dry-run)
  ps                 list the live actor processes per stage
  actor              run one actor process (--stage research, --all, …)
  gateway            run the HTTP gateway
  emulator           run the LLM emulator (OpenAI and Anthropic wire formats)
  search-emulator    run the search emulator (SearXNG, Brave and DataForSEO wire formats)
  setup              create or update streams, consumers and buckets, then exit
  cache invalidate   drop cached LLM answers by prompt version, keyword, provider or model
  dlq list|replay    show the dead letters, or put them back once their cause is fixed
  backup --out DIR   every stream message, KV value and object into a directory
  restore --from DIR put a backup back into a (fresh) NATS
  bench              measure the engine against raw JetStream and BullMQ, and more (npm run bench)
  loadtest           the seed's load test: --workflows 10 --concurrent 3 (npm run loadtest)
  stress             the seed's stress test: --duration 300 --ramp-up 60 (npm run stress)
  memtest            the seed's memory test: --workflows 100 --monitor-memory (npm run memtest)

Run "seo-farm <command> --help" for a command's options. Configuration is read from
environment variables; see the README.`;

const GATEWAY_USAGE = `Usage: seo-farm gateway

Serves the HTTP API on HOST:PORT (default 127.0.0.1:8787) against NATS_URL.

Security (see the README's "Security"):
  GATEWAY_API_KEYS               API keys, comma-separated: name:secret, or bare secrets
  GATEWAY_API_KEYS_FILE          a JSON file of keys: [{name, key | sha256,
                                 rateLimitPerMinute?, allowInternalFields?, monthlyBudgetUsd?}]
  With neither, /v1/* needs no key and the gateway listens on 127.0.0.1 only, even if
  HOST says otherwise. Clients send Authorization: Bearer <key> (seo-farm submit and
  status read SEO_FARM_API_KEY).
  GATEWAY_RATE_LIMIT_PER_MINUTE  requests per minute per key (default 600, 0 = off)
  GATEWAY_CORS_ORIGINS           origins allowed cross-origin (default none)
  GATEWAY_MAX_BODY_BYTES         largest request body (default 65536)`;

async function runGatewayCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { help: { type: "boolean", short: "h" } } });
  if (values.help) {
    console.log(GATEWAY_USAGE);
    return 0;
  }
  const { connectNats } = await import("../core/nats/node-connect.ts");
  const { startNodeTracing } = await import("../core/telemetry/node-tracing.ts");
  const { startGateway } = await import("../gateway/node.ts");
  const config = loadConfig();
  const logger = processLogger(config, "gateway");
  const nc = await connectNats(config.natsUrl, { name: "seo-farm-gateway" });
  const tracing = await startNodeTracing("seo-farm-gateway");
  const gw = await startGateway({ nc, config, logger, env: process.env });
  console.log(`gateway listening on ${gw.url} (${gw.securityNote})`);
  if (gw.dashboardUrl) console.log(`dashboard: ${gw.dashboardUrl}`);
  process.send?.({ type: "ready", url: gw.url });
  await shutdownSignal();
  await gw.close();
  await nc.drain();
  await tracing?.shutdown();
  return 0;
}

async function runSetupCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { help: { type: "boolean", short: "h" } } });
  if (values.help) {
    console.log(
      "Usage: seo-farm setup\n\nCreates or updates the streams, consumers and buckets on NATS_URL, publishes the pipelines, and exits.",
    );
    return 0;
  }
  const { loadPipelineFiles } = await import("../actors/node-pipeline-files.ts");
  const { stageNamesOf } = await import("../actors/pipeline-loader.ts");
  const { PipelineRegistry } = await import("../core/pipeline-registry.ts");
  const { connectNats } = await import("../core/nats/node-connect.ts");
  const { ensureTopology } = await import("../core/topology.ts");
  const config = loadConfig();
  const pipelines = await loadPipelineFiles(config.pipelinesPath);
  const nc = await connectNats(config.natsUrl, { name: "seo-farm-setup", reconnectForever: false });
  await ensureTopology(nc, {
    ...config,
    stages: stageNamesOf(pipelines),
    // Raising replicas (NATS_REPLICAS) waits for the new ones: say what is still pending.
    settle: {
      onWait: (pending) => console.log(`waiting for raised replicas: ${pending.join("; ")}`),
    },
  });
  const registry = await PipelineRegistry.open(nc);
  for (const p of pipelines) await registry.publish(p);
  await nc.drain();
  console.log(
    `topology ready on ${config.natsUrl}; pipelines: ${pipelines.map((p) => `${p.name}@${p.version}`).join(", ")}`,
  );
  return 0;
}

type CommandRunner = (argv: string[]) => Promise<number | undefined>;

/**
 * Each command's module is loaded only when that command runs: an actor process should not
 * carry the gateway, the benchmark's BullMQ client or the load-test driver in its memory.
 */
const COMMANDS: Record<string, () => Promise<CommandRunner>> = {
  up: async () => (await import("./up.ts")).runUpCommand,
  submit: async () => (await import("./submit.ts")).runSubmitCommand,
  status: async () => (await import("./submit.ts")).runStatusCommand,
  actor: async () => (await import("../actors/main-node.ts")).runActorCommand,
  gateway: async () => runGatewayCommand,
  emulator: async () => {
    const { runEmulatorCommand } = await import("../loadtest/llm-emulator/cli.ts");
    return async (argv) => {
      await runEmulatorCommand(argv);
      return 0;
    };
  },
  "search-emulator": async () => {
    const { runSearchEmulatorCommand } = await import("../loadtest/search-emulator/cli.ts");
    return async (argv) => {
      await runSearchEmulatorCommand(argv);
      return 0;
    };
  },
  setup: async () => runSetupCommand,
  bench: async () => (await import("../loadtest/bench/main-node.ts")).runBenchCommand,
  loadtest: async () => {
    const { runScenarioCommand } = await import("../loadtest/scenarios/main-node.ts");
    return (argv) => runScenarioCommand("loadtest", argv);
  },
  stress: async () => {
    const { runScenarioCommand } = await import("../loadtest/scenarios/main-node.ts");
    return (argv) => runScenarioCommand("stress", argv);
  },
  memtest: async () => {
    const { runScenarioCommand } = await import("../loadtest/scenarios/main-node.ts");
    return (argv) => runScenarioCommand("memtest", argv);
  },
  cache: async () => (await import("./cache.ts")).runCacheCommand,
  dlq: async () => (await import("./dlq.ts")).runDlqCommand,
  backup: async () => (await import("./backup.ts")).runBackupCommand,
  restore: async () => (await import("./restore.ts")).runRestoreCommand,
  supervisor: async () => (await import("../supervisor/main-node.ts")).runSupervisorCommand,
  ps: async () => (await import("./ps.ts")).runPsCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  if (command === "--version" || command === "-v") {
    console.log("seo-farm 0.1.0");
    return 0;
  }
  const load = COMMANDS[command];
  if (!load) {
    console.error(`seo-farm: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  try {
    return (await (await load())(rest)) ?? 0;
  } catch (err) {
    if (
      err instanceof Error &&
      "code" in err &&
      String((err as { code: unknown }).code).startsWith("ERR_PARSE_ARGS")
    ) {
      console.error(`seo-farm ${command}: ${err.message}`);
      return 2;
    }
    return reportError(err);
  } finally {
    // A finished command ends the process even if a library left a handle open.
    setTimeout(() => process.exit(), 500).unref();
  }
}
