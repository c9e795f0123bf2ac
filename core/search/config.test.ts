import assert from "node:assert/strict";
import { test } from "node:test";
import { redactSecrets } from "../secrets.ts";
import { DEFAULT_SEARCH_RESULTS, parseSearchConfig, searchProviderFromEnv } from "./config.ts";

test("search config: an empty environment means no search and the documented defaults", () => {
  const c = parseSearchConfig({});
  assert.equal(c.provider, "none");
  assert.equal(c.results, DEFAULT_SEARCH_RESULTS);
  assert.equal(c.results, 8);
  assert.equal(c.cacheTtlS, 86_400);
  assert.equal(c.timeoutMs, 15_000);
  assert.deepEqual(c.allowDomains, []);
  assert.deepEqual(c.denyDomains, []);
  assert.equal(c.brave.url, "https://api.search.brave.com/res/v1/web/search");
  assert.equal(c.dataforseo.url, "https://api.dataforseo.com");
  assert.equal(searchProviderFromEnv({}), undefined);
});

test("search config: each provider needs its variables, and says which", () => {
  assert.throws(
    () => parseSearchConfig({ SEARCH_PROVIDER: "searxng" }),
    /SEARCH_PROVIDER=searxng needs SEARXNG_URL/,
  );
  assert.throws(
    () => parseSearchConfig({ SEARCH_PROVIDER: "brave" }),
    /SEARCH_PROVIDER=brave needs BRAVE_API_KEY/,
  );
  assert.throws(
    () => parseSearchConfig({ SEARCH_PROVIDER: "dataforseo", DATAFORSEO_LOGIN: "me@example.com" }),
    /needs DATAFORSEO_LOGIN and DATAFORSEO_PASSWORD/,
  );
  assert.throws(
    () => parseSearchConfig({ SEARCH_PROVIDER: "google" }),
    /SEARCH_PROVIDER must be searxng, brave, dataforseo, none \(got "google"\)/,
  );
});

test("search config: bad values name the variable and the value", () => {
  assert.throws(
    () => parseSearchConfig({ SEARXNG_URL: "ftp://x" }),
    /SEARXNG_URL must be an http\(s\) URL \(got "ftp:\/\/x"\)/,
  );
  assert.throws(() => parseSearchConfig({ BRAVE_SEARCH_URL: "nope" }), /BRAVE_SEARCH_URL/);
  assert.throws(
    () => parseSearchConfig({ SEARCH_RESULTS: "0" }),
    /SEARCH_RESULTS must be an integer from 1 to 100 \(got "0"\)/,
  );
  assert.throws(() => parseSearchConfig({ SEARCH_RESULTS: "ten" }), /SEARCH_RESULTS/);
  assert.throws(() => parseSearchConfig({ SEARCH_CACHE_TTL_S: "-1" }), /SEARCH_CACHE_TTL_S/);
  assert.throws(() => parseSearchConfig({ SEARCH_TIMEOUT_MS: "5" }), /SEARCH_TIMEOUT_MS/);
  assert.throws(
    () => parseSearchConfig({ SEARCH_DENY_DOMAINS: "ok.com, not a domain" }),
    /SEARCH_DENY_DOMAINS must list domains such as example.com, comma-separated \(got "not a domain"\)/,
  );
});

test("search config: domain lists are comma-separated and normalised", () => {
  const c = parseSearchConfig({
    SEARCH_ALLOW_DOMAINS: "Example.com, *.runners.net ,https://www.wiki.org/x",
    SEARCH_DENY_DOMAINS: "spam.example.com",
  });
  assert.deepEqual(c.allowDomains, ["example.com", "runners.net", "www.wiki.org"]);
  assert.deepEqual(c.denyDomains, ["spam.example.com"]);
});

test("search config: the factory builds the named provider", () => {
  const env = {
    SEARXNG_URL: "http://127.0.0.1:8888",
    BRAVE_API_KEY: "brave-key-for-tests-0001",
    DATAFORSEO_LOGIN: "me@example.com",
    DATAFORSEO_PASSWORD: "dfs-password-for-tests",
  };
  for (const name of ["searxng", "brave", "dataforseo"]) {
    assert.equal(searchProviderFromEnv({ ...env, SEARCH_PROVIDER: name })?.name, name);
  }
  assert.equal(searchProviderFromEnv({ ...env, SEARCH_PROVIDER: "none" }), undefined);
  assert.equal(searchProviderFromEnv({ ...env, SEARCH_PROVIDER: "BRAVE" })?.name, "brave");
});

test("search config: API keys and the DataForSEO password are registered as secrets", () => {
  parseSearchConfig({
    SEARCH_PROVIDER: "dataforseo",
    BRAVE_API_KEY: "brave-secret-token-123",
    DATAFORSEO_LOGIN: "me@example.com",
    DATAFORSEO_PASSWORD: "dfs-secret-password-456",
  });
  const line =
    "brave-secret-token-123 dfs-secret-password-456 bWVAZXhhbXBsZS5jb206ZGZzLXNlY3JldC1wYXNzd29yZC00NTY=";
  assert.equal(redactSecrets(line), "[redacted] [redacted] [redacted]");
});
