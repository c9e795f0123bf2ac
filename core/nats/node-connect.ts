/** Node entry: connects over TCP with `@nats-io/transport-node`'s transport. */

import { readFileSync } from "node:fs";
import process from "node:process";
import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import { type ConnectOptions, natsConnectionOptions } from "./connect-options.ts";
import { connectCoalescing } from "./node-coalescing-transport.ts";

export type { ConnectOptions } from "./connect-options.ts";

/**
 * Writes are coalesced per event-loop turn (see node-coalescing-transport.ts) unless
 * `NATS_COALESCE_WRITES=0`, which uses the library's transport as it is.
 */
export async function connectNats(url: string, opts: ConnectOptions): Promise<NatsConnection> {
  const options = natsConnectionOptions(
    url,
    opts,
    process.env,
    (p) => new Uint8Array(readFileSync(p)),
  );
  if (process.env.NATS_COALESCE_WRITES === "0") return await connect(options);
  return await connectCoalescing(options);
}
