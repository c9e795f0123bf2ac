/**
 * `seo-farm supervisor`, whatever the runtime: scales actor processes by stream lag on this
 * host, writes the Prometheus SD file, adopts a dead leader's actors, and serves `/metrics`.
 * With `--dry-run` it only prints the decisions it would take, counting the actors that
 * announce themselves in `seo-actors`. `main-node.ts` and `main-deno.ts` plug in their
 * runtime (`ProcessHost`), pipeline file reader and actor spawner.
 */
import type { NatsConnection } from "@nats-io/nats-core";
import { stageNamesOf } from "../actors/pipeline-loader.ts";
import { ActorsRegistry, countByStage } from "../core/actors-registry.ts";
import { type Env, parseConfig, type SeoFarmConfig } from "../core/config.ts";
import type { ProcessHost } from "../core/host/process-host.ts";
import { startProcessMetrics } from "../core/host/process-metrics.ts";
import { createLogger, type Logger } from "../core/log.ts";
import type { PipelineSnapshot } from "../core/pipeline.ts";
import { INTAKE_STAGE } from "../core/subjects.ts";
import { parseTelemetryConfig } from "../core/telemetry/config.ts";
import {
  observeSupervisor,
  type SupervisorSnapshot,
  seoFarmMetrics,
} from "../core/telemetry/metrics.ts";
import { ensureTopology } from "../core/topology.ts";
import { parseSupervisorConfig } from "./config.ts";
import type { ScalingPolicy } from "./policy.ts";
import { type ActorSpawner, ProcessManager } from "./process-manager.ts";
import { metricsTarget, prometheusSdTargets } from "./prometheus-sd.ts";
import { type ScaleTarget, Supervisor } from "./supervisor.ts";

export const SUPERVISOR_USAGE = `Usage: seo-farm supervisor [--dry-run] [--production]

Keeps actor processes for every stage of every pipeline on this host, scaled by each
stage's lag (pending + ack-pending messages). Two supervisors may run; one leads (lease in
seo-leases), the other takes over within SUPERVISOR_LEASE_MS if the leader dies.

Options:
  --dry-run      print the scaling decisions without starting or stopping anything
  --production   the seed's production preset (at least 2 actors per stage)
  -h, --help     show this help

Settings (environment): SCALE_MIN_PER_STAGE (1), SCALE_MAX_PER_STAGE (8), SCALE_GLOBAL_MAX (24),
SCALE_UP_LAG (5 per actor), SCALE_DOWN_LAG (1 per actor), SCALE_MAX_STEP_UP (2),
SCALE_MAX_STEP_DOWN (1), SCALE_COOLDOWN_MS (30000), SCALE_DOWN_WINDOW_MS (60000),
SCALE_WEIGHTS (e.g. draft=3), ACTOR_MEMORY_MB (512), SCALE_MEMORY_BUDGET_MB (12288),
SUPERVISOR_POLL_MS (2000), SUPERVISOR_LEASE_MS (10000).`;

/** The flags, in the shape of a `parseArgs` options table (both runtimes have one). */
export const SUPERVISOR_FLAGS = {
  "dry-run": { type: "boolean" },
  production: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export interface SupervisorFlags {
  "dry-run"?: boolean | undefined;
  production?: boolean | undefined;
  help?: boolean | undefined;
}

/** Makes the spawner of this host's actors; the heap limit comes from ACTOR_MEMORY_MB. */
export type SpawnerFactory = (limits: {
  /** Heap limit of each actor, MB: 75 % of its memory limit leaves room for buffers. */
  maxOldSpaceMb: number;
}) => ActorSpawner;

export interface RunningSupervisor {
  supervisor: Supervisor;
  policy: ScalingPolicy;
  manager: ProcessManager;
  stages: string[];
  stop(): Promise<void>;
}

export interface StartSupervisorOptions {
  nc: NatsConnection;
  config: SeoFarmConfig;
  logger: Logger;
  env: Env;
  /** This process: its host name and pid (to adopt orphans), and how it writes the SD file. */
  host: Pick<ProcessHost, "hostname" | "pid" | "writeFileAtomic">;
  spawner: SpawnerFactory;
  loadPipelineFiles(extraDirs: string[]): Promise<PipelineSnapshot[]>;
  /** Log decisions, start nothing. @default false */
  dryRun?: boolean;
  /** The seed's production preset. @default false */
  production?: boolean;
  /** Where this process's own `/metrics` is (`host:port`), listed in the SD file. */
  selfMetricsTarget?: string;
}

/** Starts a supervisor with its process manager on an open connection (used by `up` too). */
export async function startSupervisor(opts: StartSupervisorOptions): Promise<RunningSupervisor> {
  const { nc, config, logger, host } = opts;
  const sup = parseSupervisorConfig(opts.env, opts.production ? { production: true } : {});
  const pipelines = await opts.loadPipelineFiles(config.pipelinesPath);
  const stages = [INTAKE_STAGE, ...stageNamesOf(pipelines)];
  await ensureTopology(nc, { ...config, stages: stages.filter((s) => s !== INTAKE_STAGE) });
  const manager = new ProcessManager(
    opts.spawner({ maxOldSpaceMb: Math.floor(sup.policy.actorMemoryMb * 0.75) }),
    { graceMs: config.shutdownGraceMs + 5_000, memoryLimitMb: sup.policy.actorMemoryMb, logger },
  );
  const registry = await ActorsRegistry.open(nc);
  let target: ScaleTarget = {
    count: (stage) => manager.count(stage),
    scaleTo: (stage, wanted) => manager.scaleTo(stage, wanted),
    checkHealth: () => manager.checkHealth(),
    // A leader that died left its actors working; adopt the ones on this host so they count
    // (and drain) like ours instead of running beside a second set.
    onLead: async () => {
      for (const a of await registry.list(config.actorsTtlS * 1000)) {
        const stage = a.stages[0];
        if (
          a.host === host.hostname &&
          a.pid &&
          a.pid !== host.pid &&
          a.stages.length === 1 &&
          stage
        ) {
          manager.adopt(stage, a.pid, a.startedAt);
        }
      }
    },
  };
  if (opts.dryRun) {
    let counts: Record<string, number> = {};
    target = {
      prepare: async () => {
        counts = countByStage(await registry.list(config.actorsTtlS * 1000));
      },
      count: (stage) => counts[stage] ?? 0,
      scaleTo: () => {},
    };
  }
  // What the leader saw at its last poll, for the seed's gauges; a standby reports nothing,
  // so summing over supervisors counts each stage once.
  let snapshot: SupervisorSnapshot | undefined;
  const stopObserving = observeSupervisor(() => snapshot);
  const sdFile = parseTelemetryConfig(opts.env).prometheusSdFile;
  let lastSd = "";
  const afterPoll = async (lags: Record<string, number>) => {
    const actors = await registry.list(config.actorsTtlS * 1000);
    const workersTotal: Record<string, number> = Object.fromEntries(stages.map((s) => [s, 0]));
    const workersActive: Record<string, number> = { ...workersTotal };
    for (const a of actors) {
      for (const s of a.stages) {
        workersTotal[s] = (workersTotal[s] ?? 0) + 1;
        if (a.inFlight > 0) workersActive[s] = (workersActive[s] ?? 0) + 1;
      }
    }
    snapshot = { queueDepth: lags, workersTotal, workersActive };
    if (sdFile) {
      const extra = opts.selfMetricsTarget
        ? [{ target: opts.selfMetricsTarget, role: "supervisor" }]
        : [];
      const body = `${JSON.stringify(prometheusSdTargets(actors, extra), null, 2)}\n`;
      if (body !== lastSd) {
        // Prometheus may read the file at any moment: it is replaced whole.
        await host.writeFileAtomic(sdFile, body);
        lastSd = body;
      }
    }
  };
  const supervisor = new Supervisor({
    nc,
    stages,
    policy: sup.policy,
    target,
    owner: `${host.hostname}:${host.pid}`,
    pollMs: sup.pollMs,
    leaseTtlMs: sup.leaseTtlMs,
    dryRun: opts.dryRun ?? false,
    logger,
    onLags: (lags) => {
      afterPoll(lags).catch((err: unknown) =>
        logger.warn("metrics snapshot failed", { error: String(err) }),
      );
    },
    onDecision: (d) => {
      if (!d.dryRun) {
        seoFarmMetrics().scalingDecisions.add(1, {
          stage: d.stage,
          direction: d.to > d.from ? "up" : "down",
        });
      }
    },
  });
  await supervisor.start();
  return {
    supervisor,
    policy: sup.policy,
    manager,
    stages,
    stop: async () => {
      await supervisor.stop();
      stopObserving();
      snapshot = undefined;
      await manager.stopAll();
    },
  };
}

export interface RunSupervisorOptions {
  host: ProcessHost;
  spawner: SpawnerFactory;
  loadPipelineFiles(extraDirs: string[]): Promise<PipelineSnapshot[]>;
}

/** Runs the supervisor until a signal; drains its actors and resolves to the exit code. */
export async function runSupervisor(
  flags: SupervisorFlags,
  opts: RunSupervisorOptions,
): Promise<number> {
  const { host } = opts;
  if (flags.help) {
    console.log(SUPERVISOR_USAGE);
    return 0;
  }
  const config = parseConfig(host.env, host.pathDelimiter);
  const logger = createLogger({
    level: config.logLevel,
    base: { component: "supervisor", pid: host.pid },
  });
  // Draining actors takes up to their grace period; past that and a margin, exit anyway.
  const stopped = host.shutdownSignal({ watchdogMs: config.shutdownGraceMs + 20_000 });
  const telemetry = parseTelemetryConfig(host.env);
  const { registry, server: metricsServer } = await startProcessMetrics(
    host,
    "seo-farm-supervisor",
    telemetry,
  );
  if (metricsServer) logger.info("metrics", { port: metricsServer.port });
  const nc = await host.connect(config.natsUrl, { name: "seo-farm-supervisor" });
  const running = await startSupervisor({
    nc,
    config,
    logger,
    env: host.env,
    host,
    spawner: opts.spawner,
    loadPipelineFiles: opts.loadPipelineFiles,
    dryRun: flags["dry-run"] ?? false,
    production: flags.production ?? false,
    ...(metricsServer
      ? {
          selfMetricsTarget: metricsTarget(
            telemetry.metricsHost,
            metricsServer.port,
            host.hostname,
          ),
        }
      : {}),
  });
  host.notifyReady({ type: "ready" });
  const signal = await stopped;
  logger.info("stopping: draining actors", { signal });
  await running.stop();
  await nc.drain();
  await metricsServer?.close();
  await registry.shutdown();
  host.release();
  return 0;
}
