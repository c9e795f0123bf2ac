/**
 * The gateway's edge entry under Deno with a WebSocket-only connection to NATS (the
 * server's websocket listener, as infra/nats/nats-websocket.conf enables it): create, get
 * and the SSE progress stream, with a Node actor on TCP doing the work; and without API
 * keys it refuses to serve.
 */
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { after, before, describe, test } from "node:test";
import { readyMessageOf, startDenoProcess } from "./helpers/deno.ts";
import { freePort } from "./helpers/nats-server.ts";
import { startStack, stopChild, type TestStack, waitFor } from "./helpers/stack.ts";

const KEY = "edge-key-0123456789abcdef";
const AUTH = { Authorization: `Bearer ${KEY}` };
let stack: TestStack;
let edge: ChildProcess;
let base: string;
let wsUrl: string;

before(async () => {
  const wsPort = await freePort();
  wsUrl = `ws://127.0.0.1:${wsPort}`;
  stack = await startStack({
    gateway: false,
    nats: { config: `websocket { listen: "127.0.0.1:${wsPort}", no_tls: true }` },
  });
  await stack.startActor("all");
  // No NATS_URL: the edge entry must do with the WebSocket alone.
  edge = await startDenoProcess("gateway/deno-edge.ts", [], {
    ...stack.env,
    NATS_URL: "",
    NATS_WS_URL: wsUrl,
    PORT: "0",
    GATEWAY_API_KEYS: `edge:${KEY}`,
  });
  base = String(readyMessageOf(edge)!.url);
});
after(async () => {
  if (edge) await stopChild(edge);
  await stack?.stop();
});

describe("edge gateway (Deno, NATS over WebSocket)", () => {
  test("create, get and the SSE progress stream work over a WebSocket-only connection", async () => {
    const res = await fetch(`${base}/v1/workflows`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...AUTH },
      body: JSON.stringify({ keyword: "edge running shoes", wordCount: 300 }),
    });
    assert.equal(res.status, 202, await res.clone().text());
    const { id } = (await res.json()) as { id: string };
    const sse = await fetch(`${base}/v1/workflows/${id}/events`, { headers: AUTH });
    assert.equal(sse.status, 200);
    const text = await sse.text();
    assert.match(text, /^event: status$/m);
    assert.match(text, /^event: done$/m, text.slice(-500));
    const w = (await (await fetch(`${base}/v1/workflows/${id}`, { headers: AUTH })).json()) as {
      status: string;
      result?: { title: string };
    };
    assert.equal(w.status, "completed");
    assert.ok(w.result?.title);
    assert.equal((await fetch(`${base}/v1/workflows/${id}`)).status, 401, "keys are required");
  });

  test("without API keys the edge entry answers 503 and says why", async () => {
    const open = await startDenoProcess("gateway/deno-edge.ts", [], {
      ...stack.env,
      NATS_WS_URL: wsUrl,
      PORT: "0",
      GATEWAY_API_KEYS: "",
    });
    try {
      const r = await fetch(`${readyMessageOf(open)!.url}/healthz`);
      assert.equal(r.status, 503);
      assert.match(JSON.stringify(await r.json()), /GATEWAY_API_KEYS/);
    } finally {
      await stopChild(open);
    }
  });

  test("a NATS it cannot reach is a 503 on every request, not a crash", async () => {
    const wrong = await startDenoProcess("gateway/deno-edge.ts", [], {
      ...stack.env,
      NATS_WS_URL: `ws://127.0.0.1:${await freePort()}`,
      PORT: "0",
      GATEWAY_API_KEYS: `edge:${KEY}`,
    });
    try {
      const r = await waitFor("an answer", async () => {
        try {
          return await fetch(`${readyMessageOf(wrong)!.url}/healthz`);
        } catch {
          return undefined;
        }
      });
      assert.equal(r.status, 503);
      assert.equal(wrong.exitCode, null, "still running");
    } finally {
      await stopChild(wrong);
    }
  });
});
