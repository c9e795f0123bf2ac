import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";
import { XMLParser } from "fast-xml-parser";
import { createSearchEmulatorApp } from "./app.ts";
import { SITE_ARTICLES } from "./site.ts";

const BASE = "http://emu.test";
const { app, handle } = createSearchEmulatorApp({ baseUrl: BASE });
const get = (path: string, init?: RequestInit) => app.fetch(new Request(`${BASE}${path}`, init));
const xml = new XMLParser();

beforeEach(() => handle.reset());

async function searxng(q: string, language: string) {
  const res = await get(
    `/search?q=${encodeURIComponent(q)}&format=json&language=${language}&pageno=1`,
  );
  assert.equal(res.status, 200);
  return (await res.json()) as { results: Array<{ url: string; title: string; content: string }> };
}

test("emulator: the fixture keywords rank their hand-written pages first, in their language", async () => {
  const en = await searxng("Trail Running Shoes", "en-US");
  assert.equal(en.results.length, 10);
  assert.deepEqual(
    en.results.slice(0, 4).map((r) => r.url),
    [
      `${BASE}/pages/en/how-to-choose-trail-running-shoes.html`,
      `${BASE}/pages/en/best-trail-running-shoes-tested.html`,
      `${BASE}/pages/en/trail-vs-road-running-shoes.html`,
      `${BASE}/pages/en/how-long-do-trail-running-shoes-last.html`,
    ],
  );
  const cs = await searxng("běžecké boty", "cs");
  assert.equal(cs.results[0]?.url, `${BASE}/pages/cs/jak-vybrat-bezecke-boty.html`);
  assert.match(cs.results[1]?.title ?? "", /Nejlepší běžecké boty 2024/);
  // Other languages fall back to English.
  const de = await searxng("trail running shoes", "de");
  assert.equal(de.results[0]?.url, en.results[0]?.url);
});

test("emulator: any keyword gets deterministic generated pages, served from their slug alone", async () => {
  const a = await searxng("Kávovar na doma", "cs");
  const b = await searxng("Kávovar na doma", "cs");
  assert.deepEqual(a, b);
  assert.equal(a.results.length, 6);
  const first = a.results[0]?.url ?? "";
  const html1 = await (await app.fetch(new Request(first))).text();
  const html2 = await (await app.fetch(new Request(first))).text();
  assert.equal(html1, html2, "the same page, byte for byte");
  assert.match(html1, /<html lang="cs">/);
  assert.match(html1, /Kávovar na doma/);
  // A page for a keyword nobody searched for.
  const direct = await get(`/pages/en/${encodeURIComponent("sourdough_starter--guide")}.html`);
  assert.equal(direct.status, 200);
  assert.match(await direct.text(), /<h1>Sourdough Starter: The Complete Guide<\/h1>/);
  assert.equal((await get("/pages/en/sourdough_starter--no-such-angle.html")).status, 404);
  // Case and punctuation survive the round trip through the URL.
  const odd = await searxng("C++ / Rust: 2024?", "en");
  const oddPage = await (await app.fetch(new Request(odd.results[0]?.url ?? ""))).text();
  assert.match(oddPage, /<h1>C\+\+ \/ Rust: 2024\?: The Complete Guide<\/h1>/);
  assert.equal((await get("/pages/xx/how-to-choose-trail-running-shoes.html")).status, 404);
});

test("emulator: result pages carry boilerplate, an article with H1/H2/H3 and a FAQ", async () => {
  const html = await (await get("/pages/en/how-to-choose-trail-running-shoes.html")).text();
  for (const part of [
    /<nav class="main-nav">/,
    /<footer class="site-footer">/,
    /<h1>/,
    /<h2>/,
    /<h3>/,
    /class="faq"/,
    /cookie/,
    /<aside/,
  ]) {
    assert.match(html, part);
  }
  assert.equal(handle.stats().pages, 1);
});

test("emulator: Brave's wire format, its limits and its key", async () => {
  const ok = await get(
    "/res/v1/web/search?q=trail+running+shoes&count=3&search_lang=en&country=US",
    {
      headers: { "x-subscription-token": "any" },
    },
  );
  const body = (await ok.json()) as {
    type: string;
    web: { results: Array<{ url: string; description: string }> };
    query: { more_results_available: boolean };
  };
  assert.equal(body.type, "search");
  assert.equal(body.web.results.length, 3);
  assert.equal(body.query.more_results_available, true);
  const page2 = (await (
    await get("/res/v1/web/search?q=trail+running+shoes&count=3&offset=1", {
      headers: { "x-subscription-token": "any" },
    })
  ).json()) as typeof body;
  assert.notEqual(page2.web.results[0]?.url, body.web.results[0]?.url, "offset pages on");
  assert.equal((await get("/res/v1/web/search?q=x")).status, 401);
  const invalid = await get("/res/v1/web/search?q=x&count=50", {
    headers: { "x-subscription-token": "any" },
  });
  assert.equal(invalid.status, 422);
  assert.match(JSON.stringify(await invalid.json()), /count: must be from 1 to 20/);
  assert.equal(handle.stats().queries.brave, 4);
  assert.equal(handle.stats().rejected, 2);
});

test("emulator: DataForSEO's wire format, validation in status codes", async () => {
  const auth = { authorization: `Basic ${btoa("me:pw")}`, "content-type": "application/json" };
  const post = (body: unknown, headers: Record<string, string> = auth) =>
    get("/v3/serp/google/organic/live/advanced", {
      method: "POST",
      headers,
      body: JSON.stringify(body),
    });
  const ok = (await (
    await post([
      {
        keyword: "b%C4%9B%C5%BEeck%C3%A9+boty",
        language_code: "cs",
        location_code: 2203,
        depth: 10,
      },
    ])
  ).json()) as {
    status_code: number;
    tasks: Array<{
      status_code: number;
      result: Array<{ keyword: string; items: Array<{ type: string; rank_group: number }> }>;
    }>;
  };
  assert.equal(ok.status_code, 20000);
  const result = ok.tasks[0]?.result[0];
  assert.equal(result?.keyword, "běžecké boty", "keywords are %-decoded and + is a space");
  const organic = result?.items.filter((i) => i.type === "organic") ?? [];
  assert.equal(organic.length, 10);
  assert.ok(
    result?.items.some((i) => i.type === "people_also_ask"),
    "a SERP feature among the organic results",
  );
  const taskError = (await (
    await post([{ language_code: "en", location_code: 2840 }])
  ).json()) as typeof ok;
  assert.equal(taskError.tasks[0]?.status_code, 40501);
  const two = (await (await post([{ keyword: "a" }, { keyword: "b" }])).json()) as typeof ok;
  assert.equal(two.status_code, 40000);
  assert.equal(
    (await post([{ keyword: "a" }], { "content-type": "application/json" })).status,
    401,
  );
});

test("emulator: the site's sitemap index lists two sitemaps with every article, each served", async () => {
  const index = xml.parse(await (await get("/site/sitemap.xml")).text()) as {
    sitemapindex: { sitemap: Array<{ loc: string }> };
  };
  const maps = index.sitemapindex.sitemap.map((s) => s.loc);
  assert.deepEqual(maps, [`${BASE}/site/sitemap-en.xml`, `${BASE}/site/sitemap-cs.xml`]);
  const urls: string[] = [];
  for (const loc of maps) {
    const set = xml.parse(await (await app.fetch(new Request(loc))).text()) as {
      urlset: { url: Array<{ loc: string; lastmod: string }> };
    };
    urls.push(...set.urlset.url.map((u) => u.loc));
  }
  assert.equal(urls.length, SITE_ARTICLES.length);
  assert.equal(urls.length, 20);
  assert.ok(urls.includes(`${BASE}/site/en/trail-running-shoes-how-we-choose`));
  assert.ok(urls.includes(`${BASE}/site/cs/bezecke-boty-jak-vybirame`));
  for (const url of urls) {
    const res = await app.fetch(new Request(url));
    assert.equal(res.status, 200, url);
    assert.match(await res.text(), /<h1>[^<]+<\/h1>/);
  }
  assert.equal(handle.stats().sitePages, 20);
  assert.equal(handle.stats().sitemaps, 3);
});

test("emulator: /redirect redirects anywhere, for the fetcher's SSRF tests", async () => {
  const res = await get(`/redirect?to=${encodeURIComponent("http://127.0.0.1:1/")}`);
  assert.equal(res.status, 302);
  assert.equal(res.headers.get("location"), "http://127.0.0.1:1/");
  assert.equal((await get("/redirect?to=/x&status=307")).status, 307);
  assert.equal((await get("/redirect")).status, 400);
  assert.equal(handle.stats().redirects, 2);
});

test("emulator: faults are validated, consumed in order, and reset", async () => {
  const post = (body: unknown) =>
    get("/_emulator/faults", { method: "POST", body: JSON.stringify(body) });
  assert.equal((await post({ wire: "bing", status: 500 })).status, 400);
  assert.equal((await post({ status: 99 })).status, 400);
  assert.equal((await post({ wire: "brave" })).status, 400, "a fault needs an effect");
  assert.equal((await post({ wire: "searxng", status: 500, count: 2 })).status, 200);
  assert.equal((await get("/search?q=x&format=json")).status, 500);
  assert.equal((await get("/search?q=x&format=json")).status, 500);
  assert.equal((await get("/search?q=x&format=json")).status, 200);
  assert.equal(handle.stats().faults, 2);
  await post({ status: 503 });
  assert.equal(
    ((await (await get("/_emulator/faults")).json()) as { faults: unknown[] }).faults.length,
    1,
  );
  await get("/_emulator/reset", { method: "POST" });
  assert.equal(handle.stats().queriesTotal, 0);
  assert.equal((await get("/search?q=x&format=json")).status, 200);
});

test("emulator: SearXNG refuses other formats as an instance without them does", async () => {
  assert.equal((await get("/search?q=x")).status, 403);
  assert.equal((await get("/search?q=x&format=csv")).status, 403);
  assert.equal((await get("/search?format=json")).status, 400);
});
