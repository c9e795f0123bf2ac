import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultRoute, parseRoute } from "./routes.ts";

test("routes parse provider:model lists; a bare name (even with a colon) is OpenAI", () => {
  assert.deepEqual(parseRoute("anthropic:claude-sonnet-5-5, gpt-4o", 45_000, "X"), [
    { provider: "anthropic", model: "claude-sonnet-5-5", timeoutMs: 45_000 },
    { provider: "openai", model: "gpt-4o", timeoutMs: 45_000 },
  ]);
  assert.deepEqual(parseRoute("llama3.1:8b", 1_000, "X"), [
    { provider: "openai", model: "llama3.1:8b", timeoutMs: 1_000 },
  ]);
  assert.throws(
    () => parseRoute(" , ", 1_000, "LLM_MODEL_SIMPLE"),
    /LLM_MODEL_SIMPLE must name at least one model/,
  );
  assert.throws(() => parseRoute("anthropic:", 1_000, "X"), /names no model/);
});

test("default routes: creative goes to Anthropic first when it has a key", () => {
  const both = { openai: true, anthropic: true };
  assert.deepEqual(
    defaultRoute("creative", both, 45_000).map((s) => s.provider),
    ["anthropic", "openai"],
  );
  assert.deepEqual(
    defaultRoute("simple", both, 30_000).map((s) => `${s.provider}:${s.model}`),
    ["openai:gpt-4o-mini", "anthropic:claude-haiku-5-5"],
  );
  assert.deepEqual(
    defaultRoute("creative", { openai: true, anthropic: false }, 45_000).map((s) => s.provider),
    ["openai"],
  );
  assert.deepEqual(
    defaultRoute("complex", { openai: false, anthropic: true }, 60_000).map((s) => s.model),
    ["claude-sonnet-5-5"],
  );
});
