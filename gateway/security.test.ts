/**
 * The gateway with API keys (from GATEWAY_API_KEYS and a key file), a per-key rate limit
 * and CORS, over real HTTP against a real nats-server.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { jetstreamManager } from "@nats-io/jetstream";
import { decode } from "../core/codec.ts";
import { sha256Hex } from "../core/hash.ts";
import { STREAM_STAGES, SUBJECT_SUBMIT } from "../core/subjects.ts";
import { startStack, type TestStack } from "../test/helpers/stack.ts";

const CI_KEY = "ci-secret-0123456789";
const EDITOR_KEY = "editor-secret-0123456789";
const SLOW_KEY = "slow-secret-0123456789";
const ORIGIN = "https://app.example.com";

let stack: TestStack;
let base: string;
const tmp = mkdtempSync(join(tmpdir(), "seo-farm-keys-"));

before(async () => {
  const file = join(tmp, "keys.json");
  writeFileSync(
    file,
    JSON.stringify([
      { name: "editor", key: EDITOR_KEY, allowInternalFields: true },
      // The file may hold only the digest.
      { name: "slow", sha256: await sha256Hex(SLOW_KEY), rateLimitPerMinute: 2 },
    ]),
  );
  stack = await startStack({
    env: {
      GATEWAY_API_KEYS: `ci:${CI_KEY}`,
      GATEWAY_API_KEYS_FILE: file,
      GATEWAY_RATE_LIMIT_PER_MINUTE: "1000",
      GATEWAY_CORS_ORIGINS: ORIGIN,
    },
  });
  base = stack.gateway!.url;
});
after(async () => {
  await stack?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

async function call(
  path: string,
  opts: { key?: string; method?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.key) headers.Authorization = `Bearer ${opts.key}`;
  if (opts.body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(`${base}${path}`, {
    method: opts.method ?? (opts.body === undefined ? "GET" : "POST"),
    headers,
    ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
  });
  const text = await res.text();
  return { res, text, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

describe("API keys", () => {
  test("no Authorization → 401 problem with a Bearer challenge", async () => {
    for (const [path, body] of [
      ["/v1/workflows", { keyword: "x" }],
      ["/v1/workflows/anything", undefined],
    ] as const) {
      const { res, body: problem } = await call(path, body ? { body } : {});
      assert.equal(res.status, 401, path);
      assert.equal(res.headers.get("content-type"), "application/problem+json");
      assert.match(res.headers.get("www-authenticate") ?? "", /^Bearer realm="seo-farm"/);
      assert.equal(problem.status, 401);
      assert.equal(problem.type, "https://seo-farm.dev/problems/unauthorized");
    }
  });

  test("a wrong key → 401 invalid_token, and the answer never repeats it", async () => {
    const wrong = `${CI_KEY}-but-not-quite`;
    const { res, text } = await call("/v1/workflows", { key: wrong, body: { keyword: "x" } });
    assert.equal(res.status, 401);
    assert.match(res.headers.get("www-authenticate") ?? "", /error="invalid_token"/);
    assert.ok(!text.includes(wrong));
    assert.ok(![...res.headers.values()].some((v) => v.includes(wrong)));
  });

  test("an Authorization that is not Bearer → 401", async () => {
    const { res } = await call("/v1/workflows/x", {
      headers: { Authorization: `Basic ${btoa(`ci:${CI_KEY}`)}` },
    });
    assert.equal(res.status, 401);
    assert.match(res.headers.get("www-authenticate") ?? "", /error="invalid_request"/);
  });

  test("a key from GATEWAY_API_KEYS and one from the file (by digest) are accepted", async () => {
    const first = await call("/v1/workflows", {
      key: CI_KEY,
      body: { keyword: "trail running shoes", id: "sec-ci-1" },
    });
    assert.equal(first.res.status, 202, first.text);
    const second = await call("/v1/workflows/does-not-exist", { key: SLOW_KEY });
    assert.equal(second.res.status, 404, second.text);
  });

  test("with a key, errors are the usual problems: 400 naming the field, 404, 409, 413", async () => {
    const invalid = await call("/v1/workflows", {
      key: CI_KEY,
      body: { keyword: "x", wordCount: 3 },
    });
    assert.equal(invalid.res.status, 400);
    assert.deepEqual(
      (invalid.body.errors as Array<{ field: string }>).map((e) => e.field),
      ["wordCount"],
    );
    const unknownRoute = await call("/v1/nothing", { key: CI_KEY });
    assert.equal(unknownRoute.res.status, 404);
    const once = await call("/v1/workflows", {
      key: CI_KEY,
      body: { keyword: "x", id: "sec-dup" },
    });
    assert.equal(once.res.status, 202, once.text);
    const twice = await call("/v1/workflows", {
      key: CI_KEY,
      body: { keyword: "x", id: "sec-dup" },
    });
    assert.equal(twice.res.status, 409);
    const big = await call("/v1/workflows", {
      key: CI_KEY,
      body: { keyword: "x", metadata: { pad: "y".repeat(70_000) } },
    });
    assert.equal(big.res.status, 413);
  });

  test("a route under /v1 answers 401 before saying whether it exists", async () => {
    const { res } = await call("/v1/nothing");
    assert.equal(res.status, 401);
  });

  test("/healthz needs no key", async () => {
    const { res, body } = await call("/healthz");
    assert.equal(res.status, 200);
    assert.equal(body.status, "ok");
  });

  test("the API description is public; everything else under /v1 is not", async () => {
    assert.equal((await fetch(`${base}/v1/openapi.json`)).status, 200);
    assert.equal((await fetch(`${base}/v1/docs`)).status, 200);
    for (const path of ["/v1/pipelines", "/v1/workflows", "/v1/batches/x", "/v1/openapi.json/x"]) {
      assert.equal((await fetch(`${base}${path}`)).status, 401, path);
    }
  });
});

describe("internal fields", () => {
  test("a key without allowInternalFields → 403 naming each internal field", async () => {
    const { res, body } = await call("/v1/workflows", {
      key: CI_KEY,
      body: { keyword: "x", model: "openai:gpt-4o", maxTokens: 500 },
    });
    assert.equal(res.status, 403);
    assert.equal(body.type, "https://seo-farm.dev/problems/forbidden-field");
    assert.deepEqual(
      (body.errors as Array<{ field: string }>).map((e) => e.field),
      ["model", "maxTokens"],
    );
  });

  test("a key with allowInternalFields sets them, and they reach seo.submit", async () => {
    const { res, text } = await call("/v1/workflows", {
      key: EDITOR_KEY,
      body: {
        keyword: "x",
        id: "sec-internal-1",
        model: "anthropic:claude-haiku-5-5",
        maxTokens: 700,
      },
    });
    assert.equal(res.status, 202, text);
    const jsm = await jetstreamManager(stack.nc);
    const msg = await jsm.streams.getMessage(STREAM_STAGES, { last_by_subj: SUBJECT_SUBMIT });
    const submitted = decode(msg!.data, msg!.header?.get("Content-Type")) as Record<
      string,
      unknown
    >;
    assert.equal(submitted.id, "sec-internal-1");
    assert.equal(submitted.model, "anthropic:claude-haiku-5-5");
    assert.equal(submitted.maxTokens, 700);
  });

  test("a malformed internal field is a 400 even for a key that may set it", async () => {
    const { res, body } = await call("/v1/workflows", {
      key: EDITOR_KEY,
      body: { keyword: "x", model: "gpt-4o" },
    });
    assert.equal(res.status, 400);
    assert.deepEqual(
      (body.errors as Array<{ field: string }>).map((e) => e.field),
      ["model"],
    );
  });
});

describe("rate limit", () => {
  test("a key over its own limit → 429 with Retry-After; other keys are not affected", async () => {
    // "slow" may make 2 requests a minute; the API-keys suite above used one.
    const seen: Array<{ status: number; remaining: string | null }> = [];
    let refused: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 3 && !refused; i++) {
      const r = await call("/v1/workflows/nope", { key: SLOW_KEY });
      if (r.res.status === 429) refused = r;
      else seen.push({ status: r.res.status, remaining: r.res.headers.get("ratelimit-remaining") });
    }
    assert.ok(refused, `never refused: ${JSON.stringify(seen)}`);
    assert.ok(seen.every((s) => s.status === 404));
    assert.equal(seen.at(-1)?.remaining, "0");
    const retryAfter = Number(refused.res.headers.get("retry-after"));
    assert.ok(retryAfter >= 1 && retryAfter <= 30, `Retry-After ${retryAfter}`);
    assert.equal(refused.res.headers.get("content-type"), "application/problem+json");
    assert.equal(refused.res.headers.get("ratelimit-limit"), "2");
    assert.equal(refused.body.type, "https://seo-farm.dev/problems/rate-limited");
    assert.match(String(refused.body.detail), /"slow" may make 2 requests per minute/);
    assert.ok(!refused.text.includes(SLOW_KEY));

    const other = await call("/v1/workflows/nope", { key: CI_KEY });
    assert.equal(other.res.status, 404);
    assert.equal(other.res.headers.get("ratelimit-limit"), "1000");
  });
});

describe("CORS", () => {
  test("a preflight from an allowed origin is answered without a key", async () => {
    const res = await fetch(`${base}/v1/workflows`, {
      method: "OPTIONS",
      headers: {
        Origin: ORIGIN,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type",
      },
    });
    await res.body?.cancel();
    assert.equal(res.status, 204);
    assert.equal(res.headers.get("access-control-allow-origin"), ORIGIN);
    assert.match(res.headers.get("access-control-allow-methods") ?? "", /POST/);
    assert.match(res.headers.get("access-control-allow-headers") ?? "", /Authorization/i);
    assert.equal(res.headers.get("access-control-max-age"), "600");
  });

  test("a preflight from another origin is not allowed", async () => {
    const res = await fetch(`${base}/v1/workflows`, {
      method: "OPTIONS",
      headers: { Origin: "https://evil.example", "Access-Control-Request-Method": "POST" },
    });
    await res.body?.cancel();
    assert.equal(res.headers.get("access-control-allow-origin"), null);
  });

  test("a cross-origin call may read Location and the rate-limit headers", async () => {
    const res = await fetch(`${base}/v1/workflows`, {
      method: "POST",
      headers: {
        Origin: ORIGIN,
        Authorization: `Bearer ${CI_KEY}`,
        "Content-Type": "application/json",
      },
      body: JSON.stringify({ keyword: "x", id: "sec-cors-1" }),
    });
    await res.body?.cancel();
    assert.equal(res.status, 202);
    assert.equal(res.headers.get("access-control-allow-origin"), ORIGIN);
    const exposed = (res.headers.get("access-control-expose-headers") ?? "").toLowerCase();
    for (const h of ["location", "retry-after", "ratelimit-remaining"]) {
      assert.ok(exposed.includes(h), `${h} in ${exposed}`);
    }
  });

  test("a 401 carries CORS and secure headers, so the page can read why", async () => {
    const res = await fetch(`${base}/v1/workflows/x`, { headers: { Origin: ORIGIN } });
    await res.body?.cancel();
    assert.equal(res.status, 401);
    assert.equal(res.headers.get("access-control-allow-origin"), ORIGIN);
    assert.match(res.headers.get("content-security-policy") ?? "", /default-src 'self'/);
  });
});
