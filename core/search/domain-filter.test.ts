import assert from "node:assert/strict";
import { test } from "node:test";
import {
  filterByDomain,
  hostMatchesDomain,
  normalizeDomain,
  parseDomainLists,
  urlPassesDomainLists,
  withDomainFilter,
} from "./domain-filter.ts";
import type { SearchProvider, SearchQuery, SearchResult } from "./types.ts";

test("domain lists: entries normalise to bare lower-case hostnames", () => {
  const cases: Array<[string, string]> = [
    ["example.com", "example.com"],
    ["Example.COM", "example.com"],
    ["  example.com  ", "example.com"],
    ["*.example.com", "example.com"],
    [".example.com", "example.com"],
    ["example.com.", "example.com"],
    ["https://www.example.com/some/path?q=1", "www.example.com"],
    ["příklad.cz", "xn--pklad-zsa96e.cz"],
    ["sub_domain.example.org", "sub_domain.example.org"],
  ];
  for (const [entry, expected] of cases) assert.equal(normalizeDomain(entry), expected, entry);
});

test("domain lists: what is not a domain is a TypeError naming it", () => {
  for (const bad of ["", "exa mple.com", "example.com/path", "user@example.com", "[::1]", "a..b"]) {
    assert.throws(
      () => normalizeDomain(bad),
      (e: unknown) => e instanceof TypeError && e.message.includes(bad),
      bad,
    );
  }
});

test("domain lists: a domain matches itself and its subdomains, nothing else", () => {
  const cases: Array<[host: string, domain: string, matches: boolean]> = [
    ["example.com", "example.com", true],
    ["www.example.com", "example.com", true],
    ["a.b.example.com", "example.com", true],
    ["notexample.com", "example.com", false],
    ["example.com.evil.net", "example.com", false],
    ["example.co", "example.com", false],
    ["www.example.com", "www.example.com", true],
    ["example.com", "www.example.com", false],
  ];
  for (const [host, domain, matches] of cases) {
    assert.equal(hostMatchesDomain(host, domain), matches, `${host} vs ${domain}`);
  }
});

test("domain lists: deny wins over allow, an allow list excludes the rest, no lists pass everything", () => {
  const table: Array<[url: string, allow: string[], deny: string[], passes: boolean]> = [
    ["https://www.example.com/a", [], [], true],
    ["https://www.example.com/a", ["example.com"], [], true],
    ["https://other.org/a", ["example.com"], [], false],
    ["https://spam.example.com/a", ["example.com"], ["spam.example.com"], false],
    ["https://www.example.com/a", ["example.com"], ["example.com"], false],
    ["https://a.b.example.com/a", [], ["example.com"], false],
    ["https://WWW.EXAMPLE.COM/a", [], ["example.com"], false],
    ["https://example.com./a", [], ["example.com"], false],
    ["not a url", [], [], false],
  ];
  for (const [url, allow, deny, passes] of table) {
    assert.equal(
      urlPassesDomainLists(url, parseDomainLists({ allow, deny })),
      passes,
      `${url} allow=${allow} deny=${deny}`,
    );
  }
});

const results: SearchResult[] = [
  { url: "https://www.wiki.org/shoes", title: "a", snippet: "", position: 1 },
  { url: "https://shop.spam.com/buy", title: "b", snippet: "", position: 2 },
  { url: "https://blog.runners.net/guide", title: "c", snippet: "", position: 3 },
  { url: "https://spam.com/x", title: "d", snippet: "", position: 4 },
];

test("domain filter: results are filtered and keep their positions", () => {
  const kept = filterByDomain(results, parseDomainLists({ deny: ["spam.com"] }));
  assert.deepEqual(
    kept.map((r) => r.position),
    [1, 3],
  );
});

test("domain filter: the provider asks for more results so filtering still leaves enough", async () => {
  const asked: SearchQuery[] = [];
  const inner: SearchProvider = {
    name: "fixed",
    async search(q) {
      asked.push(q);
      return results.slice(0, q.limit);
    },
  };
  const filtered = withDomainFilter(inner, { deny: ["spam.com"] });
  const got = await filtered.search({ query: "x", language: "en", limit: 2 });
  assert.equal(asked[0]?.limit, 4, "twice the wanted number");
  assert.deepEqual(
    got.map((r) => r.position),
    [1, 3],
  );
  assert.equal(filtered.name, "fixed");
  assert.equal(withDomainFilter(inner, {}), inner, "no lists: the inner provider itself");
});
