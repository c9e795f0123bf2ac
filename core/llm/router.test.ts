/**
 * The router over real HTTP against the LLM emulator, through the official SDKs: retry on
 * 429 honouring Retry-After, backoff then fallback to the other provider on repeated 500s,
 * per-model timeouts, and failing fast on a 400.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { startEmulator } from "../../loadtest/llm-emulator/node.ts";
import { parseConfig } from "../config.ts";
import { LlmError } from "../errors.ts";
import { createProviders } from "./mod.ts";
import { LlmRouter } from "./router.ts";
import type { LlmRequest } from "./types.ts";

let emulator: Awaited<ReturnType<typeof startEmulator>>;
before(async () => {
  emulator = await startEmulator({ port: 0, profile: "zero" });
});
after(async () => await emulator?.close());
beforeEach(() => {
  emulator.handle.reset();
  emulator.handle.configure({ tasks: null, apis: null, errorRate: 0, latencyMs: 0 });
});

function router(env: Record<string, string> = {}): LlmRouter {
  const config = parseConfig({
    OPENAI_API_KEY: "k",
    OPENAI_BASE_URL: emulator.url,
    ANTHROPIC_API_KEY: "k",
    ANTHROPIC_BASE_URL: emulator.url.replace(/\/v1$/, ""),
    LLM_RETRY_BASE_MS: "20",
    ...env,
  });
  // A fixed jitter keeps the schedule predictable.
  return new LlmRouter(createProviders(config), config, { random: () => 0.5 });
}

const request: LlmRequest = {
  system: "You research keywords.",
  user: 'Research:\n```json\n{"keyword":"trail running shoes","language":"en"}\n```',
  json: true,
  taskClass: "simple",
  task: "research",
  stage: "research",
  workflowId: "router-test",
};

function apiCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of emulator.handle.requests()) counts[r.api] = (counts[r.api] ?? 0) + 1;
  return counts;
}

describe("LlmRouter", () => {
  test("routes simple work to OpenAI and creative work to Anthropic, priced", async () => {
    const r = router();
    const simple = await r.complete(request);
    assert.equal(simple.provider, "openai");
    assert.equal(simple.model, "gpt-4o-mini");
    assert.ok(simple.costUsd > 0, "priced from the table");
    const creative = await r.complete({
      ...request,
      taskClass: "creative",
      task: "draft",
      json: false,
    });
    assert.equal(creative.provider, "anthropic");
    assert.equal(creative.model, "claude-sonnet-5-5");
    assert.ok(creative.usage.completionTokens > 0);
    assert.deepEqual(apiCounts(), { openai: 1, anthropic: 1 });
  });

  test("a 429 with Retry-After: 2 waits at least 2 s, then succeeds", async () => {
    emulator.handle.configure({
      tasks: { research: { failNext: 1, errorStatus: 429, retryAfterS: 2 } },
    });
    const started = Date.now();
    const res = await router().complete(request);
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 2_000, `waited ${elapsed} ms`);
    assert.ok(elapsed < 10_000, `waited ${elapsed} ms`);
    assert.equal(res.attempts, 2);
    assert.equal(res.fallback, false);
  });

  test("repeated 500s are retried with backoff, then the fallback provider answers", async () => {
    emulator.handle.configure({ apis: { openai: { errorRate: 1, errorStatus: 500 } } });
    const res = await router({
      LLM_MODEL_SIMPLE: "openai:gpt-4o-mini,anthropic:claude-haiku-5-5",
      LLM_MAX_RETRIES: "2",
    }).complete(request);
    assert.equal(res.provider, "anthropic");
    assert.equal(res.fallback, true);
    assert.equal(res.attempts, 4, "three OpenAI attempts, then Anthropic");
    assert.deepEqual(apiCounts(), { openai: 3, anthropic: 1 });
  });

  test("when every model fails, the error is retryable and names the failures", async () => {
    emulator.handle.configure({ errorRate: 1, errorStatus: 503 });
    await assert.rejects(router({ LLM_MAX_RETRIES: "1" }).complete(request), (err: unknown) => {
      assert.ok(err instanceof LlmError);
      assert.equal(err.retryable, true);
      assert.match(err.message, /every model of the route failed after 4 attempts: .*HTTP 503/);
      return true;
    });
  });

  test("a per-model timeout fires at its configured value", async () => {
    emulator.handle.configure({ tasks: { research: { latencyMs: 5_000 } } });
    const started = Date.now();
    await assert.rejects(
      router({ LLM_TIMEOUT_SIMPLE_MS: "400", LLM_MAX_RETRIES: "0" }).complete(request),
      /request timed out/,
    );
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 380 && elapsed < 3_000, `timed out after ${elapsed} ms`);
  });

  test("a 400 fails at once with the provider's message, no retry, no fallback", async () => {
    emulator.handle.configure({ tasks: { research: { errorRate: 1, errorStatus: 400 } } });
    await assert.rejects(
      router({ LLM_MODEL_SIMPLE: "openai:gpt-4o-mini,anthropic:claude-haiku-5-5" }).complete(
        request,
      ),
      (err: unknown) => {
        assert.ok(err instanceof LlmError);
        assert.equal(err.retryable, false);
        assert.equal(err.status, 400);
        assert.match(err.message, /HTTP 400: .*emulator/);
        return true;
      },
    );
    assert.deepEqual(apiCounts(), { openai: 1 });
  });

  for (const taskClass of ["simple", "creative"] as const) {
    test(`streaming (${taskClass === "simple" ? "OpenAI" : "Anthropic"}) hands over deltas that add up to the answer`, async () => {
      const pieces: string[] = [];
      const req = {
        ...request,
        taskClass,
        task: "draft",
        json: false,
        onDelta: (t: string) => pieces.push(t),
      };
      const res = await router().complete(req);
      assert.ok(pieces.length > 3, `${pieces.length} deltas`);
      assert.equal(pieces.join("").trim(), res.text.trim());
      assert.ok(
        res.usage.promptTokens > 0 && res.usage.completionTokens > 0,
        "usage arrives with the stream",
      );
      const plain = await router().complete({ ...request, taskClass, task: "draft", json: false });
      assert.equal(plain.text.trim(), res.text.trim(), "the same answer as without streaming");
    });
  }

  test("a stage's own route overrides its task class's", async () => {
    const res = await router().complete({
      ...request,
      route: [{ provider: "anthropic", model: "claude-haiku-5-5", timeoutMs: 5_000 }],
    });
    assert.equal(res.provider, "anthropic");
    assert.equal(res.model, "claude-haiku-5-5");
  });
});
