/**
 * The connection settings every seo-farm process uses, whatever its transport: a service
 * reconnects forever, a CLI command gives up; async stack traces only on request. Each
 * runtime's connect entry (node-connect.ts, deno-connect.ts) passes these to its transport.
 */
import type { ConnectionOptions } from "@nats-io/nats-core";
import type { Env } from "../config.ts";

export interface ConnectOptions {
  /** Connection name shown in the server's monitoring. */
  name: string;
  /** Keep trying to reconnect forever (a service) or give up (a CLI command). @default true */
  reconnectForever?: boolean;
  /**
   * Capture an async stack trace for every request (publish ack, KV read, ack). Useful when
   * debugging; costs ~15 % of an actor's CPU, so off unless NATS_ASYNC_TRACES=1.
   * @default false
   */
  asyncTraces?: boolean;
}

/** The transport options for `url` (comma-separated servers); `env` decides the defaults. */
export function natsConnectionOptions(
  url: string,
  opts: ConnectOptions,
  env: Env,
): ConnectionOptions {
  return {
    servers: url.split(",").map((s) => s.trim()),
    name: opts.name,
    maxReconnectAttempts: opts.reconnectForever === false ? 10 : -1,
    reconnectTimeWait: 500,
    noAsyncTraces: !(opts.asyncTraces ?? env.NATS_ASYNC_TRACES === "1"),
  };
}
