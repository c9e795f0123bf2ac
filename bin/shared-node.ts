/** Helpers the Node commands share: config from the environment, logger, signals. */

import { delimiter } from "node:path";
import process from "node:process";
import { parseConfig, type SeoFarmConfig } from "../core/config.ts";
import { errorMessage, SeoFarmError } from "../core/errors.ts";
import { nodeShutdownSignal } from "../core/host/node-host.ts";
import { createLogger, type Logger } from "../core/log.ts";

export function loadConfig(): SeoFarmConfig {
  return parseConfig(process.env, delimiter);
}

export function processLogger(config: SeoFarmConfig, component: string): Logger {
  return createLogger({ level: config.logLevel, base: { component, pid: process.pid } });
}

/**
 * Resolves on the first SIGINT or SIGTERM; a second one exits at once. With `watchdogMs`,
 * a shutdown that takes longer than that after the signal ends the process (exit 1), so a
 * stuck cleanup can never keep a stopped service alive.
 */
export function shutdownSignal(watchdogMs?: number): Promise<NodeJS.Signals> {
  return nodeShutdownSignal(watchdogMs === undefined ? {} : { watchdogMs });
}

/** Prints a user-facing error (no stack for our own errors) and returns exit code 1. */
export function reportError(err: unknown): number {
  if (err instanceof SeoFarmError || err instanceof TypeError || err instanceof RangeError) {
    console.error(`seo-farm: ${errorMessage(err)}`);
  } else {
    console.error(err);
  }
  return 1;
}
