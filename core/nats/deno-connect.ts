/**
 * Deno entry: connects over TCP. nats.js publishes its Deno transport
 * (`@nats-io/transport-deno`) only on JSR, and this project takes every dependency from npm
 * so that Node and Deno run the very same modules; Deno runs the npm TCP transport through
 * its `node:net`, with the same options and behaviour as node-connect.ts.
 */
import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import { type ConnectOptions, natsConnectionOptions } from "./connect-options.ts";

export type { ConnectOptions } from "./connect-options.ts";

export async function connectNats(url: string, opts: ConnectOptions): Promise<NatsConnection> {
  return await connect(
    natsConnectionOptions(url, opts, Deno.env.toObject(), (p) => Deno.readFileSync(p)),
  );
}
