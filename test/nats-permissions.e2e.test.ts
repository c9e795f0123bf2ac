/**
 * Least-privilege NATS users (infra/nats/permissions.conf): the whole stack runs with one
 * user per role — actors as `actor`, the gateway as `gateway`, a NATS client as `submitter`
 * — and completes workflows; each role is refused what it must not do, with the server's
 * permission-violation error. The server is a real nats-server started with that file.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import type { Env } from "../core/config.ts";
import { createLogger } from "../core/log.ts";
import { natsConnectionOptions } from "../core/nats/connect-options.ts";
import {
  BUCKET_LLM_CACHE,
  BUCKET_WORKFLOWS,
  STREAM_DLQ,
  STREAM_STAGES,
  SUBJECT_SUBMIT,
} from "../core/subjects.ts";
import { type RunningGateway, startGateway } from "../gateway/node.ts";
import { assertCompleteArticle } from "./helpers/article.ts";
import {
  CLI,
  startStack,
  submitWorkflow,
  type TestStack,
  waitFor,
  waitForWorkflows,
} from "./helpers/stack.ts";

const PERMISSIONS = fileURLToPath(new URL("../../infra/nats/permissions.conf", import.meta.url));
type Role = "admin" | "gateway" | "actor" | "supervisor" | "submitter" | "events_reader";
const ROLES: Role[] = ["admin", "gateway", "actor", "supervisor", "submitter", "events_reader"];
const PASSWORD = (role: Role) => `${role}-test-password-0123456789`;

// The server reads the passwords from its environment; this process (the test's own
// connection, the stack helper's) is the admin.
for (const role of ROLES) {
  process.env[`SEO_FARM_NATS_${role.toUpperCase()}_PASSWORD`] = PASSWORD(role);
}
process.env.NATS_USER = "admin";
process.env.NATS_PASSWORD = PASSWORD("admin");

function roleEnv(role: Role): Env {
  return {
    NATS_USER: role,
    NATS_PASSWORD: PASSWORD(role),
    NATS_INBOX_PREFIX: `_INBOX_${role}`,
  };
}

async function connectAs(url: string, role: Role, name = `test-${role}`): Promise<NatsConnection> {
  return await connect(
    natsConnectionOptions(url, { name, reconnectForever: false }, roleEnv(role)),
  );
}

/** Resolves to the error `op` fails with; fails the test if it succeeds. */
async function refused(what: string, op: () => Promise<unknown>): Promise<Error> {
  try {
    await op();
  } catch (err) {
    return err as Error;
  }
  assert.fail(`${what} should have been refused`);
}

function assertPermissionError(err: Error, subject: RegExp, what: string): void {
  const text = `${err.message} ${String((err as { cause?: unknown }).cause ?? "")}`;
  assert.match(text, /permissions violation/i, `${what}: ${text}`);
  assert.match(text, subject, `${what}: ${text}`);
}

let stack: TestStack;
let gateway: RunningGateway;
let gatewayNc: NatsConnection;
const conns: NatsConnection[] = [];
let serverLog = "";

before(async () => {
  // The file as operators use it, inlined (nats-server resolves includes relative to the
  // including file, which the helper writes to a temp dir with its random port).
  stack = await startStack({
    gateway: false,
    nats: { config: readFileSync(PERMISSIONS, "utf8"), debug: process.env.NATS_DEBUG === "1" },
  });
  stack.nats!.process.stderr?.on("data", (d: Buffer) => {
    serverLog += d.toString();
  });
  gatewayNc = await connectAs(stack.natsUrl, "gateway", "seo-farm-gateway");
  gateway = await startGateway({
    nc: gatewayNc,
    config: stack.config,
    logger: createLogger({ level: "error" }),
    env: { ...stack.env, ...roleEnv("gateway") },
  });
  stack.gateway = gateway;
  await stack.startActor("all", roleEnv("actor"));
});
after(async () => {
  for (const nc of conns) await nc.close().catch(() => {});
  await gateway?.close();
  await gatewayNc?.close();
  await stack?.stop();
});

async function as(role: Role): Promise<NatsConnection> {
  const nc = await connectAs(stack.natsUrl, role);
  conns.push(nc);
  return nc;
}

describe("the stack with one NATS user per role", () => {
  test("a workflow created over HTTP completes with the gateway and actors as their own users", async () => {
    const id = await submitWorkflow(stack, { keyword: "least privilege shoes" });
    const [w] = await waitForWorkflows(stack, [id], 60_000);
    assertCompleteArticle(w!, "least privilege shoes");
    const base = gateway.url;
    // The gateway's other reads and writes: SSE replay, listing, the article, a batch,
    // cancel and delete.
    const sse = await (await fetch(`${base}/v1/workflows/${id}/events`)).text();
    assert.match(sse, /event: done/);
    assert.equal((await fetch(`${base}/v1/workflows?limit=5`)).status, 200);
    assert.equal((await fetch(`${base}/v1/workflows/${id}/article.html`)).status, 200);
    const batch = await fetch(`${base}/v1/batches`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ keywords: ["least privilege batch"] }),
    });
    assert.equal(batch.status, 202, await batch.clone().text());
    const batchId = ((await batch.json()) as { id: string }).id;
    await waitFor(
      "the batch to end",
      async () => {
        const b = (await (await fetch(`${base}/v1/batches/${batchId}`)).json()) as {
          progress: { ended: number };
        };
        return b.progress.ended === 1 ? true : undefined;
      },
      60_000,
    );
    const running = await submitWorkflow(stack, { keyword: "cancel me please" });
    await waitFor("recorded", async () =>
      (await fetch(`${base}/v1/workflows/${running}`)).status === 200 ? true : undefined,
    );
    assert.ok(
      [200, 409].includes(
        (await fetch(`${base}/v1/workflows/${running}/cancel`, { method: "POST" })).status,
      ),
    );
    assert.equal((await fetch(`${base}/v1/workflows/${id}`, { method: "DELETE" })).status, 204);
    assert.equal((await fetch(`${base}/v1/workflows/${id}`)).status, 404);
  });

  test("a submitter publishes to seo.submit and follows the workflow's events live", async () => {
    const nc = await as("submitter");
    const events: string[] = [];
    const id = "submitter-wf-1";
    const sub = nc.subscribe(`seo.events.${id}.>`);
    const done = (async () => {
      for await (const m of sub) {
        events.push(m.subject.split(".").pop()!);
        if (m.subject.endsWith(".done") || m.subject.endsWith(".failed")) break;
      }
    })();
    const ack = await jetstream(nc).publish(
      SUBJECT_SUBMIT,
      JSON.stringify({ keyword: "submitted over nats", id }),
    );
    assert.equal(ack.stream, STREAM_STAGES);
    await waitFor("the done event", () => (events.includes("done") ? true : undefined), 60_000);
    await done;
    assert.ok(events.includes("status") && events.includes("stage"), events.join(","));
  });

  test("a supervisor runs as its own user without a permission violation", async () => {
    const child = spawn(process.execPath, [CLI, "supervisor", "--dry-run"], {
      env: { ...process.env, ...stack.env, ...roleEnv("supervisor"), LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr!.on("data", (d: Buffer) => {
      out += d.toString();
    });
    try {
      // It has set up the topology, read the lag and taken the leader lease.
      await waitFor(
        "the supervisor to lead",
        () => (/"leading"/.test(out) ? true : undefined),
        20_000,
      );
      await new Promise((r) => setTimeout(r, 2_000));
      assert.doesNotMatch(out, /permission|authoriz/i, out);
      assert.equal(child.exitCode, null, `the supervisor exited:\n${out}`);
    } finally {
      child.kill("SIGKILL");
    }
  });
});

describe("each role is refused what it must not do", () => {
  test("an actor cannot delete a stream or a stage consumer, nor submit work", async () => {
    const nc = await as("actor");
    const jsm = await jetstreamManager(nc);
    assertPermissionError(
      await refused("actor deletes SEO_STAGES", () => jsm.streams.delete(STREAM_STAGES)),
      /\$JS\.API\.STREAM\.DELETE\.SEO_STAGES/,
      "stream delete",
    );
    assertPermissionError(
      await refused("actor deletes SEO_DLQ", () => jsm.streams.delete(STREAM_DLQ)),
      /\$JS\.API\.STREAM\.DELETE\.SEO_DLQ/,
      "stream delete",
    );
    assertPermissionError(
      await refused("actor deletes the intake consumer", () =>
        jsm.consumers.delete(STREAM_STAGES, "intake"),
      ),
      /CONSUMER\.DELETE\.SEO_STAGES\.intake/,
      "consumer delete",
    );
    assertPermissionError(
      await refused("actor publishes to seo.submit", () =>
        jetstream(nc).publish(SUBJECT_SUBMIT, JSON.stringify({ keyword: "x" })),
      ),
      /seo\.submit/,
      "submit",
    );
    // The stream is still there.
    assert.ok(await (await jetstreamManager(stack.nc)).streams.info(STREAM_STAGES));
  });

  test("a submitter cannot touch the JetStream API, the cache or the state bucket", async () => {
    const nc = await as("submitter");
    assertPermissionError(
      await refused("submitter opens the JetStream API", () => jetstreamManager(nc)),
      /\$JS\.API\.INFO/,
      "JS API",
    );
    assertPermissionError(
      await refused("submitter reads stream info", () =>
        nc.request(`$JS.API.STREAM.INFO.${STREAM_STAGES}`, "", { timeout: 2_000 }),
      ),
      /\$JS\.API\.STREAM\.INFO/,
      "stream info",
    );
    for (const bucket of [BUCKET_LLM_CACHE, BUCKET_WORKFLOWS]) {
      assertPermissionError(
        await refused(`submitter reads ${bucket}`, async () =>
          (await new Kvm(nc).open(bucket)).get("wf.x"),
        ),
        /\$JS\.API/,
        `open ${bucket}`,
      );
      // Writing past the KV client, straight to the bucket's subjects.
      assertPermissionError(
        await refused(`submitter writes ${bucket}`, () =>
          jetstream(nc).publish(`$KV.${bucket}.wf.evil`, "{}"),
        ),
        new RegExp(`\\$KV\\.${bucket}`),
        `write ${bucket}`,
      );
    }
    assertPermissionError(
      await refused("submitter publishes a stage message", () =>
        jetstream(nc).publish("seo.stage.research", "{}"),
      ),
      /seo\.stage\.research/,
      "stage publish",
    );
    // Nor read other roles' replies (KV reads of workflow state go to the gateway's inbox).
    const snoop = nc.subscribe("_INBOX_gateway.>");
    assertPermissionError(
      await refused("submitter subscribes to the gateway's replies", async () => {
        for await (const _ of snoop) break;
      }),
      /_INBOX_gateway/,
      "inbox snooping",
    );
  });

  test("the gateway cannot delete streams or stage consumers, nor write stage or cache subjects", async () => {
    const nc = await as("gateway");
    const jsm = await jetstreamManager(nc);
    assertPermissionError(
      await refused("gateway deletes SEO_EVENTS", () => jsm.streams.delete("SEO_EVENTS")),
      /STREAM\.DELETE\.SEO_EVENTS/,
      "stream delete",
    );
    assertPermissionError(
      await refused("gateway deletes the workflow bucket", () =>
        jsm.streams.delete(`KV_${BUCKET_WORKFLOWS}`),
      ),
      /STREAM\.DELETE\.KV_seo-workflows/,
      "bucket delete",
    );
    assertPermissionError(
      await refused("gateway deletes a stage consumer", () =>
        jsm.consumers.delete(STREAM_STAGES, "stage-draft"),
      ),
      /CONSUMER\.DELETE\.SEO_STAGES/,
      "consumer delete",
    );
    assertPermissionError(
      await refused("gateway publishes a stage message", () =>
        jetstream(nc).publish("seo.stage.draft", "{}"),
      ),
      /seo\.stage\.draft/,
      "stage publish",
    );
    assertPermissionError(
      await refused("gateway writes the LLM cache", () =>
        jetstream(nc).publish(`$KV.${BUCKET_LLM_CACHE}.llm.x`, "{}"),
      ),
      /seo-llm-cache/,
      "cache write",
    );
  });

  test("the supervisor cannot delete streams, submit work or write workflow state", async () => {
    const nc = await as("supervisor");
    const jsm = await jetstreamManager(nc);
    assertPermissionError(
      await refused("supervisor deletes SEO_STAGES", () => jsm.streams.delete(STREAM_STAGES)),
      /STREAM\.DELETE\.SEO_STAGES/,
      "stream delete",
    );
    assertPermissionError(
      await refused("supervisor submits", () =>
        jetstream(nc).publish(SUBJECT_SUBMIT, JSON.stringify({ keyword: "x" })),
      ),
      /seo\.submit/,
      "submit",
    );
    assertPermissionError(
      await refused("supervisor writes a workflow", () =>
        jetstream(nc).publish(`$KV.${BUCKET_WORKFLOWS}.wf.x`, "{}"),
      ),
      /seo-workflows/,
      "state write",
    );
  });

  test("a wrong password is refused", async () => {
    const err = await refused("connect with a wrong password", () =>
      connect(
        natsConnectionOptions(
          stack.natsUrl,
          { name: "intruder", reconnectForever: false },
          { NATS_USER: "actor", NATS_PASSWORD: "wrong-password" },
        ),
      ),
    );
    assert.match(err.message + String(err.cause ?? ""), /authoriz/i);
  });
});

describe("the server's log", () => {
  test("the services themselves never hit a permission violation", () => {
    const theirs = serverLog.split("\n").filter((l) => /Violation/.test(l) && /"seo-farm-/.test(l));
    assert.deepEqual(theirs, []);
    // The refusals above were logged: the log is really being read.
    assert.match(serverLog, /Publish Violation - User "submitter"/);
  });
});
