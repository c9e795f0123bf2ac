/** Node entry: connects over TCP with `@nats-io/transport-node`. */

import { readFileSync } from "node:fs";
import process from "node:process";
import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import { type ConnectOptions, natsConnectionOptions } from "./connect-options.ts";

export type { ConnectOptions } from "./connect-options.ts";

export async function connectNats(url: string, opts: ConnectOptions): Promise<NatsConnection> {
  return await connect(
    natsConnectionOptions(url, opts, process.env, (p) => new Uint8Array(readFileSync(p))),
  );
}
