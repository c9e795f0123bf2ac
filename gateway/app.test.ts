/**
 * The gateway over real HTTP against a real nats-server, with no API keys configured (the
 * default): every error is a problem+json naming the field, bodies are limited however
 * they are sent, and responses carry the secure headers.
 */
import assert from "node:assert/strict";
import http from "node:http";
import { after, before, describe, test } from "node:test";
import { startStack, type TestStack } from "../test/helpers/stack.ts";
import { DEFAULT_MAX_BODY_BYTES } from "./app.ts";

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

  test("a chunked body over the limit (no Content-Length) → 413", async () => {
    const result = await postChunked(base, DEFAULT_MAX_BODY_BYTES + 4096, 1024);
    assert.equal(result.sentContentLength, false);
    assert.equal(result.status, 413);
    assert.equal(result.contentType, "application/problem+json");
    assert.equal(JSON.parse(result.body).status, 413);
  });

  test("a streamed fetch body over the limit → 413", async () => {
    const chunk = new TextEncoder().encode(`${" ".repeat(1023)}\n`);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // Pad with whitespace after a valid JSON start: only the size can make this fail.
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"keyword":"x"'));
        if (sent > DEFAULT_MAX_BODY_BYTES * 2) return controller.close();
        controller.enqueue(chunk);
        sent += chunk.length;
      },
    });
    const res = await fetch(`${base}/v1/workflows`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    assert.equal(res.status, 413);
    assert.equal(((await res.json()) as { status: number }).status, 413);
  });

  test("a chunked body under the limit is read whole → 202", async () => {
    const result = await postChunked(base, 2048, 256, "chunked-ok-1");
    assert.equal(result.sentContentLength, false);
    assert.equal(result.status, 202, result.body);
    assert.equal(JSON.parse(result.body).id, "chunked-ok-1");
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

describe("secure headers", () => {
  for (const path of ["/healthz", "/v1/workflows/does-not-exist", "/nothing"]) {
    test(`${path} carries the CSP and the other secure headers`, async () => {
      const res = await fetch(`${base}${path}`);
      await res.body?.cancel();
      const csp = res.headers.get("content-security-policy") ?? "";
      for (const directive of [
        "default-src 'self'",
        "script-src 'self'",
        "connect-src 'self'",
        "img-src 'self' data:",
        "frame-ancestors 'none'",
        "object-src 'none'",
      ]) {
        assert.ok(csp.includes(directive), `${directive} in ${csp}`);
      }
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      assert.equal(res.headers.get("x-content-type-options"), "nosniff");
      assert.equal(res.headers.get("x-frame-options"), "DENY");
      assert.equal(res.headers.get("referrer-policy"), "no-referrer");
    });
  }

  test("no CORS by default: a preflight from another origin gets no allow headers", async () => {
    const res = await fetch(`${base}/v1/workflows`, {
      method: "OPTIONS",
      headers: {
        Origin: "https://elsewhere.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
      },
    });
    await res.body?.cancel();
    assert.equal(res.headers.get("access-control-allow-origin"), null);
    assert.equal(res.headers.get("access-control-allow-methods"), null);
  });
});

/**
 * POSTs a JSON body of about `size` bytes in `chunk`-byte writes with Node's http client,
 * which sends `Transfer-Encoding: chunked` when no Content-Length is set.
 */
async function postChunked(
  baseUrl: string,
  size: number,
  chunk: number,
  id?: string,
): Promise<{ status: number; contentType: string; body: string; sentContentLength: boolean }> {
  const url = new URL(`${baseUrl}/v1/workflows`);
  const head = JSON.stringify({ keyword: "chunked body", ...(id ? { id } : {}) }).slice(0, -1);
  const padding = Math.max(0, size - head.length - 1);
  return await new Promise((resolve, reject) => {
    const req = http.request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: "POST",
      headers: { "Content-Type": "application/json" },
    });
    let done = false;
    req.on("response", (res) => {
      done = true;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => {
        body += d;
      });
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers["content-type"]),
          body,
          sentContentLength: req.getHeader("content-length") !== undefined,
        }),
      );
    });
    // The server may answer 413 and close while we still write: that is the point.
    req.on("error", (err) => {
      if (!done) reject(err);
    });
    const parts = [head];
    for (let left = padding; left > 0; left -= chunk) parts.push(" ".repeat(Math.min(chunk, left)));
    parts.push("}");
    const writeNext = (): void => {
      // Answered already: stop sending (end the chunked body) and let the answer be read.
      if (done) return void req.end();
      const part = parts.shift();
      if (part === undefined) return void req.end();
      req.write(part, () => setImmediate(writeNext));
    };
    writeNext();
  });
}
