import assert from "node:assert/strict";
import { test } from "node:test";
import { JetStreamApiError } from "@nats-io/jetstream";
import { NoRespondersError, RequestError, TimeoutError } from "@nats-io/nats-core";
import { LlmError } from "./errors.ts";
import { isNatsUnavailable } from "./nats-unavailable.ts";

test("a NATS request that went unanswered is NATS being unavailable, not a failed attempt", () => {
  const noResponders = new RequestError("no responders", {
    cause: new NoRespondersError("$JS.API.STREAM.INFO.SEO_STAGES"),
  });
  // nats.js turns "no responders" on the JetStream API into this (class not exported).
  const jsOff = new Error("jetstream is not enabled", { cause: noResponders });
  jsOff.name = "JetStreamNotEnabled";
  const cases: Array<[string, unknown, boolean]> = [
    ["request timeout", new TimeoutError(), true],
    ["no responders", noResponders, true],
    ["jetstream is not enabled", jsOff, true],
    [
      "JetStream 503",
      new JetStreamApiError({
        code: 503,
        err_code: 10008,
        description: "JetStream system temporarily unavailable",
      }),
      true,
    ],
    [
      "wrapped in a plain error",
      new Error("state write failed", { cause: new TimeoutError() }),
      true,
    ],
    [
      "a CAS conflict",
      new JetStreamApiError({ code: 400, err_code: 10071, description: "wrong last sequence: 4" }),
      false,
    ],
    ["an AbortSignal.timeout()", new DOMException("signal timed out", "TimeoutError"), false],
    [
      "an LLM call that timed out",
      new LlmError("timed out", { retryable: true, cause: new TimeoutError() }),
      false,
    ],
    ["a bug", new TypeError("x is undefined"), false],
    ["not an error", "timeout", false],
  ];
  for (const [what, err, expected] of cases) {
    assert.equal(isNatsUnavailable(err), expected, what);
  }
});
