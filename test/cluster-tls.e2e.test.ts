/**
 * The 3-node cluster of infra/nats/cluster/, started from those very files (templated only
 * for ports, dirs and, here, mutual TLS; see helpers/cluster-files.ts) with certificates
 * from its make-certs.sh: TLS on the routes and on the client port, one NATS user per role.
 * The gateway, two actors and the test's admin connection sit on different nodes over TLS,
 * each with its own client certificate, and complete workflows exactly once; R3 streams and
 * buckets are placed by NATS_PLACEMENT_TAGS.
 *
 * Knob: SEO_FARM_CLUSTER_TLS_WORKFLOWS workflows (default 20).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import type { Env } from "../core/config.ts";
import { createLogger } from "../core/log.ts";
import { natsConnectionOptions } from "../core/nats/connect-options.ts";
import { type RunningGateway, startGateway } from "../gateway/node.ts";
import type { ApiWorkflow } from "./helpers/article.ts";
import { assertCompleteArticle } from "./helpers/article.ts";
import { makeClusterCerts, NODE_NAMES, writeNodeConfig } from "./helpers/cluster-files.ts";
import { keywordFor } from "./helpers/faults.ts";
import { checkLedger, ledgerSummary } from "./helpers/ledger.ts";
import { startNatsCluster, type TestNatsCluster } from "./helpers/nats-cluster.ts";
import { freePort, launchNatsServer } from "./helpers/nats-server.ts";
import { startStack, type TestStack, waitFor } from "./helpers/stack.ts";

const WORKFLOWS = Number(process.env.SEO_FARM_CLUSTER_TLS_WORKFLOWS ?? 20);
type Role = "admin" | "gateway" | "actor" | "supervisor" | "submitter" | "events_reader";
const ROLES: Role[] = ["admin", "gateway", "actor", "supervisor", "submitter", "events_reader"];
const PASSWORD = (role: Role) => `${role}-tls-test-password-0123456789`;

const root = mkdtempSync(join(tmpdir(), "seo-farm-cluster-tls-"));
const certDir = join(root, "certs");
const readFile = (p: string) => new Uint8Array(readFileSync(p));

/** A role's environment: its user, its inbox prefix, the CA and its own client certificate. */
function roleEnv(role: Role): Env {
  return {
    NATS_USER: role,
    NATS_PASSWORD: PASSWORD(role),
    NATS_INBOX_PREFIX: `_INBOX_${role}`,
    NATS_TLS_CA: join(certDir, "ca.pem"),
    NATS_TLS_CERT: join(certDir, `client-${role}.pem`),
    NATS_TLS_KEY: join(certDir, `client-${role}-key.pem`),
  };
}

let cluster: TestNatsCluster;
let stack: TestStack;
let gateway: RunningGateway;
let gatewayNc: NatsConnection;
const monitorPorts: number[] = [];

before(async () => {
  makeClusterCerts(certDir, ["admin", "gateway", "actor"]);
  // The servers read the role passwords from their environment; this process (the test's own
  // connection, the stack helper's setup) is the admin, over TLS with its certificate.
  for (const role of ROLES) {
    process.env[`SEO_FARM_NATS_${role.toUpperCase()}_PASSWORD`] = PASSWORD(role);
  }
  Object.assign(process.env, { ...roleEnv("admin"), NATS_INBOX_PREFIX: "_INBOX" });
});

after(async () => {
  await gateway?.close();
  await gatewayNc?.close();
  await stack?.stop();
  await cluster?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe("infra/nats/cluster: three nodes from the shipped files, TLS everywhere", () => {
  test("every shipped node file is valid as nats-server reads it, and a node as shipped takes a client with only the CA", async () => {
    const slot = {
      index: 0,
      clientPort: await freePort(),
      routePort: await freePort(),
      monitorPort: await freePort(),
      routePorts: [await freePort(), await freePort(), await freePort()],
      dir: mkdtempSync(join(root, "alone-")),
    };
    for (let i = 0; i < NODE_NAMES.length; i++) {
      const conf = writeNodeConfig({ ...slot, index: i }, { certDir });
      const t = spawnSync("nats-server", ["-c", conf.path, "-t"], { encoding: "utf8" });
      assert.equal(t.status, 0, `${conf.name}: ${t.stdout}${t.stderr}`);
    }
    // nats-1 alone (its routes find nobody; clients are served all the same), verify: false
    // as shipped: the CA and a password are enough, a plain connection is not.
    const conf = writeNodeConfig(slot, { certDir });
    const node = await launchNatsServer(
      process.env.NATS_SERVER_BIN ?? "nats-server",
      conf.path,
      false,
    );
    try {
      const url = `nats://127.0.0.1:${slot.clientPort}`;
      const env = { ...roleEnv("submitter"), NATS_TLS_CERT: "", NATS_TLS_KEY: "" };
      const nc = await connect(
        natsConnectionOptions(url, { name: "ca-only", reconnectForever: false }, env, readFile),
      );
      assert.equal(nc.info?.tls_required, true);
      assert.equal(nc.info?.server_name, "nats-1");
      await nc.close();
      await assert.rejects(
        connect({ servers: url, user: "submitter", pass: PASSWORD("submitter"), tls: null }),
        "a client that will not speak TLS is refused",
      );
    } finally {
      node.kill("SIGKILL");
    }
  });

  test("gateway and actors on different nodes, as their own users over mutual TLS, complete workflows once on R3 streams placed by tag", {
    timeout: 240_000,
  }, async () => {
    const t0 = Date.now();
    const ca = readFileSync(join(certDir, "ca.pem"), "utf8");
    cluster = await startNatsCluster({
      configFor: (slot) => {
        monitorPorts[slot.index] = slot.monitorPort;
        return writeNodeConfig(slot, { certDir, mutualTls: true });
      },
      connect: {
        user: "admin",
        pass: PASSWORD("admin"),
        tls: {
          ca,
          cert: readFileSync(join(certDir, "client-admin.pem"), "utf8"),
          key: readFileSync(join(certDir, "client-admin-key.pem"), "utf8"),
        },
      },
    });
    assert.deepEqual(cluster.names, NODE_NAMES);
    const varz = (await (await fetch(`http://127.0.0.1:${monitorPorts[0]}/varz`)).json()) as {
      tls_required?: boolean;
      tls_verify?: boolean;
      cluster?: { tls_required?: boolean; tls_verify?: boolean };
    };
    assert.equal(varz.tls_required, true, "TLS on the client port");
    assert.equal(varz.tls_verify, true, "client certificates verified");
    assert.equal(varz.cluster?.tls_required, true, "TLS on the routes");
    assert.equal(varz.cluster?.tls_verify, true, "route certificates verified");

    // Setup as the admin on nats-1; the gateway on nats-1, the actors on nats-2 and nats-3.
    stack = await startStack({
      natsUrl: cluster.nodeUrls[0]!,
      gateway: false,
      env: { NATS_REPLICAS: "3", NATS_PLACEMENT_TAGS: "disk:ssd", LOG_LEVEL: "error" },
    });
    gatewayNc = await connect(
      natsConnectionOptions(
        cluster.nodeUrls[0]!,
        { name: "seo-farm-gateway" },
        roleEnv("gateway"),
        readFile,
      ),
    );
    gateway = await startGateway({
      nc: gatewayNc,
      config: stack.config,
      logger: createLogger({ level: "error" }),
      env: { ...stack.env, ...roleEnv("gateway") },
    });
    stack.gateway = gateway;
    await stack.startActor("all", { ...roleEnv("actor"), NATS_URL: cluster.nodeUrls[1] });
    await stack.startActor("all", { ...roleEnv("actor"), NATS_URL: cluster.nodeUrls[2] });

    // Each node serves its role over TLS, as its user.
    for (const [i, user] of [
      [0, "gateway"],
      [1, "actor"],
      [2, "actor"],
    ] as const) {
      const connz = (await (
        await fetch(`http://127.0.0.1:${monitorPorts[i]}/connz?auth=true`)
      ).json()) as {
        connections?: Array<{ authorized_user?: string; tls_version?: string }>;
      };
      const mine = (connz.connections ?? []).filter((c) => c.authorized_user === user);
      assert.ok(mine.length > 0, `${NODE_NAMES[i]} has a ${user} connection`);
      assert.ok(
        mine.every((c) => c.tls_version),
        `${NODE_NAMES[i]}: ${JSON.stringify(mine)}`,
      );
    }
    // No certificate, no connection; a password alone is not enough. (Under TLS 1.3 the
    // server refuses the certificate after the client's side of the handshake is done, so
    // the refusal arrives as the connection closing; one server, no retries.)
    await assert.rejects(
      connect({
        ...natsConnectionOptions(
          cluster.nodeUrls[1]!,
          { name: "no-cert", reconnectForever: false },
          { ...roleEnv("submitter"), NATS_TLS_CERT: "", NATS_TLS_KEY: "" },
          readFile,
        ),
        maxReconnectAttempts: 0,
        ignoreClusterUpdates: true,
        timeout: 5_000,
      }).then(async (nc) => {
        // Connected at the TLS layer: the first round trip fails.
        try {
          await nc.flush();
        } finally {
          await nc.close().catch(() => {});
        }
      }),
      "a client without a certificate is refused",
    );

    const jsm = await jetstreamManager(stack.nc);
    for await (const s of jsm.streams.list()) {
      assert.equal(s.config.num_replicas, 3, `${s.config.name} is R3`);
      assert.deepEqual(s.config.placement?.tags, ["disk:ssd"], `${s.config.name} placed by tag`);
    }

    const ids: string[] = [];
    for (let i = 0; i < WORKFLOWS; i += 5) {
      const batch = [];
      for (let j = i; j < Math.min(i + 5, WORKFLOWS); j++) {
        batch.push(
          fetch(`${gateway.url}/v1/workflows`, {
            method: "POST",
            headers: { "Content-Type": "application/json", "Idempotency-Key": `tls-${j}` },
            body: JSON.stringify({ keyword: keywordFor(j) }),
          }).then(async (r) => {
            assert.equal(r.status, 202, await r.clone().text());
            return ((await r.json()) as { id: string }).id;
          }),
        );
      }
      ids.push(...(await Promise.all(batch)));
    }
    const ledger = await checkLedger(stack.nc, ids, {
      emulatorBase: stack.emulatorBase,
      timeoutMs: 120_000,
    });
    console.log(
      `[cluster-tls] ${WORKFLOWS} workflows over TLS: ${ledgerSummary(ledger)} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
    assert.deepEqual(ledger.problems, []);
    assert.equal(ledger.completed, ids.length);
    assert.equal(ledger.duplicated, 0);

    // What a user reads through the gateway: the article of each.
    for (const [i, id] of ids.entries()) {
      const w = await waitFor(`workflow ${id} through the gateway`, async () => {
        const r = await fetch(`${gateway.url}/v1/workflows/${id}`);
        const body = (await r.json()) as ApiWorkflow;
        return body.status === "completed" ? body : undefined;
      });
      assertCompleteArticle(w, keywordFor(i));
    }
    for (const a of stack.actors) assert.equal(a.exitCode, null, "the actors stayed up");
  });
});
