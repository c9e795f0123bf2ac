/**
 * The Node TCP transport, writing what the client sends in one event-loop turn as one
 * socket write.
 *
 * Why: the NATS client writes its outbound buffer at the end of every microtask burst, and
 * an actor's turn holds many bursts (an ack, a publish, a state write, an event — each
 * awaited promise resolving starts a new one). One write per burst is one syscall and one
 * TCP segment each, and nats-server reads each one separately: measured on the engine
 * benchmark, coalescing them per turn cut nats-server's CPU per workflow by about a
 * quarter. The order of frames is kept; a frame waits at most until the end of the turn.
 */

import type { ConnectionOptions, NatsConnection } from "@nats-io/nats-core";
import { NatsConnectionImpl, setTransportFactory } from "@nats-io/nats-core/internal";
import { NodeTransport, nodeResolveHost } from "@nats-io/transport-node/lib/node_transport.js";

export class CoalescingNodeTransport extends NodeTransport {
  #frames: Uint8Array[] = [];

  override send(frame: Uint8Array): void {
    this.#frames.push(frame);
    if (this.#frames.length === 1) setImmediate(this.#flush);
  }

  override close(err?: Error): Promise<void> {
    this.#flush();
    return super.close(err);
  }

  /** Frames written so far as one write; an arrow so `setImmediate` can call it. */
  readonly #flush = (): void => {
    const frames = this.#frames;
    if (frames.length === 0) return;
    this.#frames = [];
    super.send(frames.length === 1 ? frames[0]! : Buffer.concat(frames));
  };
}

/**
 * Connects like `connect` from `@nats-io/transport-node`, with the coalescing transport.
 * (That `connect` installs its own transport factory, process-wide, on every call; so does
 * this, so each connection, and each reconnect, uses the factory of the latest call.)
 */
export function connectCoalescing(opts: ConnectionOptions): Promise<NatsConnection> {
  setTransportFactory({
    factory: () => new CoalescingNodeTransport(),
    dnsResolveFn: nodeResolveHost,
  });
  return NatsConnectionImpl.connect(opts);
}
