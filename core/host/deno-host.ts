/** Deno's `ProcessHost`: `Deno.*` behind the neutral interface. */
import { connectNats } from "../nats/deno-connect.ts";
import { startMetricsServer } from "../telemetry/deno-metrics.ts";
import type { ProcessHost, ShutdownSignalOptions } from "./process-host.ts";

/** Resolves on the first SIGINT or SIGTERM; a second may exit 130; see `ShutdownSignalOptions`. */
export function denoShutdownSignal(opts: ShutdownSignalOptions = {}): Promise<Deno.Signal> {
  return new Promise((resolve) => {
    let first: Deno.Signal | undefined;
    const on = (sig: Deno.Signal) => {
      if (first !== undefined) {
        if (opts.forceOn !== "same" || sig === first) Deno.exit(130);
        return;
      }
      first = sig;
      const { watchdogMs } = opts;
      if (watchdogMs !== undefined) {
        const timer = setTimeout(() => {
          if (opts.onWatchdog) opts.onWatchdog();
          else console.error(`seo-farm: shutdown took longer than ${watchdogMs} ms; exiting`);
          Deno.exit(1);
        }, watchdogMs);
        Deno.unrefTimer(timer);
      }
      resolve(sig);
    };
    Deno.addSignalListener("SIGINT", () => on("SIGINT"));
    Deno.addSignalListener("SIGTERM", () => on("SIGTERM"));
  });
}

const encoder = new TextEncoder();

export function denoHost(): ProcessHost {
  return {
    runtime: "deno",
    env: Deno.env.toObject(),
    pathDelimiter: Deno.build.os === "windows" ? ";" : ":",
    pid: Deno.pid,
    hostname: Deno.hostname(),
    memory: () => {
      const m = Deno.memoryUsage();
      return { rssBytes: m.rss, heapUsedBytes: m.heapUsed };
    },
    connect: connectNats,
    startMetricsServer,
    shutdownSignal: denoShutdownSignal,
    // Deno has no IPC channel to a parent: the ready message is the one line an actor or a
    // supervisor prints on stdout (its logs go to stderr).
    notifyReady: (message) => {
      Deno.stdout.writeSync(encoder.encode(`${JSON.stringify(message)}\n`));
    },
    release: () => {},
    // Deno's own OpenTelemetry (OTEL_DENO=true) backs the API the spans use: nothing to start.
    startTracing: () => Promise.resolve(undefined),
    writeFileAtomic: async (path, text) => {
      await Deno.writeTextFile(`${path}.tmp`, text);
      await Deno.rename(`${path}.tmp`, path);
    },
  };
}
