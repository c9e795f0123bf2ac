/**
 * `seo-farm supervisor` on Node: run-supervisor.ts with Node's process API, pipeline file
 * reader and actor spawner (`node bin/seo-farm.js actor --stage S` children).
 */
import { parseArgs } from "node:util";
import type { NatsConnection } from "@nats-io/nats-core";
import { loadPipelineFiles } from "../actors/node-pipeline-files.ts";
import type { SeoFarmConfig } from "../core/config.ts";
import { nodeHost } from "../core/host/node-host.ts";
import type { Logger } from "../core/log.ts";
import { NodeActorSpawner } from "./node-spawner.ts";
import {
  type RunningSupervisor,
  runSupervisor,
  SUPERVISOR_FLAGS,
  SUPERVISOR_USAGE,
  startSupervisor as startNeutralSupervisor,
} from "./run-supervisor.ts";

export { type RunningSupervisor, SUPERVISOR_USAGE };

function nodeSpawner(env: NodeJS.ProcessEnv) {
  return ({ maxOldSpaceMb }: { maxOldSpaceMb: number }) =>
    new NodeActorSpawner({ env, maxOldSpaceMb });
}

/** Starts a supervisor with its process manager on an open connection (used by `up` too). */
export async function startSupervisor(opts: {
  nc: NatsConnection;
  config: SeoFarmConfig;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  dryRun?: boolean;
  production?: boolean;
  /** Where this process's own `/metrics` is (`host:port`), listed in the SD file. */
  selfMetricsTarget?: string;
}): Promise<RunningSupervisor> {
  return await startNeutralSupervisor({
    ...opts,
    host: nodeHost(),
    spawner: nodeSpawner(opts.env),
    loadPipelineFiles,
  });
}

export async function runSupervisorCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: SUPERVISOR_FLAGS });
  const host = nodeHost();
  return await runSupervisor(values, {
    host,
    spawner: nodeSpawner(host.env),
    loadPipelineFiles,
  });
}
