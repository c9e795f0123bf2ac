import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeKeyToken } from "../llm/cache-keys.ts";
import { normalizeSearchQuery, searchCacheFilter, searchCacheKey } from "./cache-keys.ts";

const KV_KEY = /^[-/_=a-zA-Z0-9]+(\.[-/_=a-zA-Z0-9]+)*$/;

test("search cache key: search.<provider>.<hash>, a valid KV key whatever the provider's name", async () => {
  const key = await searchCacheKey("searxng", { query: "trail running shoes", language: "en" });
  assert.match(key, /^search\.searxng\.[0-9a-f]{32}$/);
  const odd = await searchCacheKey("my.provider:v2", { query: "x", language: "en" });
  assert.match(odd, KV_KEY);
  const token = odd.split(".")[1] ?? "";
  assert.equal(decodeKeyToken(token), "my.provider:v2", "the provider token decodes back");
});

test("search cache key: case, spacing and Unicode composition of the text do not matter", async () => {
  const base = await searchCacheKey("brave", { query: "běžecké boty", language: "cs" });
  for (const query of ["  Běžecké   BOTY ", "be\u030Cz\u030Ceck\u00E9 boty", "BĚŽECKÉ BOTY"]) {
    assert.equal(await searchCacheKey("brave", { query, language: "cs" }), base, query);
  }
  assert.equal(await searchCacheKey("brave", { query: "běžecké boty", language: "CS" }), base);
});

test("search cache key: provider, language, country and limit each make another key", async () => {
  const q = { query: "trail running shoes", language: "en" };
  const keys = new Set([
    await searchCacheKey("brave", q),
    await searchCacheKey("searxng", q),
    await searchCacheKey("brave", { ...q, language: "en-GB" }),
    await searchCacheKey("brave", { ...q, country: "GB" }),
    await searchCacheKey("brave", { ...q, limit: 5 }),
  ]);
  assert.equal(keys.size, 5);
  // The default limit resolves: no limit and limit 10 are the same search.
  assert.equal(
    await searchCacheKey("brave", q),
    await searchCacheKey("brave", { ...q, limit: 10 }),
  );
  assert.equal(
    await searchCacheKey("brave", q, 8),
    await searchCacheKey("brave", { ...q, limit: 8 }),
    "a provider's default limit keys a query without one",
  );
});

test("search cache key: the normalised query is what is hashed", () => {
  assert.deepEqual(normalizeSearchQuery({ query: " A  b ", language: "EN", country: "gb" }), {
    format: 1,
    query: "a b",
    language: "en",
    country: "GB",
    limit: 10,
  });
});

test("search cache filter: one provider's entries or all", () => {
  assert.equal(searchCacheFilter(), "search.>");
  assert.equal(searchCacheFilter("dataforseo"), "search.dataforseo.*");
  assert.equal(searchCacheFilter("a.b"), "search.a=2Eb.*");
});
