/**
 * The three providers against the search emulator's app, in process (its `fetch` handler
 * stands in for the network, so these run on every runtime), plus the response validation
 * on odd JSON. test/search.e2e.test.ts runs the same providers over real HTTP.
 */
import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";
import { createSearchEmulatorApp } from "../../loadtest/search-emulator/app.ts";
import { braveSearchLang, createBraveProvider, parseBraveResponse } from "./brave.ts";
import {
  createDataForSeoProvider,
  dataForSeoStatusError,
  dataForSeoTask,
  parseDataForSeoResponse,
} from "./dataforseo.ts";
import { SearchError } from "./errors.ts";
import { createSearxngProvider, parseSearxngResponse, searxngUrl } from "./searxng.ts";
import type { SearchProvider } from "./types.ts";

const BASE = "http://search.emulator.test";
const emulator = createSearchEmulatorApp({ baseUrl: BASE });
const inProcess = ((input: string | URL | Request, init?: RequestInit) =>
  emulator.app.fetch(new Request(input, init))) as typeof fetch;

const providers: Record<string, (timeoutMs?: number) => SearchProvider> = {
  searxng: (timeoutMs = 5_000) =>
    createSearxngProvider({ baseUrl: BASE, fetch: inProcess, timeoutMs }),
  brave: (timeoutMs = 5_000) =>
    createBraveProvider({ apiKey: "test-brave-key", url: BASE, fetch: inProcess, timeoutMs }),
  dataforseo: (timeoutMs = 5_000) =>
    createDataForSeoProvider({
      login: "me@example.com",
      password: "test-password",
      url: BASE,
      fetch: inProcess,
      timeoutMs,
    }),
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function isSearchError(code: string, retryable: boolean) {
  return (err: unknown) => {
    assert.ok(err instanceof SearchError, `a SearchError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    assert.equal(err.retryable, retryable, `${code} retryable`);
    return true;
  };
}

for (const [name, make] of Object.entries(providers)) {
  describe(`${name} provider`, () => {
    beforeEach(() => emulator.handle.reset());

    test("English results for the fixture keyword, ranked, on the emulator's origin", async () => {
      const results = await make().search({
        query: "trail running shoes",
        language: "en",
        limit: 5,
      });
      assert.equal(results.length, 5);
      assert.deepEqual(
        results.map((r) => r.position),
        [1, 2, 3, 4, 5],
      );
      assert.equal(results[0]?.url, `${BASE}/pages/en/how-to-choose-trail-running-shoes.html`);
      assert.match(results[0]?.title ?? "", /How to Choose Trail Running Shoes/);
      assert.match(results[0]?.snippet ?? "", /Lug depth/);
      assert.equal(emulator.handle.stats().queries[name as "brave"], 1);
    });

    test("Czech results in Czech, with diacritics intact", async () => {
      const results = await make().search({ query: "běžecké boty", language: "cs", country: "CZ" });
      assert.ok(results.length >= 4);
      assert.equal(results[0]?.url, `${BASE}/pages/cs/jak-vybrat-bezecke-boty.html`);
      assert.match(results[0]?.title ?? "", /Jak vybrat běžecké boty/);
    });

    test("any other keyword gets generated pages, the same ones every time", async () => {
      const a = await make().search({ query: "kayak paddles", language: "en" });
      const b = await make().search({ query: "kayak paddles", language: "en" });
      assert.ok(a.length >= 5);
      assert.deepEqual(a, b);
      assert.ok(a.every((r) => r.url.startsWith(`${BASE}/pages/en/kayak_paddles--`)));
    });

    test("429 is rate-limited and retryable, with the Retry-After", async () => {
      emulator.handle.addFault({ wire: name, status: 429 });
      await assert.rejects(make().search({ query: "x", language: "en" }), (err: unknown) => {
        isSearchError("SEARCH_RATE_LIMITED", true)(err);
        // DataForSEO's own rate-limit answer carries no header; HTTP 429 does.
        assert.equal((err as SearchError).retryAfterMs, 1000);
        return true;
      });
    });

    test("5xx is a retryable failure, 401 is unauthorized and final", async () => {
      emulator.handle.addFault({ wire: name, status: 503 });
      await assert.rejects(
        make().search({ query: "x", language: "en" }),
        isSearchError("SEARCH_FAILED", true),
      );
      emulator.handle.addFault({ wire: name, status: 401 });
      await assert.rejects(
        make().search({ query: "x", language: "en" }),
        isSearchError("SEARCH_UNAUTHORIZED", false),
      );
    });

    test("a malformed answer is a typed error, not a TypeError", async () => {
      emulator.handle.addFault({ wire: name, malformed: true });
      await assert.rejects(
        make().search({ query: "x", language: "en" }),
        isSearchError("SEARCH_INVALID_RESPONSE", false),
      );
    });

    test("the timeout is honoured", async () => {
      emulator.handle.addFault({ wire: name, delayMs: 300 });
      await assert.rejects(
        make(30).search({ query: "x", language: "en" }),
        isSearchError("SEARCH_TIMEOUT", true),
      );
      await sleep(350); // let the delayed answer finish
    });

    test("an aborted search rejects with the signal's reason", async () => {
      const controller = new AbortController();
      controller.abort(new Error("stop"));
      await assert.rejects(
        make().search({ query: "x", language: "en" }, controller.signal),
        /stop/,
      );
    });

    test("a bad query is a RangeError naming the field", async () => {
      await assert.rejects(make().search({ query: "  ", language: "en" }), RangeError);
      await assert.rejects(make().search({ query: "x", language: "english!" }), /language/);
      await assert.rejects(make().search({ query: "x", language: "en", limit: 0 }), /limit/);
      await assert.rejects(
        make().search({ query: "x", language: "en", country: "CZE" }),
        /country/,
      );
    });
  });
}

test("the emulator refuses requests without credentials, as the real APIs do", async () => {
  const brave = await inProcess(`${BASE}/res/v1/web/search?q=x`);
  assert.equal(brave.status, 401);
  const dfs = await inProcess(`${BASE}/v3/serp/google/organic/live/advanced`, {
    method: "POST",
    body: "[]",
  });
  assert.equal(dfs.status, 401);
});

test("SearXNG: language and country become one tag; a 403 says how to enable JSON", async () => {
  assert.match(
    searxngUrl("http://h/searx", { query: "a b", language: "cs", country: "cz" }),
    /^http:\/\/h\/searx\/search\?q=a\+b&format=json&language=cs-CZ&pageno=1$/,
  );
  assert.match(
    searxngUrl("http://h/", { query: "x", language: "en-GB", country: "US" }),
    /language=en-GB/,
  );
  emulator.handle.addFault({ wire: "searxng", status: 403 });
  await assert.rejects(
    providers.searxng?.().search({ query: "x", language: "en" }) ?? Promise.resolve(),
    (err: unknown) =>
      isSearchError("SEARCH_UNAUTHORIZED", false)(err) &&
      /search\.formats/.test((err as Error).message),
  );
});

test("SearXNG: no results with every engine failing is a retryable failure", () => {
  assert.throws(
    () =>
      parseSearxngResponse(
        {
          results: [],
          unresponsive_engines: [
            ["google", "CAPTCHA"],
            ["bing", "timeout"],
          ],
        },
        10,
      ),
    (err: unknown) =>
      isSearchError("SEARCH_FAILED", true)(err) &&
      /google: CAPTCHA; bing: timeout/.test((err as Error).message),
  );
  assert.deepEqual(parseSearxngResponse({ results: [], unresponsive_engines: [] }, 10), []);
});

test("odd result items are skipped; odd envelopes are invalid responses", () => {
  const items = [
    null,
    42,
    { url: "javascript:alert(1)", title: "x" },
    { url: "not a url" },
    { url: "https://ok.example/a", title: "<b>Bold</b> &amp; co", content: "a&nbsp;b &#x10D;" },
    { url: "https://ok.example/a", title: "duplicate" },
    { url: "https://ok.example/b", title: 7, content: ["not", "text"] },
  ];
  const results = parseSearxngResponse({ results: items }, 10);
  assert.deepEqual(results, [
    { url: "https://ok.example/a", title: "Bold & co", snippet: "a b č", position: 1 },
    { url: "https://ok.example/b", title: "https://ok.example/b", snippet: "", position: 2 },
  ]);
  for (const body of [null, "text", [], { results: "x" }, { result: [] }]) {
    assert.throws(
      () => parseSearxngResponse(body, 10),
      isSearchError("SEARCH_INVALID_RESPONSE", false),
    );
  }
  for (const body of [null, { type: "ErrorResponse" }, { type: "search", web: { results: {} } }]) {
    assert.throws(
      () => parseBraveResponse(body, 10),
      isSearchError("SEARCH_INVALID_RESPONSE", false),
    );
  }
  assert.deepEqual(
    parseBraveResponse({ type: "search", query: { original: "x" } }, 10),
    [],
    "no web key: no results",
  );
  for (const body of [
    null,
    { status_code: "20000" },
    { status_code: 20000 },
    { status_code: 20000, tasks: [{}] },
    { status_code: 20000, tasks: [{ status_code: 20000, result: {} }] },
    { status_code: 20000, tasks: [{ status_code: 20000, result: [{ items: "x" }] }] },
  ]) {
    assert.throws(
      () => parseDataForSeoResponse(body, 10),
      isSearchError("SEARCH_INVALID_RESPONSE", false),
      JSON.stringify(body),
    );
  }
  assert.deepEqual(
    parseDataForSeoResponse(
      { status_code: 20000, tasks: [{ status_code: 20000, result: [{ items: null }] }] },
      10,
    ),
    [],
  );
});

test("DataForSEO: only organic items count, ranked by rank_group", () => {
  const body = {
    status_code: 20000,
    tasks: [
      {
        status_code: 20000,
        result: [
          {
            items: [
              { type: "featured_snippet", url: "https://f.example/", title: "F", rank_group: 1 },
              {
                type: "organic",
                url: "https://a.example/",
                title: "A",
                description: "a",
                rank_group: 1,
              },
              { type: "people_also_ask", items: [] },
              {
                type: "organic",
                url: "https://b.example/",
                title: "B",
                description: "b",
                rank_group: 2,
              },
            ],
          },
        ],
      },
    ],
  };
  assert.deepEqual(
    parseDataForSeoResponse(body, 10).map((r) => [r.url, r.position]),
    [
      ["https://a.example/", 1],
      ["https://b.example/", 2],
    ],
  );
});

test("DataForSEO: status codes map onto typed errors", () => {
  const table: Array<[number, string, string, boolean]> = [
    [40202, "Rate limit per minute exceeded.", "SEARCH_RATE_LIMITED", true],
    [40200, "Payment Required.", "SEARCH_QUOTA_EXCEEDED", false],
    [40210, "Insufficient funds on your balance.", "SEARCH_QUOTA_EXCEEDED", false],
    [40100, "You are not authorized to access this resource.", "SEARCH_UNAUTHORIZED", false],
    [40101, "Internal SE Server Error.", "SEARCH_FAILED", true],
    [50000, "Internal Error.", "SEARCH_FAILED", true],
    [40501, "Invalid Field: 'keyword'.", "SEARCH_BAD_REQUEST", false],
    [40000, "You can set only one task at a time.", "SEARCH_BAD_REQUEST", false],
  ];
  for (const [code, message, expected, retryable] of table) {
    const err = dataForSeoStatusError(code, message);
    assert.equal(err.code, expected, `${code} ${message}`);
    assert.equal(err.retryable, retryable, `${code} retryable`);
  }
});

test("DataForSEO: the task carries language, location, depth and an escaped keyword", () => {
  assert.deepEqual(dataForSeoTask({ query: " 100% C++ ", language: "cs" }, 8), {
    keyword: "100%25 C%2B%2B",
    language_code: "cs",
    location_code: 2203,
    depth: 10,
    device: "desktop",
  });
  assert.equal(dataForSeoTask({ query: "x", language: "en-GB" }, 25).location_code, 2826);
  assert.equal(dataForSeoTask({ query: "x", language: "en-GB" }, 25).depth, 30);
  assert.equal(
    dataForSeoTask({ query: "x", language: "en", country: "is" }, 10, { IS: 2352 }).location_code,
    2352,
  );
  assert.throws(
    () => dataForSeoTask({ query: "x", language: "en", country: "IS" }, 10),
    isSearchError("SEARCH_BAD_REQUEST", false),
  );
});

test("Brave: search_lang uses Brave's own codes where it has them", () => {
  const table: Array<[string, string]> = [
    ["cs", "cs"],
    ["cs-CZ", "cs"],
    ["en", "en"],
    ["en-US", "en"],
    ["en-GB", "en-gb"],
    ["pt-BR", "pt-br"],
    ["pt", "pt-pt"],
    ["zh-Hant", "zh-hant"],
    ["zh-TW", "zh-hant"],
    ["zh", "zh-hans"],
    ["ja", "jp"],
  ];
  for (const [tag, code] of table) assert.equal(braveSearchLang(tag), code, tag);
});
