import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InvalidRequestError } from "./errors.ts";
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
    ["an unknown field", { keyword: "x", model: "gpt-4o" }, ["model"]],
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
});
