/**
 * Property-based fuzzing of the HTTP API against a real gateway (one stack for the file):
 * every route that takes input gets random JSON, wrong types, odd Unicode, deep nesting,
 * oversized bodies and odd headers. An invalid input must get a 4xx with a problem body
 * naming the field, never a 5xx or a hang (each request has a timeout); a valid one gets
 * 202, and the first VALID_AWAITED of them (and RERUNS_FOLLOWED reruns with edited outputs)
 * are followed to completion.
 *
 * FUZZ_RUNS (default 1000) cases per target; FUZZ_SEED (and FUZZ_PATH) replay a failure,
 * whose message carries both.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Objm } from "@nats-io/obj";
import fc from "fast-check";
import { stageOutputIssues } from "../actors/assistants/output-checks.ts";
import type { InvalidRequestError } from "../core/errors.ts";
import { parseWorkflowRequest } from "../core/request.ts";
import { outputsObjectName } from "../core/rerun.ts";
import { OBJECT_STORE_RESULTS, WORKFLOW_ID_PATTERN } from "../core/subjects.ts";
import { deepJson, FUZZ_RUNS, fuzz, oddString } from "./helpers/fuzz.ts";
import {
  startStack,
  submitWorkflow,
  type TestStack,
  waitFor,
  waitForWorkflows,
} from "./helpers/stack.ts";

/** A request that takes longer than this is a hang. */
const REQUEST_TIMEOUT_MS = 10_000;
/** Valid creates followed to completion; the others are cancelled once recorded. */
const VALID_AWAITED = 20;
const MAX_BODY = 65_536;
const STAGES = ["research", "outline", "draft", "optimise", "review", "assemble"];
/** The base workflow's pipeline: its stages are run by the assistants of the same name. */
const PIPELINE_STAGES = STAGES.map((name) => ({ name, assistant: name }));
/** Accepted reruns with edited outputs followed to completion; the others are cancelled. */
const RERUNS_FOLLOWED = 5;
const FIELDS = [
  "keyword",
  "language",
  "country",
  "audience",
  "tone",
  "wordCount",
  "pipeline",
  "id",
  "metadata",
  "cache",
  "tokenBudget",
  "rerun",
  "model",
  "maxTokens",
];

let stack: TestStack;
let base: string;
let completedId: string;
/** The base workflow's stage outputs, which the rerun bodies edit. */
let storedOutputs: Record<string, unknown> = {};
const awaited: string[] = [];
let validCreated = 0;

before(async () => {
  stack = await startStack();
  base = stack.gateway!.url;
  await stack.startActor("all");
  completedId = await submitWorkflow(stack, { keyword: "fuzzing base article", id: "fuzz-base" });
  await waitForWorkflows(stack, [completedId]);
  const results = await new Objm(stack.nc).open(OBJECT_STORE_RESULTS);
  const blob = await results.getBlob(outputsObjectName(completedId));
  storedOutputs = JSON.parse(new TextDecoder().decode(blob!)) as Record<string, unknown>;
});
after(async () => {
  await stack?.stop();
});

interface Answer {
  status: number;
  contentType: string;
  text: string;
  body: Record<string, unknown> | undefined;
  headers: Headers;
}

async function call(
  method: string,
  path: string,
  opts: {
    headers?: Record<string, string>;
    body?: string | Uint8Array;
    headersOnly?: boolean;
  } = {},
): Promise<Answer> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error("hang")), REQUEST_TIMEOUT_MS);
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: opts.headers ?? {},
      ...(opts.body !== undefined ? { body: opts.body as BodyInit } : {}),
      signal: controller.signal,
    });
    const contentType = res.headers.get("content-type") ?? "";
    if (opts.headersOnly && res.status === 200) {
      controller.abort();
      return { status: res.status, contentType, text: "", body: undefined, headers: res.headers };
    }
    const text = await res.text();
    let body: Record<string, unknown> | undefined;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      body = undefined;
    }
    return { status: res.status, contentType, text, body, headers: res.headers };
  } catch (err) {
    if (controller.signal.aborted && (controller.signal.reason as Error)?.message === "hang") {
      throw new Error(`${method} ${path}: no answer within ${REQUEST_TIMEOUT_MS} ms`);
    }
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** A 4xx problem body; with `fields`, its errors name at least one of them. */
function assertProblem(a: Answer, what: string, fields?: (f: string) => boolean): void {
  assert.ok(a.status >= 400 && a.status < 500, `${what}: HTTP ${a.status} ${a.text.slice(0, 300)}`);
  assert.equal(a.contentType, "application/problem+json", `${what}: ${a.contentType}`);
  assert.ok(a.body, `${what}: the problem body is JSON: ${a.text.slice(0, 200)}`);
  assert.equal(a.body.status, a.status, what);
  assert.equal(typeof a.body.type, "string", what);
  if (fields && a.status === 400) {
    const errors = a.body.errors as Array<{ field: unknown; message: unknown }> | undefined;
    assert.ok(Array.isArray(errors) && errors.length > 0, `${what}: errors listed: ${a.text}`);
    for (const e of errors) {
      assert.equal(typeof e.field, "string", what);
      assert.equal(typeof e.message, "string", what);
    }
    assert.ok(
      errors.some((e) => fields(String(e.field))),
      `${what}: the expected field is named: ${a.text.slice(0, 400)}`,
    );
  }
}

function never5xx(a: Answer, what: string): void {
  assert.ok(a.status < 500, `${what}: HTTP ${a.status} ${a.text.slice(0, 300)}`);
}

const json = { "Content-Type": "application/json" };

/** What the request validator says of a body: valid, or the fields it names. */
function oracle(body: unknown): { valid: true } | { valid: false; fields: string[] } {
  try {
    parseWorkflowRequest(body);
    return { valid: true };
  } catch (err) {
    const issues = (err as InvalidRequestError).issues ?? [];
    return { valid: false, fields: issues.map((i) => i.field) };
  }
}

/** A 202 for a valid create: followed to completion (the first few) or cancelled. */
async function accepted(a: Answer, what: string): Promise<void> {
  assert.equal(a.status, 202, `${what}: HTTP ${a.status} ${a.text.slice(0, 300)}`);
  const id = String(a.body?.id);
  assert.match(id, WORKFLOW_ID_PATTERN, what);
  validCreated++;
  if (awaited.length < VALID_AWAITED) {
    awaited.push(id);
    return;
  }
  // Keep the actors' work small: cancel it as soon as intake has recorded it.
  await waitFor(
    `workflow ${id} recorded`,
    async () => ((await call("GET", `/v1/workflows/${id}`)).status === 200 ? true : undefined),
    10_000,
    20,
  );
  const c = await call("POST", `/v1/workflows/${id}/cancel`);
  assert.ok(c.status === 200 || c.status === 409, `cancel ${id}: ${c.status} ${c.text}`);
}

/** Any JSON value, with odd strings and numbers mixed in. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  oddString(),
  fc.double(),
  fc.integer(),
  fc.constantFrom(null, true, false, [], {}, "", " ", -0, 1e308, 2 ** 53 + 1),
);

/** Text a valid request field accepts: letters with odd-but-valid characters around. */
const validText = (max: number) =>
  fc
    .tuple(
      fc.stringMatching(/^[a-zA-Zá-ž0-9]{1,20}$/),
      fc.constantFrom(
        "",
        " <script>alert(1)</script>",
        " \u202eshoes",
        " 🏃‍♀️",
        " běžecké",
        "\u200b x",
      ),
    )
    .map(([a, b]) => `${a}${b}`.slice(0, max));

const validRequest = fc
  .record(
    {
      keyword: validText(200),
      language: fc.constantFrom("en", "cs", "cs-CZ", "en-GB", "de"),
      country: fc.constantFrom("CZ", "us", "GB"),
      audience: validText(200),
      tone: validText(100),
      wordCount: fc.integer({ min: 150, max: 1500 }),
      metadata: fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 20 }), {
        maxKeys: 4,
      }),
      cache: fc.constantFrom("use", "refresh", "bypass"),
      tokenBudget: fc.integer({ min: 1_000_000, max: 10_000_000 }),
    },
    { requiredKeys: ["keyword"] },
  )
  .filter((r) => oracle(r).valid);

/** One field of a valid request made wrong, and the field the answer must name. */
const wrongField: fc.Arbitrary<[string, unknown]> = fc.oneof(
  fc.tuple(
    fc.constant("keyword"),
    fc.oneof(
      fc.constantFrom(7, true, [], {}, "", "   ", "x".repeat(201), "a\u0000b", "\ud800x", "\u200b"),
      fc.double(),
    ),
  ),
  fc.tuple(
    fc.constant("language"),
    fc.oneof(
      oddString().filter((s) => !/^[a-zA-Z]{2,3}$/.test(s)),
      fc.integer(),
    ),
  ),
  fc.tuple(fc.constant("country"), fc.oneof(fc.constantFrom("CZE", "1", ""), fc.integer())),
  fc.tuple(
    fc.constant("wordCount"),
    fc.oneof(
      fc.integer({ max: 149 }),
      fc.integer({ min: 6001 }),
      // NaN would travel as JSON null, which means "absent" (the default), not a wrong value.
      fc.double({ min: 150.1, max: 5999.9, noInteger: true, noNaN: true }),
      fc.constantFrom("1200", [1200]),
    ),
  ),
  fc.tuple(
    fc.constant("pipeline"),
    fc.oneof(
      oddString().filter((s) => !/^[a-z][a-z0-9-]{0,47}$/.test(s)),
      fc.integer(),
    ),
  ),
  fc.tuple(
    fc.constant("id"),
    fc.oneof(
      oddString().filter((s) => !WORKFLOW_ID_PATTERN.test(s)),
      fc.integer(),
    ),
  ),
  fc.tuple(
    fc.constant("metadata"),
    fc.oneof(
      fc.constantFrom("x", 1, [1], true, { big: "y".repeat(5000) }, { s: "\udc00" }),
      fc.integer({ min: 9, max: 3_000 }).map((d) => JSON.parse(deepJson(d, "object"))),
    ),
  ),
  fc.tuple(fc.constant("cache"), fc.oneof(oddString(), fc.integer())),
  fc.tuple(
    fc.constant("tokenBudget"),
    fc.oneof(
      fc.integer({ max: 0 }),
      // Neither NaN nor ±Infinity: JSON sends them as null, which means "no budget".
      fc.double({ noInteger: true, noNaN: true, noDefaultInfinity: true }),
      fc.constant("100"),
    ),
  ),
  fc.tuple(fc.constant("audience"), fc.constantFrom(7, "x".repeat(201), "a\u0007", "\ud800")),
  fc.tuple(fc.constant("tone"), fc.constantFrom([], "x".repeat(101), "\u001b[31m")),
  fc.tuple(
    oddString(8).filter((k) => k !== "" && !FIELDS.includes(k) && k !== "__proto__"),
    anyValue,
  ),
);

/** Header values fetch can send: visible Latin-1, spaces and tabs inside. */
const headerValue = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0x20, max: 0x7e }),
      fc.integer({ min: 0xa0, max: 0xff }),
      fc.constant(0x09),
    ),
    { maxLength: 300 },
  )
  .map((codes) => String.fromCharCode(...codes).trim());

describe("HTTP API fuzzing", () => {
  test("POST /v1/workflows: arbitrary JSON bodies → 202 when valid, else a 4xx naming the fields", async () => {
    await fuzz(
      "POST /v1/workflows arbitrary JSON",
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue({ maxDepth: 4 }),
          fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), oddString(6)), anyValue, {
            maxKeys: 6,
          }),
        ),
        async (value) => {
          const text = JSON.stringify(value) ?? "null";
          const body = JSON.parse(text) as unknown;
          const a = await call("POST", "/v1/workflows", { headers: json, body: text });
          const expected = oracle(body);
          if (Buffer.byteLength(text) > MAX_BODY) return assert.equal(a.status, 413);
          if (expected.valid) {
            const pipeline = (body as { pipeline?: string }).pipeline ?? "seo-article";
            if (pipeline !== "seo-article") {
              return assertProblem(a, text, (f) => f === "pipeline");
            }
            // The same generated id twice in a run: the second create is a conflict.
            if ((body as { id?: string }).id !== undefined && a.status === 409) return;
            return await accepted(a, text);
          }
          assertProblem(a, text, (f) => expected.fields.includes(f));
        },
      ),
    );
  });

  test("POST /v1/workflows: one wrong field in a valid request → 400 naming that field", async () => {
    await fuzz(
      "POST /v1/workflows one wrong field",
      fc.asyncProperty(validRequest, wrongField, async (valid, [field, value]) => {
        const text = JSON.stringify({ ...valid, [field]: value });
        const a = await call("POST", "/v1/workflows", { headers: json, body: text });
        if (Buffer.byteLength(text) > MAX_BODY) return assert.equal(a.status, 413);
        assertProblem(a, `${field}=${JSON.stringify(value)?.slice(0, 200)}`, (f) => f === field);
        assert.equal(a.status, 400);
      }),
    );
  });

  test("POST /v1/workflows: generated valid requests → 202, and the first ones complete", async () => {
    await fuzz(
      "POST /v1/workflows valid",
      fc.asyncProperty(validRequest, async (r) => {
        await accepted(
          await call("POST", "/v1/workflows", { headers: json, body: JSON.stringify(r) }),
          JSON.stringify(r),
        );
      }),
    );
    assert.ok(validCreated >= Math.min(FUZZ_RUNS, VALID_AWAITED));
    const ended = await waitForWorkflows(stack, awaited, 120_000);
    for (const w of ended) {
      assert.equal(w.status, "completed", `${w.id}: ${JSON.stringify(w.error)}`);
    }
  });

  test("POST /v1/workflows: raw bytes, deep nesting, odd content types and oversized bodies → 4xx", async () => {
    const rawBody = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      oddString(40),
      fc.integer({ min: 1, max: 200_000 }).map((d) => deepJson(d, "array")),
      fc
        .integer({ min: 1, max: 12_000 })
        .map((d) => `{"keyword":"x","metadata":${deepJson(d, "object")}}`),
      fc.integer({ min: MAX_BODY + 1, max: 300_000 }).map((n) => `{"keyword":"${"k".repeat(n)}"}`),
      fc.constantFrom(
        "",
        "{",
        '{"keyword":',
        "null",
        "[]",
        '"x"',
        "1e999",
        '{"keyword":"x"}garbage',
      ),
    );
    const contentType = fc.oneof(
      fc.constantFrom(
        "application/json",
        "application/json; charset=utf-8",
        "application/merge-patch+json",
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/msgpack",
        "",
      ),
      headerValue,
    );
    await fuzz(
      "POST /v1/workflows raw bodies",
      fc.asyncProperty(rawBody, contentType, async (body, type) => {
        const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
        const a = await call("POST", "/v1/workflows", {
          headers: type ? { "Content-Type": type } : {},
          body: bytes,
        });
        const what = `${type} ${new TextDecoder().decode(bytes.slice(0, 120))}`;
        if (bytes.length > MAX_BODY) return assert.equal(a.status, 413, what);
        never5xx(a, what);
        // `{"keyword":"x"}` under a JSON type is the one valid body here.
        if (a.status === 202) return await accepted(a, what);
        assertProblem(a, what, () => true);
      }),
    );
  });

  test("Idempotency-Key: any header value → 202 replay when well-formed, else 400 naming it", async () => {
    const request = { keyword: "idempotency fuzz", id: "fuzz-idem" };
    await submitWorkflow(stack, request);
    await waitFor("fuzz-idem recorded", async () =>
      (await call("GET", "/v1/workflows/fuzz-idem")).status === 200 ? true : undefined,
    );
    await fuzz(
      "Idempotency-Key",
      fc.asyncProperty(headerValue, async (key) => {
        const a = await call("POST", "/v1/workflows", {
          headers: { ...json, "Idempotency-Key": key },
          body: JSON.stringify(request),
        });
        if (/^[\x21-\x7e]{1,255}$/.test(key)) {
          assert.equal(a.status, 202, `${JSON.stringify(key)}: ${a.text}`);
          assert.equal(a.headers.get("idempotent-replayed"), "true");
          assert.equal(a.body?.id, "fuzz-idem");
        } else {
          assertProblem(a, JSON.stringify(key), (f) => f === "Idempotency-Key");
        }
      }),
    );
  });

  test("GET /v1/workflows?status=&limit=&cursor= → 200, or 400 naming exactly the bad parameters", async () => {
    const param = (valid: fc.Arbitrary<string>) =>
      fc.option(fc.oneof(valid, oddString(), headerValue), { nil: undefined });
    await fuzz(
      "GET /v1/workflows query",
      fc.asyncProperty(
        param(fc.constantFrom("queued", "running", "completed", "failed", "cancelled")),
        param(fc.integer({ min: -5, max: 300 }).map(String)),
        param(fc.constantFrom("fuzz-base", "zzzz", "0")),
        async (status, limit, cursor) => {
          const q = new URLSearchParams();
          if (status !== undefined) q.set("status", status);
          if (limit !== undefined) q.set("limit", limit);
          if (cursor !== undefined) q.set("cursor", cursor);
          const a = await call("GET", `/v1/workflows?${q}`);
          // URLSearchParams sends lone surrogates as U+FFFD: judge what the server receives.
          const sent = new URL(`http://x/?${q}`).searchParams;
          const bad = new Set<string>();
          const s = sent.get("status");
          if (
            s !== null &&
            !["queued", "running", "completed", "failed", "cancelled"].includes(s)
          ) {
            bad.add("status");
          }
          const l = Number(sent.get("limit") ?? "50");
          if (!Number.isInteger(l) || l < 1 || l > 200) bad.add("limit");
          const c = sent.get("cursor");
          if (c !== null && !WORKFLOW_ID_PATTERN.test(c)) bad.add("cursor");
          if (bad.size === 0) {
            assert.equal(a.status, 200, `${q}: ${a.text.slice(0, 300)}`);
            assert.ok(Array.isArray(a.body?.items));
            return;
          }
          assertProblem(a, String(q), (f) => bad.has(f));
          const named = new Set((a.body!.errors as Array<{ field: string }>).map((e) => e.field));
          assert.deepEqual([...named].sort(), [...bad].sort(), String(q));
        },
      ),
    );
  });

  test("ids in paths: any segment → 400 naming id, or a 404 problem", async () => {
    const routes = [
      ["GET", ""],
      ["GET", "/article.html"],
      ["GET", "/article.md"],
      ["GET", "/trace"],
      ["POST", "/cancel"],
      ["DELETE", ""],
    ] as const;
    await fuzz(
      "path ids",
      fc.asyncProperty(
        fc.oneof(
          oddString(),
          fc.string({ maxLength: 120 }),
          fc.constantFrom("..", ".", "%", "a/b"),
        ),
        fc.constantFrom(...routes),
        fc.boolean(),
        async (id, [method, suffix], batch) => {
          fc.pre(id !== "" && id !== "fuzz-base" && id !== "fuzz-idem");
          // A lone surrogate cannot be percent-encoded (URIError): send U+FFFD as a browser would.
          const segment = encodeURIComponent(id.replace(/[\ud800-\udfff]/gu, "\ufffd"));
          const path = batch ? `/v1/batches/${segment}` : `/v1/workflows/${segment}${suffix}`;
          const a = await call(batch ? "GET" : method, path);
          assertProblem(a, `${method} ${path}`, (f) => f === "id");
          assert.ok([400, 404, 405].includes(a.status), `${path}: ${a.status}`);
        },
      ),
    );
  });

  test("Last-Event-ID and ?lastEventId= → the event stream, or 400 naming Last-Event-ID", async () => {
    await fuzz(
      "Last-Event-ID",
      fc.asyncProperty(
        fc.oneof(
          headerValue,
          fc.nat({ max: 10_000 }).map(String),
          fc.constantFrom("9007199254740993", "-1", "1.5", "0x10", " "),
        ),
        fc.boolean(),
        async (value, asQuery) => {
          const a = asQuery
            ? await call(
                "GET",
                `/v1/workflows/fuzz-base/events?lastEventId=${encodeURIComponent(value)}`,
                {
                  headersOnly: true,
                },
              )
            : await call("GET", "/v1/workflows/fuzz-base/events", {
                headers: { "Last-Event-ID": value },
                headersOnly: true,
              });
          const n = Number(value);
          if (value === "" || (Number.isSafeInteger(n) && n >= 0)) {
            assert.equal(a.status, 200, `${JSON.stringify(value)}: ${a.text}`);
            assert.match(a.contentType, /^text\/event-stream/);
          } else {
            assertProblem(a, JSON.stringify(value), (f) => f === "Last-Event-ID");
          }
        },
      ),
    );
  });

  test("SSE clients that drop their connection at once leave no handler, timer or consumer behind", async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    await new Promise((r) => setTimeout(r, 1_500));
    const before = timers();
    for (const last of ["", "0", "1", "3", "5", "9999"]) {
      for (let i = 0; i < 5; i++) {
        await call("GET", "/v1/workflows/fuzz-base/events", {
          headers: last ? { "Last-Event-ID": last } : {},
          headersOnly: true,
        });
      }
    }
    // An ended workflow's stream closes within a second of its last event.
    await waitFor(
      "the streams to be released",
      () => (timers() <= before + 1 ? true : undefined),
      10_000,
    );
  });

  test("POST /v1/batches?estimate=true: random JSON and CSV → 200 estimate or a 4xx naming the field", async () => {
    const batchBody = fc.oneof(
      fc
        .record(
          {
            keywords: fc.array(fc.oneof(validText(50), anyValue), { maxLength: 5 }),
            items: fc.array(fc.oneof(validRequest, anyValue), { maxLength: 5 }),
            defaults: fc.oneof(
              fc.record({ language: fc.constantFrom("cs", "xx-invalid-") }),
              anyValue,
            ),
          },
          { requiredKeys: [] },
        )
        .map((b) => ({ type: "application/json", text: JSON.stringify(b) })),
      fc
        .jsonValue({ maxDepth: 3 })
        .map((v) => ({ type: "application/json", text: JSON.stringify(v) ?? "" })),
      fc
        .array(
          fc.array(fc.oneof(oddString(6), fc.constantFrom("keyword", "wordCount", '"', "\n")), {
            maxLength: 4,
          }),
          {
            maxLength: 4,
          },
        )
        .map((rows) => ({ type: "text/csv", text: rows.map((r) => r.join(",")).join("\n") })),
    );
    await fuzz(
      "POST /v1/batches estimate",
      fc.asyncProperty(batchBody, async ({ type, text }) => {
        const a = await call("POST", "/v1/batches?estimate=true", {
          headers: { "Content-Type": type },
          body: text,
        });
        if (a.status === 200) {
          assert.ok(Number(a.body?.count) >= 1, text);
          return;
        }
        assertProblem(a, `${type} ${text.slice(0, 200)}`, () => true);
      }),
    );
  });

  test("POST /v1/workflows/:id/rerun: random bodies → 202 only when the edited outputs fit, else a 4xx naming the field; edited reruns complete", async () => {
    const followed: string[] = [];
    await fuzz(
      "POST rerun",
      fc.asyncProperty(rerunBody(), async (b) => {
        const text = JSON.stringify(b) ?? "";
        const a = await call("POST", "/v1/workflows/fuzz-base/rerun", {
          headers: json,
          body: text,
        });
        const sent = text ? (JSON.parse(text) as unknown) : undefined;
        const edits = editsOf(sent);
        const misfits = edits ? stageOutputIssues(PIPELINE_STAGES, edits, "outputs") : [];
        if (a.status === 202) {
          assert.deepEqual(misfits, [], `202 for outputs that do not fit: ${text.slice(0, 300)}`);
          // Edited reruns are followed to the end: a 202 must not fail in a later stage.
          const hasEdits = Object.values(edits ?? {}).some((v) => v !== null);
          if (hasEdits && followed.length < RERUNS_FOLLOWED) {
            followed.push(String(a.body?.id));
            return;
          }
          return await accepted(a, text);
        }
        const onlyShapeWrong = misfits.length > 0 && wellFormedRerun(sent);
        assertProblem(a, text, (f) => !onlyShapeWrong || misfits.some((m) => m.field === f));
        if (onlyShapeWrong) assert.equal(a.status, 400, text.slice(0, 300));
      }),
    );
    if (FUZZ_RUNS >= 100) assert.equal(followed.length, RERUNS_FOLLOWED, "edited reruns followed");
    const ended = await waitForWorkflows(stack, followed, 120_000);
    for (const w of ended) {
      assert.equal(w.status, "completed", `${w.id}: ${JSON.stringify(w.error)}`);
    }
  });
});

/** A rerun body's `outputs`, when it is an object. */
function editsOf(body: unknown): Record<string, unknown> | undefined {
  const outputs = (body as { outputs?: unknown } | null)?.outputs;
  return typeof outputs === "object" && outputs !== null && !Array.isArray(outputs)
    ? (outputs as Record<string, unknown>)
    : undefined;
}

/**
 * Whether all but the shapes of the edited outputs is right: known fields only, a stage of the
 * pipeline, a valid cache, and edits of earlier stages only.
 */
function wellFormedRerun(body: unknown): boolean {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return false;
  const b = body as Record<string, unknown>;
  const at = STAGES.indexOf(String(b.fromStage));
  const edits = editsOf(b);
  return (
    Object.keys(b).every((k) => ["fromStage", "outputs", "cache"].includes(k)) &&
    typeof b.fromStage === "string" &&
    at !== -1 &&
    (b.cache === undefined ||
      b.cache === null ||
      (typeof b.cache === "string" && ["use", "refresh", "bypass"].includes(b.cache))) &&
    edits !== undefined &&
    Object.keys(edits).every((k) => STAGES.slice(0, at).includes(k))
  );
}

/**
 * An edit of the base workflow's stored output of a stage: as it is, with a field changed or
 * gone, or anything at all.
 */
function editedOutput(stage: string): fc.Arbitrary<unknown> {
  const output = storedOutputs[stage];
  if (typeof output !== "object" || output === null) return anyValue;
  const fields = Object.keys(output);
  return fc.oneof(
    fc.constant(output),
    fc.tuple(fc.constantFrom(...fields), anyValue).map(([k, v]) => ({ ...output, [k]: v })),
    fc.constantFrom(...fields).map((k) => {
      const { [k]: _gone, ...rest } = output as Record<string, unknown>;
      return rest;
    }),
    anyValue,
  );
}

/** Rerun bodies: random ones, and well-formed reruns whose edits may or may not fit. */
function rerunBody(): fc.Arbitrary<unknown> {
  const edited = fc.constantFrom(...STAGES.slice(1)).chain((fromStage) =>
    fc.subarray(STAGES.slice(0, STAGES.indexOf(fromStage)), { minLength: 1 }).chain((stages) =>
      fc.tuple(...stages.map(editedOutput)).map((values) => ({
        fromStage,
        outputs: Object.fromEntries(stages.map((s, i) => [s, values[i]])),
      })),
    ),
  );
  return fc.oneof(
    fc.record(
      {
        fromStage: fc.oneof(fc.constantFrom(...STAGES), oddString(), anyValue),
        outputs: fc.oneof(
          fc.dictionary(fc.constantFrom(...STAGES, "nope"), anyValue, { maxKeys: 3 }),
          anyValue,
        ),
        cache: fc.oneof(fc.constantFrom("use", "refresh"), anyValue),
      },
      { requiredKeys: [] },
    ),
    edited,
    fc.dictionary(oddString(5), anyValue, { maxKeys: 3 }),
    anyValue,
  );
}
