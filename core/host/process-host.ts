/**
 * What a long-running seo-farm process (an actor, a supervisor) needs from its runtime, as
 * one interface: the commands in `actors/run-actor.ts` and `supervisor/run-supervisor.ts` are
 * runtime-neutral, and `node-host.ts` / `deno-host.ts` plug Node or Deno into them.
 */
import type { NatsConnection } from "@nats-io/nats-core";
import type { Env } from "../config.ts";
import type { ConnectOptions } from "../nats/connect-options.ts";
import type { ProcessMemory } from "../telemetry/metrics.ts";
import type { MetricsServer, MetricsServerOptions } from "../telemetry/metrics-server.ts";

export interface ShutdownSignalOptions {
  /**
   * A shutdown still running this long after the signal ends the process (exit 1), so a stuck
   * cleanup never keeps a stopped service alive. @default no watchdog
   */
  watchdogMs?: number;
  /** Called just before the watchdog exits (to log why). @default prints a line on stderr */
  onWatchdog?: () => void;
  /**
   * Which second signal ends the process at once (exit 130): `any`, or only `same` as the
   * first. An actor wants `same`: Ctrl-C signals the whole process group, and the SIGTERM its
   * supervisor sends next must not cut its drain short. @default "any"
   */
  forceOn?: "any" | "same";
}

export interface ProcessHost {
  /** The runtime's name, announced in `seo-actors`: `node` or `deno`. */
  readonly runtime: string;
  /** The process environment (configuration). */
  readonly env: Env;
  /** Separator of path lists such as PIPELINES_PATH (`:`, `;` on Windows). */
  readonly pathDelimiter: string;
  readonly pid: number;
  readonly hostname: string;
  /** This process's memory now. */
  memory(): ProcessMemory;
  connect(url: string, opts: ConnectOptions): Promise<NatsConnection>;
  startMetricsServer(opts: MetricsServerOptions): Promise<MetricsServer>;
  /** Resolves on the first SIGINT or SIGTERM; a second one may exit at once (`forceOn`). */
  shutdownSignal(opts?: ShutdownSignalOptions): Promise<string>;
  /**
   * Tells a parent (tests, `up`) that the process is serving: Node sends the message over
   * the IPC channel a parent opened; Deno prints it as one JSON line on stdout.
   */
  notifyReady(message: { type: "ready" } & Record<string, unknown>): void;
  /** Lets the process end once the command returns (Node: closes the parent's IPC channel). */
  release(): void;
  /**
   * Starts tracing when the `OTEL_*` environment asks for it (Node: the OpenTelemetry SDK;
   * Deno: its built-in OpenTelemetry, switched on with `OTEL_DENO=true` at start, so this
   * returns nothing there). Resolves to what flushes and stops it.
   */
  startTracing(serviceName: string): Promise<{ shutdown(): Promise<void> } | undefined>;
  /** Writes a file whole: a reader never sees it half written (write aside, then rename). */
  writeFileAtomic(path: string, text: string): Promise<void>;
}
