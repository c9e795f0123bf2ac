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
  const unreachable = natsUnreachable(err);
  if (unreachable) {
    console.error(
      `seo-farm: cannot reach NATS at ${process.env.NATS_URL?.trim() || "nats://127.0.0.1:4222"} (${unreachable}): is nats-server running? \`npm start\` starts one; set NATS_URL for another`,
    );
  } else if (err instanceof SeoFarmError || err instanceof TypeError || err instanceof RangeError) {
    console.error(`seo-farm: ${errorMessage(err)}`);
  } else {
    console.error(err);
  }
  return 1;
}

/**
 * Why a connect to NATS failed, if `err` is that (nats.js's ConnectionError, or a socket
 * error under it), else undefined: a command's first contact with NATS deserves a sentence,
 * not a stack.
 */
function natsUnreachable(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; e instanceof Error && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === "ECONNREFUSED") return "connection refused";
    if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "unknown host";
    if (code === "ETIMEDOUT" || code === "EHOSTUNREACH") return "no answer";
    if (e.name === "ConnectionError") return e.message;
    e = e.cause;
  }
  return undefined;
}
