/** The gateway over real HTTP against a real nats-server: every error is a problem+json naming the field. */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startStack, type TestStack } from "../test/helpers/stack.ts";

let stack: TestStack;
let base: string;
before(async () => {
  stack = await startStack();
  base = stack.gateway!.url;
});
after(async () => await stack?.stop());

async function post(body: string, contentType = "application/json") {
  const res = await fetch(`${base}/v1/workflows`, {
    method: "POST",
    headers: { "Content-Type": contentType },
    body,
  });
  return { res, body: (await res.json()) as Record<string, unknown> };
}

describe("POST /v1/workflows", () => {
  const invalid: Array<[string, string, string]> = [
    ["a missing keyword", JSON.stringify({ language: "en" }), "keyword"],
    ["a keyword of the wrong type", JSON.stringify({ keyword: ["x"] }), "keyword"],
    ["an unknown field", JSON.stringify({ keyword: "x", priority: 9 }), "priority"],
    ["a bad language", JSON.stringify({ keyword: "x", language: "klingon!" }), "language"],
    ["a bad word count", JSON.stringify({ keyword: "x", wordCount: -5 }), "wordCount"],
    ["an unknown pipeline", JSON.stringify({ keyword: "x", pipeline: "nope" }), "pipeline"],
    ["an id that is not a token", JSON.stringify({ keyword: "x", id: "a b" }), "id"],
    ["broken JSON", '{"keyword":', "(body)"],
    ["an array body", "[]", "(body)"],
  ];
  for (const [what, body, field] of invalid) {
    test(`${what} → 400 problem naming ${field}`, async () => {
      const { res, body: problem } = await post(body);
      assert.equal(res.status, 400);
      assert.equal(res.headers.get("content-type"), "application/problem+json");
      assert.equal(problem.status, 400);
      const errors = problem.errors as Array<{ field: string; message: string }>;
      assert.ok(
        errors.some((e) => e.field === field),
        JSON.stringify(problem),
      );
      assert.match(String(problem.detail), new RegExp(field.replace(/[()]/g, "\\$&")));
    });
  }

  test("a non-JSON content type → 400 naming the body", async () => {
    const { res, body } = await post("keyword=x", "application/x-www-form-urlencoded");
    assert.equal(res.status, 400);
    assert.match(String(body.detail), /Content-Type: application\/json/);
  });

  test("a body over the limit → 413", async () => {
    const { res, body } = await post(
      JSON.stringify({ keyword: "x", metadata: { pad: "y".repeat(70_000) } }),
    );
    assert.equal(res.status, 413);
    assert.equal(body.status, 413);
  });

  test("an internal field without a key that allows it → 403 problem naming it", async () => {
    const { res, body } = await post(JSON.stringify({ keyword: "x", model: "openai:gpt-4o" }));
    assert.equal(res.status, 403);
    assert.equal(res.headers.get("content-type"), "application/problem+json");
    assert.equal(body.type, "https://seo-farm.dev/problems/forbidden-field");
    const errors = body.errors as Array<{ field: string }>;
    assert.deepEqual(
      errors.map((e) => e.field),
      ["model"],
    );
    assert.match(String(body.detail), /model/);
  });

  test("a valid request → 202 with id, Location and links; the same id again → 409", async () => {
    const first = await post(JSON.stringify({ keyword: "trail running shoes", id: "http-dup-1" }));
    assert.equal(first.res.status, 202);
    assert.equal(first.body.id, "http-dup-1");
    assert.equal(first.res.headers.get("location"), "/v1/workflows/http-dup-1");
    const again = await post(JSON.stringify({ keyword: "something else", id: "http-dup-1" }));
    assert.equal(again.res.status, 409);
    assert.match(String(again.body.detail), /http-dup-1/);
  });
});

describe("GET /v1/workflows/:id", () => {
  test("an unknown id → 404 problem", async () => {
    const res = await fetch(`${base}/v1/workflows/does-not-exist`);
    assert.equal(res.status, 404);
    assert.equal(res.headers.get("content-type"), "application/problem+json");
  });
  test("an id with characters outside the alphabet → 400 naming id", async () => {
    const res = await fetch(`${base}/v1/workflows/a.b`);
    assert.equal(res.status, 400);
    const body = (await res.json()) as { errors: Array<{ field: string }> };
    assert.equal(body.errors[0]!.field, "id");
  });
});

test("GET /healthz reports NATS and JetStream", async () => {
  const res = await fetch(`${base}/healthz`);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { status: "ok", nats: true, jetstream: true });
});

test("an unknown route → 404 problem", async () => {
  const res = await fetch(`${base}/v2/nothing`);
  assert.equal(res.status, 404);
  assert.equal(res.headers.get("content-type"), "application/problem+json");
});
