import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ForbiddenFieldError, InvalidRequestError } from "./errors.ts";
import { parseWorkflowRequest } from "./request.ts";

function issuesOf(body: unknown): string[] {
  try {
    parseWorkflowRequest(body);
  } catch (err) {
    assert.ok(err instanceof InvalidRequestError);
    return err.issues.map((i) => i.field);
  }
  assert.fail("expected the request to be rejected");
}

describe("parseWorkflowRequest", () => {
  test("fills in the documented defaults", () => {
    assert.deepEqual(parseWorkflowRequest({ keyword: "  trail   running shoes " }), {
      keyword: "trail running shoes",
      language: "en",
      wordCount: 1200,
      pipeline: "seo-article",
    });
  });

  test("keeps every known field and normalises language and country case", () => {
    const r = parseWorkflowRequest({
      keyword: "běžecké boty",
      language: "CS-CZ",
      country: "cz",
      audience: "začátečníci",
      tone: "přátelský",
      wordCount: 800,
      pipeline: "seo-article",
      id: "abc_123",
      metadata: { campaign: "spring" },
    });
    assert.equal(r.language, "cs-CZ");
    assert.equal(r.country, "CZ");
    assert.equal(r.wordCount, 800);
    assert.deepEqual(r.metadata, { campaign: "spring" });
  });

  const cases: Array<[string, unknown, string[]]> = [
    ["a missing keyword", {}, ["keyword"]],
    ["a keyword of the wrong type", { keyword: 42 }, ["keyword"]],
    ["an empty keyword", { keyword: "   " }, ["keyword"]],
    ["an over-long keyword", { keyword: "x".repeat(201) }, ["keyword"]],
    ["a keyword with control characters", { keyword: "a\u0000b" }, ["keyword"]],
    ["an unknown field", { keyword: "x", temperature: 0.2 }, ["temperature"]],
    ["a bad language tag", { keyword: "x", language: "english!" }, ["language"]],
    ["a bad country", { keyword: "x", country: "CZE" }, ["country"]],
    ["a fractional word count", { keyword: "x", wordCount: 12.5 }, ["wordCount"]],
    ["a word count out of range", { keyword: "x", wordCount: 100000 }, ["wordCount"]],
    ["a bad pipeline name", { keyword: "x", pipeline: "../etc" }, ["pipeline"]],
    ["an id with a dot", { keyword: "x", id: "a.b" }, ["id"]],
    ["metadata that is an array", { keyword: "x", metadata: [1] }, ["metadata"]],
    ["metadata over 4 KiB", { keyword: "x", metadata: { a: "y".repeat(5000) } }, ["metadata"]],
    ["several wrong fields at once", { keyword: 1, language: 2 }, ["keyword", "language"]],
  ];
  for (const [what, body, fields] of cases) {
    test(`rejects ${what}, naming the field`, () => {
      assert.deepEqual(issuesOf(body), fields);
    });
  }

  test("rejects a body that is not an object", () => {
    assert.deepEqual(issuesOf([1, 2]), ["(body)"]);
    assert.deepEqual(issuesOf("keyword"), ["(body)"]);
    assert.deepEqual(issuesOf(null), ["(body)"]);
  });

  test("internal fields are kept when the sender may set them", () => {
    const r = parseWorkflowRequest(
      { keyword: "x", model: "openai:llama3.1:8b", maxTokens: 2000 },
      { allowInternalFields: true },
    );
    assert.equal(r.model, "openai:llama3.1:8b");
    assert.equal(r.maxTokens, 2000);
  });

  test("internal fields are forbidden by default, naming each", () => {
    for (const body of [
      { keyword: "x", model: "openai:gpt-4o" },
      { keyword: "x", maxTokens: 10 },
      { keyword: "x", model: "anthropic:claude-haiku-5-5", maxTokens: 10 },
    ]) {
      assert.throws(
        () => parseWorkflowRequest(body),
        (err: unknown) =>
          err instanceof ForbiddenFieldError &&
          err.code === "FORBIDDEN_FIELD" &&
          err.issues.map((i) => i.field).join() ===
            Object.keys(body)
              .filter((k) => k !== "keyword")
              .join(),
      );
    }
  });

  test("a request that is also invalid is a 400-kind error listing both", () => {
    assert.deepEqual(issuesOf({ keyword: 5, maxTokens: 10 }), ["keyword", "maxTokens"]);
    // a forbidden field that is also malformed is named once
    assert.deepEqual(issuesOf({ keyword: "x", model: 5 }), ["model"]);
  });

  const badInternal: Array<[string, Record<string, unknown>, string]> = [
    ["a model without a provider", { model: "gpt-4o" }, "model"],
    ["a model of an unknown provider", { model: "mistral:large" }, "model"],
    ["a model with spaces", { model: "openai:gpt 4o" }, "model"],
    ["a model with a comma (no fallbacks)", { model: "openai:a,openai:b" }, "model"],
    ["an over-long model", { model: `openai:${"m".repeat(200)}` }, "model"],
    ["maxTokens of 0", { maxTokens: 0 }, "maxTokens"],
    ["fractional maxTokens", { maxTokens: 1.5 }, "maxTokens"],
    ["maxTokens over 100000", { maxTokens: 100_001 }, "maxTokens"],
  ];
  for (const [what, extra, field] of badInternal) {
    test(`rejects ${what} even when allowed`, () => {
      assert.throws(
        () => parseWorkflowRequest({ keyword: "x", ...extra }, { allowInternalFields: true }),
        (err: unknown) =>
          err instanceof InvalidRequestError && err.issues.map((i) => i.field).join() === field,
      );
    });
  }
});

describe("odd Unicode", () => {
  const field = (body: Record<string, unknown>) => {
    try {
      parseWorkflowRequest(body);
      return "valid";
    } catch (err) {
      return (err as InvalidRequestError).issues.map((i) => `${i.field}: ${i.message}`).join();
    }
  };
  test("a lone surrogate is refused where msgpack would silently replace it", () => {
    assert.match(field({ keyword: "shoes \ud800" }), /^keyword: must be valid Unicode/);
    assert.match(field({ keyword: "x", audience: "\udc00 kids" }), /^audience: must be valid/);
    assert.match(field({ keyword: "x", metadata: { k: "a\ud83d" } }), /^metadata: must be valid/);
    assert.match(field({ keyword: "x", metadata: { ["\udfff"]: 1 } }), /^metadata: must be valid/);
  });
  test("paired surrogates, RTL marks and escaped-looking text are fine", () => {
    assert.equal(
      field({ keyword: "běh 🏃‍♀️ \u202eshoes", metadata: { t: "\\ud800 literal" } }),
      "valid",
    );
  });
  test("metadata nested deeper than 8 levels is refused, 8 is fine", () => {
    const nest = (d: number): unknown => (d === 0 ? 1 : { a: nest(d - 1) });
    assert.equal(field({ keyword: "x", metadata: nest(8) }), "valid");
    assert.match(field({ keyword: "x", metadata: nest(9) }), /^metadata: must be nested at most 8/);
    assert.match(field({ keyword: "x", metadata: { a: [[[[[[[[1]]]]]]]] } }), /nested at most/);
  });
  test("a keyword of only zero-width or punctuation characters is refused", () => {
    assert.match(field({ keyword: "\u200b\u200d" }), /^keyword: must contain a letter or a digit/);
    assert.match(field({ keyword: "?!" }), /^keyword: must contain a letter or a digit/);
  });
});
