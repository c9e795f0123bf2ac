/**
 * Starts a real 3-node JetStream cluster for a test: three nats-server processes on loopback,
 * free client and route ports, a config file and a temp store dir per node. Nodes can be
 * killed and started again on the same ports and store (`stopNode` / `startNode`) or frozen
 * (`pause` / `resume`, SIGSTOP / SIGCONT). Torn down with `await cluster.stop()` (or
 * `await using`), which kills every node and removes the temp dirs.
 *
 * By default the helper writes a minimal config per node. With `configFor`, the caller
 * writes each node's config instead (e.g. infra/nats/cluster/'s files, templated for ports
 * and dirs), and `connect` gives the options the readiness checks connect with (TLS, a user).
 */
import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jetstreamManager, StorageType } from "@nats-io/jetstream";
import type { ConnectionOptions } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import { freePort, haltNatsServer, launchNatsServer } from "./nats-server.ts";

export interface NatsClusterOptions {
  /** Nodes in the cluster. @default 3 */
  size?: number;
  /** Print the servers' logs to stderr. @default NATS_DEBUG=1 */
  debug?: boolean;
  /** How long `start` and `startNode` wait for JetStream to be usable. @default 30000 */
  readyTimeoutMs?: number;
  /**
   * Writes node `slot.index`'s config file and returns its path and `server_name`. Called
   * once per node before any starts. @default the helper's own minimal config
   */
  configFor?: (slot: ClusterNodeSlot) => { path: string; name: string };
  /**
   * Connection options of the readiness checks (servers are added): what the nodes ask of a
   * client, e.g. `tls` and an admin `user` / `pass`. @default none
   */
  connect?: Partial<ConnectionOptions>;
}

/** What a node is given: its ports and dir, and every node's route port. */
export interface ClusterNodeSlot {
  index: number;
  clientPort: number;
  routePort: number;
  /** A free port for the node's monitoring endpoint (`http:`), if its config has one. */
  monitorPort: number;
  /** Every node's route port, by index (this node's included). */
  routePorts: number[];
  /** A fresh empty dir for this node (its store dir, its config). */
  dir: string;
}

export interface TestNatsCluster extends AsyncDisposable {
  /** Every node's client URL, comma-separated: what `NATS_URL` takes. */
  urls: string;
  /** Node i's client URL. */
  nodeUrls: string[];
  /** Node i's `server_name` (`n0`, `n1`, …): how stream info names leaders and replicas. */
  names: string[];
  /** Node i's store dir. */
  storeDirs: string[];
  /** Node i's process; undefined while the node is stopped. */
  processOf(i: number): ChildProcess | undefined;
  /** The index of the node called `name` (a leader's or replica's name in stream info). */
  indexOf(name: string): number;
  /** Stops node i (SIGKILL unless told otherwise); resolves once it has exited. */
  stopNode(i: number, opts?: { signal?: NodeJS.Signals }): Promise<void>;
  /** Starts node i again on its ports and store; resolves once its JetStream answers. */
  startNode(i: number): Promise<void>;
  /** Freezes node i (SIGSTOP): its sockets stay open, nothing answers. */
  pause(i: number): void;
  /** Thaws node i (SIGCONT). */
  resume(i: number): void;
  stop(): Promise<void>;
}

const CLUSTER_NAME = "seo-farm-test";

/** Starts the cluster; resolves once JetStream has a meta leader and can place R3 streams. */
export async function startNatsCluster(opts: NatsClusterOptions = {}): Promise<TestNatsCluster> {
  const size = opts.size ?? 3;
  const debug = opts.debug ?? process.env.NATS_DEBUG === "1";
  const readyTimeoutMs = opts.readyTimeoutMs ?? 30_000;
  const bin = process.env.NATS_SERVER_BIN ?? "nats-server";
  const root = mkdtempSync(join(tmpdir(), "seo-farm-cluster-"));
  const clientPorts: number[] = [];
  const routePorts: number[] = [];
  const monitorPorts: number[] = [];
  // freePort releases each port at once: take them all before any server binds, so no two
  // calls return the same one.
  const taken = new Set<number>();
  const lists = opts.configFor
    ? [clientPorts, routePorts, monitorPorts]
    : [clientPorts, routePorts];
  for (const list of lists) {
    while (list.length < size) {
      const p = await freePort();
      if (taken.has(p)) continue;
      taken.add(p);
      list.push(p);
    }
  }
  const names = clientPorts.map((_, i) => `n${i}`);
  const storeDirs: string[] = [];
  const confPaths: string[] = [];
  for (let i = 0; i < size; i++) {
    const dir = join(root, names[i]!);
    mkdirSync(dir);
    storeDirs.push(join(dir, "js"));
    if (opts.configFor) {
      const written = opts.configFor({
        index: i,
        clientPort: clientPorts[i]!,
        routePort: routePorts[i]!,
        monitorPort: monitorPorts[i]!,
        routePorts,
        dir,
      });
      confPaths.push(written.path);
      names[i] = written.name;
      continue;
    }
    const routes = routePorts
      .filter((_, j) => j !== i)
      .map((p) => `"nats-route://127.0.0.1:${p}"`)
      .join(", ");
    const conf = join(dir, "nats.conf");
    writeFileSync(
      conf,
      [
        `server_name: ${names[i]}`,
        `listen: 127.0.0.1:${clientPorts[i]}`,
        `jetstream { store_dir: "${storeDirs[i]}" }`,
        "cluster {",
        `  name: ${CLUSTER_NAME}`,
        `  listen: 127.0.0.1:${routePorts[i]}`,
        `  routes: [${routes}]`,
        "}",
      ].join("\n"),
    );
    confPaths.push(conf);
  }
  const nodeUrls = clientPorts.map((p) => `nats://127.0.0.1:${p}`);
  const children: Array<ChildProcess | undefined> = new Array(size).fill(undefined);
  const paused = new Set<number>();

  const check = (i: number): void => {
    if (!Number.isInteger(i) || i < 0 || i >= size) {
      throw new RangeError(`node index must be 0 to ${size - 1} (got ${i})`);
    }
  };
  const stop = async (): Promise<void> => {
    await Promise.all(
      children.map(async (c, i) => {
        if (!c) return;
        // A stopped process keeps SIGTERM pending: thaw it first so it can exit.
        if (paused.delete(i)) c.kill("SIGCONT");
        await haltNatsServer(c, "SIGKILL");
        children[i] = undefined;
      }),
    );
    rmSync(root, { recursive: true, force: true });
  };

  try {
    // All at once: a node waits for its routes' peers to form the meta group.
    await Promise.all(
      confPaths.map(async (conf, i) => {
        children[i] = await launchNatsServer(bin, conf, debug);
      }),
    );
    await Promise.all(nodeUrls.map((u) => waitForJetStream(u, readyTimeoutMs, opts.connect)));
    await waitForPlacement(nodeUrls.join(","), size, readyTimeoutMs, opts.connect);
  } catch (err) {
    await stop();
    throw err;
  }

  return {
    urls: nodeUrls.join(","),
    nodeUrls,
    names,
    storeDirs,
    processOf: (i) => children[i],
    indexOf(name) {
      const i = names.indexOf(name);
      if (i === -1)
        throw new RangeError(`no node is called "${name}" (nodes: ${names.join(", ")})`);
      return i;
    },
    async stopNode(i, stopOpts = {}) {
      check(i);
      const child = children[i];
      if (!child) return;
      if (paused.delete(i)) child.kill("SIGCONT");
      await haltNatsServer(child, stopOpts.signal ?? "SIGKILL");
      children[i] = undefined;
    },
    async startNode(i) {
      check(i);
      if (children[i]) throw new Error(`node ${names[i]} is already running`);
      children[i] = await launchNatsServer(bin, confPaths[i]!, debug);
      await waitForJetStream(nodeUrls[i]!, readyTimeoutMs, opts.connect);
    },
    pause(i) {
      check(i);
      const child = children[i];
      if (!child) throw new Error(`node ${names[i]} is not running`);
      child.kill("SIGSTOP");
      paused.add(i);
    },
    resume(i) {
      check(i);
      const child = children[i];
      if (!child || !paused.delete(i)) return;
      child.kill("SIGCONT");
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

/**
 * Polls `$JS.API.INFO` on one node until it answers without an error: the node has joined
 * the meta group and the group has a leader (before that it answers 503 "JetStream system
 * temporarily unavailable", or not at all).
 */
async function waitForJetStream(
  url: string,
  timeoutMs: number,
  extra: Partial<ConnectionOptions> = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    try {
      const nc = await connect({
        ...extra,
        servers: url,
        maxReconnectAttempts: 0,
        ignoreClusterUpdates: true,
        timeout: 2_000,
      });
      try {
        const m = await nc.request("$JS.API.INFO", undefined, { timeout: 2_000 });
        const info = m.json<{ error?: { code: number; description: string } }>();
        if (!info.error) return;
        last = `${info.error.code} ${info.error.description}`;
      } finally {
        await nc.close();
      }
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`JetStream on ${url} not ready in ${timeoutMs} ms: ${last}`);
}

/**
 * A meta leader can answer before every peer has registered with it; until then an R3
 * stream is refused ("insufficient resources"). Creates and deletes a probe stream with
 * `size` replicas until that works.
 */
async function waitForPlacement(
  urls: string,
  size: number,
  timeoutMs: number,
  extra: Partial<ConnectionOptions> = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const nc = await connect({ ...extra, servers: urls.split(","), timeout: 2_000 });
  let last = "";
  try {
    const jsm = await jetstreamManager(nc, { timeout: 5_000 });
    while (Date.now() < deadline) {
      try {
        await jsm.streams.add({
          name: "CLUSTER_PROBE",
          subjects: ["cluster.probe"],
          storage: StorageType.Memory,
          num_replicas: size,
        });
        await jsm.streams.delete("CLUSTER_PROBE");
        return;
      } catch (err) {
        last = err instanceof Error ? err.message : String(err);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await nc.close();
  }
  throw new Error(`the cluster could not place an R${size} stream in ${timeoutMs} ms: ${last}`);
}
