/** Helpers the Node commands share: config from the environment, logger, signals. */

import { delimiter } from "node:path";
import process from "node:process";
import { parseConfig, type SeoFarmConfig } from "../core/config.ts";
import { errorMessage, SeoFarmError } from "../core/errors.ts";
import { createLogger, type Logger } from "../core/log.ts";

export function loadConfig(): SeoFarmConfig {
  return parseConfig(process.env, delimiter);
}

export function processLogger(config: SeoFarmConfig, component: string): Logger {
  return createLogger({ level: config.logLevel, base: { component, pid: process.pid } });
}

/** Resolves on the first SIGINT or SIGTERM; a second one exits at once. */
export function shutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let seen = false;
    const on = (sig: NodeJS.Signals) => {
      if (seen) process.exit(130);
      seen = true;
      resolve(sig);
    };
    process.on("SIGINT", on);
    process.on("SIGTERM", on);
  });
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
