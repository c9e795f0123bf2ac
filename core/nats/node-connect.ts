/** Node entry: connects over TCP with `@nats-io/transport-node`. */

import process from "node:process";
import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";

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

export async function connectNats(url: string, opts: ConnectOptions): Promise<NatsConnection> {
  return await connect({
    servers: url.split(",").map((s) => s.trim()),
    name: opts.name,
    maxReconnectAttempts: opts.reconnectForever === false ? 10 : -1,
    reconnectTimeWait: 500,
    noAsyncTraces: !(opts.asyncTraces ?? process.env.NATS_ASYNC_TRACES === "1"),
  });
}
