import assert from "node:assert/strict";
import { test } from "node:test";
import { parseRetryAfter, retryDelayMs } from "./retry.ts";

const policy = { baseDelayMs: 500, maxDelayMs: 20_000 };

test("full jitter: a uniform delay under an exponential cap", () => {
  const cases: Array<[number, number, number]> = [
    [0, 0.999, 499],
    [1, 0.5, 500],
    [3, 1, 4_000],
    [10, 0.5, 10_000], // capped at maxDelayMs
    [2, 0, 0],
  ];
  for (const [retry, random, expected] of cases) {
    assert.equal(
      retryDelayMs(retry, policy, undefined, () => random),
      expected,
      `retry ${retry}`,
    );
  }
});

test("Retry-After wins over the backoff", () => {
  assert.equal(
    retryDelayMs(0, policy, 2_000, () => 0.1),
    2_000,
  );
  assert.equal(
    retryDelayMs(5, policy, 0, () => 0.9),
    0,
  );
});

test("parseRetryAfter reads milliseconds, seconds and HTTP dates", () => {
  const h = (o: Record<string, string>) => new Headers(o);
  assert.equal(parseRetryAfter(h({ "retry-after": "2" })), 2_000);
  assert.equal(parseRetryAfter(h({ "retry-after-ms": "150", "retry-after": "9" })), 150);
  const now = Date.parse("2026-01-01T00:00:00Z");
  assert.equal(parseRetryAfter(h({ "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" }), now), 5_000);
  assert.equal(parseRetryAfter(h({ "retry-after": "soon" })), undefined);
  assert.equal(parseRetryAfter(h({})), undefined);
});
