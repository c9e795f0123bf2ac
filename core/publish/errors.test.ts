import assert from "node:assert/strict";
import { test } from "node:test";
import { isRetryable } from "../errors.ts";
import { PublishError, publishCodeForStatus } from "./errors.ts";
import { errorOfAnswer, type HttpAnswer } from "./http.ts";

const STATUSES: Array<[number, string, boolean]> = [
  [400, "PUBLISH_REJECTED", false],
  [401, "PUBLISH_UNAUTHORIZED", false],
  [403, "PUBLISH_UNAUTHORIZED", false],
  [404, "PUBLISH_REJECTED", false],
  [408, "PUBLISH_TIMEOUT", true],
  [409, "PUBLISH_REJECTED", false],
  [413, "PUBLISH_REJECTED", false],
  [429, "PUBLISH_RATE_LIMITED", true],
  [500, "PUBLISH_UNAVAILABLE", true],
  [502, "PUBLISH_UNAVAILABLE", true],
  [503, "PUBLISH_UNAVAILABLE", true],
  [307, "PUBLISH_REJECTED", false],
];

for (const [status, code, retryable] of STATUSES) {
  test(`HTTP ${status} is ${code}, ${retryable ? "" : "not "}retryable`, () => {
    assert.equal(publishCodeForStatus(status), code);
    const err = errorOfAnswer("target", answer(status, ""));
    assert.equal(err.code, code);
    assert.equal(err.retryable, retryable);
    assert.equal(isRetryable(err), retryable);
  });
}

function answer(status: number, text: string, headers: Record<string, string> = {}): HttpAnswer {
  return { status, text, headers: new Headers(headers), url: "https://b.example/wp-json/" };
}

test("a WordPress error body gives the message and the remote code", () => {
  const err = errorOfAnswer(
    "WordPress at https://b.example/",
    answer(
      401,
      JSON.stringify({
        code: "incorrect_password",
        message:
          "<strong>Error:</strong> The provided password is an invalid application password.",
        data: { status: 401 },
      }),
    ),
  );
  assert.equal(err.code, "PUBLISH_UNAUTHORIZED");
  assert.equal(err.remoteCode, "incorrect_password");
  assert.equal(err.status, 401);
  assert.equal(
    err.message,
    "WordPress at https://b.example/ answered 401 incorrect_password: Error: The provided password is an invalid application password.",
  );
});

test("any other body is quoted, short and without markup", () => {
  const err = errorOfAnswer(
    "hook",
    answer(502, `<html><body><h1>Bad gateway</h1>${"x".repeat(1000)}</body></html>`),
  );
  assert.match(err.message, /^hook answered 502: Bad gateway x+…$/);
  assert.ok(err.message.length < 400);
});

test("Retry-After is kept, in ms", () => {
  assert.equal(errorOfAnswer("hook", answer(429, "", { "retry-after": "3" })).retryAfterMs, 3_000);
  assert.equal(errorOfAnswer("hook", answer(429, "")).retryAfterMs, undefined);
});

test("a redirect names where it pointed", () => {
  const err = errorOfAnswer("hook", answer(301, "", { location: "https://www.b.example/" }));
  assert.match(err.message, /redirected to https:\/\/www\.b\.example\//);
});

test("retryable follows the code unless told otherwise", () => {
  assert.equal(new PublishError("PUBLISH_UNAVAILABLE", "x").retryable, true);
  assert.equal(new PublishError("PUBLISH_MISCONFIGURED", "x").retryable, false);
  assert.equal(new PublishError("PUBLISH_NO_REST_API", "x").retryable, false);
  assert.equal(new PublishError("PUBLISH_REJECTED", "x", { retryable: true }).retryable, true);
});
