import assert from "node:assert/strict";
import { test } from "node:test";
import { costUsd, DEFAULT_PRICES, parsePrices, priceOf } from "./pricing.ts";

test("cost is prompt, cached prompt and completion tokens at the model's prices", () => {
  // gpt-4o: 2.5 in, 1.25 cached, 10 out per 1M.
  assert.equal(
    costUsd("gpt-4o", { promptTokens: 1_000_000, completionTokens: 0 }, DEFAULT_PRICES),
    2.5,
  );
  assert.equal(
    costUsd(
      "gpt-4o",
      { promptTokens: 1_000, completionTokens: 500, cachedPromptTokens: 400 },
      DEFAULT_PRICES,
    ),
    (600 * 2.5 + 400 * 1.25 + 500 * 10) / 1e6,
  );
});

test("dated snapshots take the longest matching price; unknown models cost 0", () => {
  assert.equal(priceOf("gpt-4o-mini-2024-07-18", DEFAULT_PRICES), DEFAULT_PRICES["gpt-4o-mini"]);
  assert.equal(
    costUsd("llama3.1:8b", { promptTokens: 1000, completionTokens: 1000 }, DEFAULT_PRICES),
    0,
  );
});

test("LLM_PRICES overrides and adds models, and rejects nonsense naming the model", () => {
  const p = parsePrices(
    '{"llama3.1:8b":{"input":0.1,"output":0.2},"gpt-4o":{"input":1,"output":2}}',
  );
  assert.equal(p["llama3.1:8b"]!.output, 0.2);
  assert.equal(p["gpt-4o"]!.input, 1);
  assert.throws(() => parsePrices('{"x":{"input":"cheap"}}'), /LLM_PRICES\.x/);
  assert.throws(() => parsePrices("not json"), /LLM_PRICES must be JSON/);
});
