/** Node's `ProcessHost`: node:process, node:os and node:fs behind the neutral interface. */
import { rename, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { delimiter } from "node:path";
import process from "node:process";
import { connectNats } from "../nats/node-connect.ts";
import { startMetricsServer } from "../telemetry/node-metrics.ts";
import { startNodeTracing } from "../telemetry/node-tracing.ts";
import type { ProcessHost, ShutdownSignalOptions } from "./process-host.ts";

/** Resolves on the first SIGINT or SIGTERM; a second may exit 130; see `ShutdownSignalOptions`. */
export function nodeShutdownSignal(opts: ShutdownSignalOptions = {}): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let first: NodeJS.Signals | undefined;
    const on = (sig: NodeJS.Signals) => {
      if (first !== undefined) {
        if (opts.forceOn !== "same" || sig === first) process.exit(130);
        return;
      }
      first = sig;
      const { watchdogMs } = opts;
      if (watchdogMs !== undefined) {
        setTimeout(() => {
          if (opts.onWatchdog) opts.onWatchdog();
          else console.error(`seo-farm: shutdown took longer than ${watchdogMs} ms; exiting`);
          process.exit(1);
        }, watchdogMs).unref();
      }
      resolve(sig);
    };
    process.on("SIGINT", on);
    process.on("SIGTERM", on);
  });
}

export function nodeHost(): ProcessHost {
  return {
    runtime: "node",
    env: process.env,
    pathDelimiter: delimiter,
    pid: process.pid,
    hostname: hostname(),
    memory: () => {
      const m = process.memoryUsage();
      return { rssBytes: m.rss, heapUsedBytes: m.heapUsed };
    },
    connect: connectNats,
    startMetricsServer,
    shutdownSignal: nodeShutdownSignal,
    notifyReady: (message) => process.send?.(message),
    // The IPC channel a parent opened would keep this process alive.
    release: () => {
      if (process.connected) process.disconnect();
    },
    startTracing: startNodeTracing,
    writeFileAtomic: async (path, text) => {
      await writeFile(`${path}.tmp`, text);
      await rename(`${path}.tmp`, path);
    },
  };
}
