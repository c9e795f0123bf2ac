/**
 * One workflow is one trace: the spans every process exports (OTLP over HTTP, JSON, to a
 * receiver in this test) form gateway request → workflow → one span per stage → cache
 * lookup → LLM call, all under one trace id, with the GenAI attributes on the LLM calls.
 * A NATS client that publishes to seo.submit with its own traceparent gets the workflow
 * in its trace.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { after, before, describe, test } from "node:test";
import { jetstream } from "@nats-io/jetstream";
import { headers as natsHeaders } from "@nats-io/nats-core";
import { freePort } from "./helpers/nats-server.ts";
import { type OtlpReceiver, startOtlpReceiver } from "./helpers/otlp-receiver.ts";
import { CLI, startStack, stopChild, type TestStack, waitFor } from "./helpers/stack.ts";

interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  service: string;
  attributes: Record<string, string | number | boolean>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}

function value(v: OtlpValue): string | number | boolean {
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.boolValue !== undefined) return v.boolValue;
  return v.doubleValue ?? "";
}

function attrs(list: Array<{ key: string; value: OtlpValue }> = []) {
  return Object.fromEntries(list.map((a) => [a.key, value(a.value)]));
}

const spans: ReceivedSpan[] = [];
let receiver: OtlpReceiver;
let receiverUrl: string;
let stack: TestStack;
let gateway: ChildProcess;
let base: string;

before(async () => {
  receiver = await startOtlpReceiver((body, path) => {
    if (path === "/v1/traces") {
      const doc = JSON.parse(body) as {
        resourceSpans: Array<{
          resource: { attributes: Array<{ key: string; value: OtlpValue }> };
          scopeSpans: Array<{
            spans: Array<{
              traceId: string;
              spanId: string;
              parentSpanId?: string;
              name: string;
              kind: number;
              attributes?: Array<{ key: string; value: OtlpValue }>;
            }>;
          }>;
        }>;
      };
      for (const rs of doc.resourceSpans) {
        const service = String(attrs(rs.resource.attributes)["service.name"]);
        for (const ss of rs.scopeSpans) {
          for (const s of ss.spans) {
            spans.push({
              traceId: s.traceId,
              spanId: s.spanId,
              ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
              name: s.name,
              kind: s.kind,
              service,
              attributes: attrs(s.attributes),
            });
          }
        }
      }
    }
  });
  receiverUrl = receiver.url;
  stack = await startStack({
    gateway: false,
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiverUrl,
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
      OTEL_BSP_SCHEDULE_DELAY: "100",
      OTEL_TRACES_SAMPLER: "always_on",
    },
  });
  const port = await freePort();
  gateway = spawn(process.execPath, [CLI, "gateway"], {
    env: { ...process.env, ...stack.env, PORT: String(port) },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  await new Promise<void>((resolve, reject) => {
    gateway.once("message", () => resolve());
    gateway.once("exit", (code) => reject(new Error(`gateway exited with ${code}`)));
  });
  base = `http://127.0.0.1:${port}`;
  await stack.startActor("all");
});

after(async () => {
  if (gateway) await stopChild(gateway);
  await stack?.stop();
  receiver?.close();
});

async function waitCompleted(
  id: string,
): Promise<{ stages: Array<{ name: string; llmCalls?: number }> }> {
  return await waitFor(
    `workflow ${id}`,
    async () => {
      const r = await fetch(`${base}/v1/workflows/${id}`);
      if (r.status !== 200) return undefined;
      const w = (await r.json()) as {
        status: string;
        stages: Array<{ name: string; llmCalls?: number }>;
      };
      if (w.status === "failed") throw new Error(`workflow ${id} failed`);
      return w.status === "completed" ? w : undefined;
    },
    60_000,
    200,
  );
}

const STAGES = ["research", "outline", "draft", "optimise", "review", "assemble"];

describe("tracing", () => {
  test("a workflow submitted over HTTP is one trace: gateway → workflow → stages → cache → LLM calls", async () => {
    const res = await fetch(`${base}/v1/workflows`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ keyword: "tracing running shoes", wordCount: 300 }),
    });
    assert.equal(res.status, 202);
    const { id } = (await res.json()) as { id: string };
    const w = await waitCompleted(id);
    const llmCalls = w.stages.reduce((n, s) => n + (s.llmCalls ?? 0), 0);
    assert.ok(llmCalls >= 5, `the workflow made its LLM calls (${llmCalls})`);

    const workflowSpan = await waitFor(
      "the workflow span",
      () => spans.find((s) => s.name === "workflow" && s.attributes["seo_farm.workflow.id"] === id),
      20_000,
    );
    const traceId = workflowSpan.traceId;
    const inTrace = () => spans.filter((s) => s.traceId === traceId);
    // Every process flushes within its batch delay; wait for all of them.
    await waitFor(
      "every stage and LLM span",
      () => {
        const t = inTrace();
        return t.filter((s) => s.name.startsWith("stage ")).length >= STAGES.length &&
          t.filter((s) => s.name.startsWith("chat ")).length >= llmCalls
          ? true
          : undefined;
      },
      20_000,
    );
    const trace = inTrace();
    const byId = new Map(trace.map((s) => [s.spanId, s]));

    const server = trace.find((s) => s.name === "POST /v1/workflows");
    assert.ok(server, `the gateway's request span is in the trace: ${trace.map((s) => s.name)}`);
    assert.equal(server.service, "seo-farm-gateway");
    assert.equal(server.kind, 2, "SERVER");
    assert.equal(server.attributes["http.response.status_code"], 202);
    assert.equal(workflowSpan.parentSpanId, server.spanId, "workflow ← gateway request");
    assert.equal(workflowSpan.service, "seo-farm-actor");

    const stageSpans = trace.filter((s) => s.name.startsWith("stage "));
    assert.deepEqual(stageSpans.map((s) => s.name.slice(6)).sort(), [...STAGES].sort());
    for (const s of stageSpans) {
      assert.equal(s.parentSpanId, workflowSpan.spanId, `${s.name} ← workflow`);
      assert.equal(s.attributes["seo_farm.workflow.id"], id);
    }

    const chats = trace.filter((s) => s.name.startsWith("chat "));
    assert.equal(chats.length, llmCalls, "one span per LLM call");
    for (const c of chats) {
      // chat ← cache llm ← stage
      const cache = byId.get(c.parentSpanId ?? "");
      assert.equal(cache?.name, "cache llm", `${c.name}'s parent is the cache lookup`);
      assert.equal(cache.attributes["seo_farm.cache.hit"], false);
      const stage = byId.get(cache.parentSpanId ?? "");
      assert.ok(stage?.name.startsWith("stage "), `the cache lookup's parent is a stage span`);
      assert.equal(c.kind, 3, "CLIENT");
      assert.ok(["openai", "anthropic"].includes(String(c.attributes["gen_ai.system"])));
      assert.equal(c.attributes["gen_ai.operation.name"], "chat");
      assert.equal(`chat ${c.attributes["gen_ai.request.model"]}`, c.name);
      assert.ok(Number(c.attributes["gen_ai.usage.input_tokens"]) > 0);
      assert.ok(Number(c.attributes["gen_ai.usage.output_tokens"]) > 0);
    }
    // The timeline route: the same stage spans, from the workflow's records, with the trace id.
    const tl = (await (await fetch(`${base}/v1/workflows/${id}/trace`)).json()) as {
      traceId: string;
      spans: Array<{ stage: string; offsetMs: number; durationMs: number; llmCalls: number }>;
    };
    assert.equal(tl.traceId, traceId);
    assert.deepEqual(
      tl.spans.map((s) => s.stage),
      STAGES,
      "stages in the order they ran",
    );
    for (const s of tl.spans) assert.ok(s.offsetMs >= 0 && s.durationMs >= 0, JSON.stringify(s));
    assert.equal(
      tl.spans.reduce((n, s) => n + s.llmCalls, 0),
      llmCalls,
    );
    const missing = await fetch(`${base}/v1/workflows/no-such-workflow/trace`);
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get("content-type"), "application/problem+json");

    // The draft is the creative task class: Anthropic's model by default.
    const draftChat = chats.find(
      (c) => byId.get(byId.get(c.parentSpanId!)!.parentSpanId!)?.name === "stage draft",
    );
    assert.equal(draftChat?.attributes["gen_ai.system"], "anthropic");
  });

  test("a NATS client's own traceparent on seo.submit makes the workflow part of its trace", async () => {
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const parentId = "00f067aa0ba902b7";
    const h = natsHeaders();
    h.set("Content-Type", "application/json");
    h.set("traceparent", `00-${traceId}-${parentId}-01`);
    const id = "traced-by-client";
    await jetstream(stack.nc).publish(
      "seo.submit",
      new TextEncoder().encode(
        JSON.stringify({ keyword: "client traced keyword", id, wordCount: 300 }),
      ),
      { headers: h, msgID: id },
    );
    await waitCompleted(id);
    const wf = await waitFor(
      "the workflow span",
      () => spans.find((s) => s.name === "workflow" && s.attributes["seo_farm.workflow.id"] === id),
      20_000,
    );
    assert.equal(wf.traceId, traceId);
    assert.equal(wf.parentSpanId, parentId);
    await waitFor(
      "its stage spans",
      () =>
        spans.filter((s) => s.traceId === traceId && s.name.startsWith("stage ")).length >=
        STAGES.length
          ? true
          : undefined,
      20_000,
    );
  });
});
