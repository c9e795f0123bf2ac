/**
 * infra/nats/cluster/ as a test runs it: certificates from its make-certs.sh, and its node
 * configs templated only for what one test machine must change — the host names (all nodes
 * are 127.0.0.1 here), the ports, the store and certificate dirs, and, when asked, the one
 * `verify:` line that turns on mutual TLS for clients. Every replacement must match exactly
 * as often as expected, so a change to the files fails here instead of testing something else.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ClusterNodeSlot } from "./nats-cluster.ts";

export const CLUSTER_DIR = fileURLToPath(new URL("../../../infra/nats/cluster/", import.meta.url));
export const PERMISSIONS_FILE = fileURLToPath(
  new URL("../../../infra/nats/permissions.conf", import.meta.url),
);
/** The node names the shipped files use, in order. */
export const NODE_NAMES = ["nats-1", "nats-2", "nats-3"];

/** Runs make-certs.sh into `dir`: CA, node certificates, and client certificates for `clients`. */
export function makeClusterCerts(dir: string, clients: string[] = []): void {
  const args = [join(CLUSTER_DIR, "make-certs.sh"), "--out", dir];
  if (clients.length) args.push("--clients", clients.join(" "));
  const r = spawnSync("bash", args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`make-certs.sh failed (${r.status}):\n${r.stderr}`);
}

function replaceExactly(text: string, from: string, to: string, times: number, what: string) {
  const n = text.split(from).length - 1;
  if (n !== times) {
    throw new Error(`templating ${what}: expected "${from}" ${times} time(s), found ${n}`);
  }
  return text.split(from).join(to);
}

export interface NodeTemplate {
  certDir: string;
  /** Turn on `verify: true` in the client TLS block (mutual TLS). @default false */
  mutualTls?: boolean;
}

/**
 * Writes node `slot.index`'s shipped config, templated, into `<slot.dir>/nats/cluster/`, with
 * permissions.conf beside it as `../permissions.conf` (includes are relative to the file).
 */
export function writeNodeConfig(
  slot: ClusterNodeSlot,
  t: NodeTemplate,
): { path: string; name: string } {
  const name = NODE_NAMES[slot.index];
  if (!name) throw new RangeError(`the shipped files have ${NODE_NAMES.length} nodes`);
  const file = `${name}.conf`;
  let text = readFileSync(join(CLUSTER_DIR, file), "utf8");
  const what = file;
  text = replaceExactly(
    text,
    "listen: 0.0.0.0:4222",
    `listen: 127.0.0.1:${slot.clientPort}`,
    1,
    what,
  );
  text = replaceExactly(text, `"${name}:4222"`, `"127.0.0.1:${slot.clientPort}"`, 1, what);
  text = replaceExactly(
    text,
    "http: 127.0.0.1:8222",
    `http: 127.0.0.1:${slot.monitorPort}`,
    1,
    what,
  );
  text = replaceExactly(
    text,
    "listen: 0.0.0.0:6222",
    `listen: 127.0.0.1:${slot.routePort}`,
    1,
    what,
  );
  text = replaceExactly(text, `"${name}:6222"`, `"127.0.0.1:${slot.routePort}"`, 1, what);
  NODE_NAMES.forEach((other, i) => {
    if (other === name) return;
    text = replaceExactly(
      text,
      `nats-route://${other}:6222`,
      `nats-route://127.0.0.1:${slot.routePorts[i]}`,
      1,
      what,
    );
  });
  text = replaceExactly(text, "/etc/nats/certs", t.certDir, 6, what);
  // The dir the cluster helper reports as the node's store dir.
  const store = join(slot.dir, "js");
  text = replaceExactly(text, '"/var/lib/nats"', JSON.stringify(store), 1, what);
  if (t.mutualTls) text = replaceExactly(text, "  verify: false\n", "  verify: true\n", 1, what);
  const confDir = join(slot.dir, "nats", "cluster");
  mkdirSync(confDir, { recursive: true });
  copyFileSync(PERMISSIONS_FILE, join(slot.dir, "nats", "permissions.conf"));
  const path = join(confDir, file);
  writeFileSync(path, text);
  return { path, name };
}
