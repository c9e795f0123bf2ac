/**
 * `seo-farm supervisor`: scales actor processes by stream lag on this host. With
 * `--dry-run` it only prints the decisions it would take, counting the actors that announce
 * themselves in `seo-actors`.
 */
import { hostname } from "node:os";
import process from "node:process";
import { parseArgs } from "node:util";
import type { NatsConnection } from "@nats-io/nats-core";
import { loadPipelineFiles } from "../actors/node-pipeline-files.ts";
import { stageNamesOf } from "../actors/pipeline-loader.ts";
import { loadConfig, processLogger, shutdownSignal } from "../bin/shared-node.ts";
import { ActorsRegistry, countByStage } from "../core/actors-registry.ts";
import type { SeoFarmConfig } from "../core/config.ts";
import type { Logger } from "../core/log.ts";
import { connectNats } from "../core/nats/node-connect.ts";
import { INTAKE_STAGE } from "../core/subjects.ts";
import { ensureTopology } from "../core/topology.ts";
import { parseSupervisorConfig } from "./config.ts";
import { NodeActorSpawner } from "./node-spawner.ts";
import type { ScalingPolicy } from "./policy.ts";
import { ProcessManager } from "./process-manager.ts";
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

export interface RunningSupervisor {
  supervisor: Supervisor;
  policy: ScalingPolicy;
  manager: ProcessManager;
  stages: string[];
  stop(): Promise<void>;
}

/** Starts a supervisor with its process manager on an open connection (used by `up` too). */
export async function startSupervisor(opts: {
  nc: NatsConnection;
  config: SeoFarmConfig;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  dryRun?: boolean;
  production?: boolean;
}): Promise<RunningSupervisor> {
  const { nc, config, logger } = opts;
  const sup = parseSupervisorConfig(opts.env, opts.production ? { production: true } : {});
  const pipelines = await loadPipelineFiles(config.pipelinesPath);
  const stages = [INTAKE_STAGE, ...stageNamesOf(pipelines)];
  await ensureTopology(nc, { ...config, stages: stages.filter((s) => s !== INTAKE_STAGE) });
  const manager = new ProcessManager(
    new NodeActorSpawner({
      env: opts.env,
      maxOldSpaceMb: Math.floor(sup.policy.actorMemoryMb * 0.75),
    }),
    { graceMs: config.shutdownGraceMs + 5_000, memoryLimitMb: sup.policy.actorMemoryMb, logger },
  );
  const registry = await ActorsRegistry.open(nc);
  const host = hostname();
  let target: ScaleTarget = {
    count: (stage) => manager.count(stage),
    scaleTo: (stage, wanted) => manager.scaleTo(stage, wanted),
    checkHealth: () => manager.checkHealth(),
    // A leader that died left its actors working; adopt the ones on this host so they count
    // (and drain) like ours instead of running beside a second set.
    onLead: async () => {
      for (const a of await registry.list(config.actorsTtlS * 1000)) {
        const stage = a.stages[0];
        if (a.host === host && a.pid && a.pid !== process.pid && a.stages.length === 1 && stage) {
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
  const supervisor = new Supervisor({
    nc,
    stages,
    policy: sup.policy,
    target,
    owner: `${hostname()}:${process.pid}`,
    pollMs: sup.pollMs,
    leaseTtlMs: sup.leaseTtlMs,
    dryRun: opts.dryRun ?? false,
    logger,
  });
  await supervisor.start();
  return {
    supervisor,
    policy: sup.policy,
    manager,
    stages,
    stop: async () => {
      await supervisor.stop();
      await manager.stopAll();
    },
  };
}

export async function runSupervisorCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      "dry-run": { type: "boolean" },
      production: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(SUPERVISOR_USAGE);
    return 0;
  }
  const config = loadConfig();
  const logger = processLogger(config, "supervisor");
  // Draining actors takes up to their grace period; past that and a margin, exit anyway.
  const stopped = shutdownSignal(config.shutdownGraceMs + 20_000);
  const nc = await connectNats(config.natsUrl, { name: "seo-farm-supervisor" });
  const running = await startSupervisor({
    nc,
    config,
    logger,
    env: process.env,
    dryRun: values["dry-run"] ?? false,
    production: values.production ?? false,
  });
  process.send?.({ type: "ready" });
  const signal = await stopped;
  logger.info("stopping: draining actors", { signal });
  await running.stop();
  await nc.drain();
  if (process.connected) process.disconnect();
  return 0;
}
