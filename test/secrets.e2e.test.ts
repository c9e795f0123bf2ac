/**
 * Keys stay secret: with the providers answering 401 and echoing the whole key they were
 * sent (the emulator's worst case), no log line of any process, no exported span, no error
 * body, workflow error, event or dead-letter entry and no metrics answer carries a provider
 * key, the gateway's API key or the metrics token; the places that would have shown one say `[redacted]`.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { after, before, describe, test } from "node:test";
import { jetstreamManager } from "@nats-io/jetstream";
import { STREAM_DLQ, STREAM_EVENTS } from "../core/subjects.ts";
import { freePort } from "./helpers/nats-server.ts";
import { type OtlpReceiver, startOtlpReceiver } from "./helpers/otlp-receiver.ts";
import { CLI, startStack, stopChild, type TestStack, waitFor } from "./helpers/stack.ts";

const OPENAI_KEY = "sk-test-openai-SECRET-7f3a9c1d";
const ANTHROPIC_KEY = "sk-ant-test-SECRET-b81e44aa";
const METRICS_TOKEN = "metrics-token-SECRET-42abcd";
const GATEWAY_KEY = "gw-key-SECRET-0c55e2a9f1";
const SECRETS = [OPENAI_KEY, ANTHROPIC_KEY, METRICS_TOKEN, GATEWAY_KEY];
const AUTH = { Authorization: `Bearer ${GATEWAY_KEY}` };

let stack: TestStack;
let receiver: OtlpReceiver;
let gateway: ChildProcess;
let actor: ChildProcess;
let base: string;
const exported: string[] = [];
const logs: string[] = [];
const seen: Array<[string, string]> = [];

function spawnLogged(args: string[], env: Record<string, string | undefined>): ChildProcess {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  child.stdout!.on("data", (d: Buffer) => logs.push(d.toString()));
  child.stderr!.on("data", (d: Buffer) => logs.push(d.toString()));
  return child;
}

function ready(child: ChildProcess, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`${what} exited with ${code}`)));
  });
}

before(async () => {
  receiver = await startOtlpReceiver((body) => exported.push(body));
  stack = await startStack({ gateway: false });
  const env = {
    ...stack.env,
    OPENAI_API_KEY: OPENAI_KEY,
    ANTHROPIC_API_KEY: ANTHROPIC_KEY,
    METRICS_TOKEN,
    GATEWAY_API_KEYS: `ci:${GATEWAY_KEY}`,
    LOG_LEVEL: "debug",
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
    OTEL_BSP_SCHEDULE_DELAY: "100",
  };
  const port = await freePort();
  gateway = spawnLogged(["gateway"], { ...env, PORT: String(port) });
  await ready(gateway, "gateway");
  base = `http://127.0.0.1:${port}`;
  actor = spawnLogged(["actor", "--all"], env);
  await ready(actor, "actor");
});

after(async () => {
  if (actor) await stopChild(actor);
  if (gateway) await stopChild(gateway);
  await stack?.stop();
  receiver?.close();
});

async function emulator(config: unknown): Promise<void> {
  await fetch(`${stack.emulatorBase}/_emulator/reset`, { method: "POST" });
  const r = await fetch(`${stack.emulatorBase}/_emulator/config`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(config),
  });
  assert.equal(r.status, 200, await r.text());
}

async function failedWorkflow(keyword: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}/v1/workflows`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...AUTH },
    body: JSON.stringify({ keyword, wordCount: 300 }),
  });
  assert.equal(res.status, 202);
  const { id } = (await res.json()) as { id: string };
  return await waitFor(
    `workflow ${id} to fail`,
    async () => {
      const r = await fetch(`${base}/v1/workflows/${id}`, { headers: AUTH });
      const text = await r.text();
      seen.push([`GET /v1/workflows/${id}`, text]);
      const w = JSON.parse(text) as Record<string, unknown>;
      return w.status === "failed" ? w : undefined;
    },
    30_000,
    200,
  );
}

describe("secrets", () => {
  test("a provider that echoes the key in a 401 leaks it nowhere: logs, spans, errors, DLQ, events, metrics", async () => {
    // OpenAI's stage (outline) and then Anthropic's (the draft) answer 401 with the key.
    await emulator({ tasks: { outline: { errorRate: 1, errorStatus: 401 } } });
    const openaiFailed = await failedWorkflow("leaky openai keyword");
    await emulator({ tasks: { draft: { errorRate: 1, errorStatus: 401 } } });
    const anthropicFailed = await failedWorkflow("leaky anthropic keyword");
    for (const w of [openaiFailed, anthropicFailed]) {
      const error = w.error as { message: string };
      assert.match(error.message, /HTTP 401/);
      assert.match(error.message, /Incorrect API key provided: \[redacted\]/, error.message);
    }

    // Error bodies of the gateway, and the metrics endpoint with a wrong and the right token.
    for (const path of ["/v1/workflows/nope!", "/v1/nothing-here"]) {
      seen.push([path, await (await fetch(`${base}${path}`, { headers: AUTH })).text()]);
    }
    // A near miss of the gateway key is refused without echoing either.
    const wrong = await fetch(`${base}/v1/workflows/x`, {
      headers: { Authorization: `Bearer ${GATEWAY_KEY}x` },
    });
    assert.equal(wrong.status, 401);
    seen.push(["401 body", await wrong.text()]);
    const denied = await fetch(`${base}/metrics`, { headers: { Authorization: "Bearer wrong" } });
    assert.equal(denied.status, 401);
    seen.push(["/metrics denied", await denied.text()]);
    const metrics = await fetch(`${base}/metrics`, {
      headers: { Authorization: `Bearer ${METRICS_TOKEN}` },
    });
    assert.equal(metrics.status, 200);
    seen.push(["/metrics", await metrics.text()]);

    // Everything in the dead-letter and event streams.
    const jsm = await jetstreamManager(stack.nc);
    for (const stream of [STREAM_DLQ, STREAM_EVENTS]) {
      const info = await jsm.streams.info(stream);
      for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
        const m = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
        if (!m) continue;
        const headers = m.header
          ? [...m.header.keys()].map((k) => `${k}: ${m.header!.get(k)}`)
          : [];
        seen.push([
          `${stream} #${seq}`,
          `${headers.join("\n")}\n${new TextDecoder().decode(m.data)}`,
        ]);
      }
    }
    assert.ok(
      seen.some(([where]) => where.startsWith(STREAM_DLQ)),
      "the failures were dead-lettered",
    );

    // Spans, once every process has flushed its batch.
    await waitFor(
      "the failed LLM spans to be exported",
      () => (exported.join("\n").includes("[redacted]") ? true : undefined),
      20_000,
      200,
    );
    await stopChild(actor);
    await stopChild(gateway);
    seen.push(["exported spans", exported.join("\n")]);
    seen.push(["logs", logs.join("")]);
    assert.ok(logs.join("").includes("[redacted]"), "the logs show where a key was removed");

    for (const [where, text] of seen) {
      for (const secret of SECRETS) {
        assert.ok(!text.includes(secret), `${where} carries a secret:\n${text.slice(0, 2000)}`);
      }
    }
  });
});
