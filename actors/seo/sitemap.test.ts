import assert from "node:assert/strict";
import { test } from "node:test";
import { parseSitemap, readSitemap, SitemapError, titleFromUrl } from "./sitemap.ts";

const NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"';

function urlset(...locs: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset ${NS}>\n${locs
    .map((l) => `  <url><loc>${l}</loc></url>`)
    .join("\n")}\n</urlset>`;
}

function index(...locs: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex ${NS}>\n${locs
    .map((l) => `  <sitemap><loc>${l}</loc></sitemap>`)
    .join("\n")}\n</sitemapindex>`;
}

/** A site of sitemap documents served from a map; records what was fetched, in order. */
function site(docs: Record<string, string>) {
  const fetched: string[] = [];
  const fetchText = async (url: string) => {
    fetched.push(url);
    const doc = docs[url];
    if (doc === undefined) throw new Error(`404 ${url}`);
    return doc;
  };
  return { fetched, fetchText };
}

test("a urlset gives its pages in document order, with lastmod when present", async () => {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<urlset ${NS}>
  <url><loc>https://example.com/</loc><lastmod>2024-05-01</lastmod><priority>1.0</priority></url>
  <url><loc> https://example.com/blog/trail-shoes </loc><changefreq>weekly</changefreq></url>
  <url><loc>https://example.com/2024</loc></url>
</urlset>`;
  const { fetchText } = site({ "https://example.com/sitemap.xml": xml });
  assert.deepEqual(await readSitemap("https://example.com/sitemap.xml", fetchText), [
    { url: "https://example.com/", lastmod: "2024-05-01" },
    { url: "https://example.com/blog/trail-shoes" },
    { url: "https://example.com/2024" },
  ]);
});

test("entities and CDATA in <loc> are decoded", () => {
  const xml = `<urlset ${NS}>
  <url><loc>https://example.com/search?q=boty&amp;page=2</loc></url>
  <url><loc><![CDATA[https://example.com/a?x=1&y=2]]></loc></url>
  <url><loc>https://example.com/&#x10D;esky</loc></url>
</urlset>`;
  const parsed = parseSitemap(xml, "https://example.com/sitemap.xml");
  assert.deepEqual(parsed, {
    kind: "urlset",
    entries: [
      { url: "https://example.com/search?q=boty&page=2" },
      { url: "https://example.com/a?x=1&y=2" },
      { url: "https://example.com/%C4%8Desky" },
    ],
  });
});

test("a namespace prefix, relative and non-http locs: prefixes ignored, relatives resolved, others skipped", () => {
  const xml = `<sm:urlset xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sm:url><sm:loc>/relative/page</sm:loc></sm:url>
  <sm:url><sm:loc>javascript:alert(1)</sm:loc></sm:url>
  <sm:url><sm:loc>mailto:a@example.com</sm:loc></sm:url>
  <sm:url><sm:loc></sm:loc></sm:url>
</sm:urlset>`;
  assert.deepEqual(parseSitemap(xml, "https://example.com/sitemap.xml"), {
    kind: "urlset",
    entries: [{ url: "https://example.com/relative/page" }],
  });
});

test("an empty urlset is an empty list, not an error", () => {
  assert.deepEqual(parseSitemap(`<urlset ${NS}/>`, "https://example.com/s.xml"), {
    kind: "urlset",
    entries: [],
  });
  assert.deepEqual(parseSitemap(`<urlset ${NS}></urlset>`, "https://example.com/s.xml"), {
    kind: "urlset",
    entries: [],
  });
});

test("a sitemap index is followed: its sitemaps' pages, in order, each URL once", async () => {
  const { fetched, fetchText } = site({
    "https://example.com/sitemap.xml": index(
      "https://example.com/posts.xml",
      "https://example.com/pages.xml",
      "https://example.com/posts.xml",
    ),
    "https://example.com/posts.xml": urlset("https://example.com/a", "https://example.com/b"),
    "https://example.com/pages.xml": urlset("https://example.com/b", "https://example.com/c"),
  });
  const entries = await readSitemap("https://example.com/sitemap.xml", fetchText);
  assert.deepEqual(
    entries.map((e) => e.url),
    ["https://example.com/a", "https://example.com/b", "https://example.com/c"],
  );
  assert.deepEqual(fetched, [
    "https://example.com/sitemap.xml",
    "https://example.com/posts.xml",
    "https://example.com/pages.xml",
  ]);
});

test("nested indexes are followed down to maxDepth and no further", async () => {
  const docs = {
    "https://example.com/0.xml": index("https://example.com/1.xml", "https://example.com/top.xml"),
    "https://example.com/top.xml": urlset("https://example.com/top"),
    "https://example.com/1.xml": index("https://example.com/2.xml"),
    "https://example.com/2.xml": index("https://example.com/deep.xml"),
    "https://example.com/deep.xml": urlset("https://example.com/deep"),
  };
  const shallow = site(docs);
  const urls = (
    await readSitemap("https://example.com/0.xml", shallow.fetchText, { maxDepth: 2 })
  ).map((e) => e.url);
  assert.deepEqual(urls, ["https://example.com/top"]);
  assert.ok(!shallow.fetched.includes("https://example.com/deep.xml"));

  const deep = site(docs);
  const all = (await readSitemap("https://example.com/0.xml", deep.fetchText, { maxDepth: 3 })).map(
    (e) => e.url,
  );
  assert.deepEqual(all, ["https://example.com/top", "https://example.com/deep"]);
});

test("an index that lists itself is read once", async () => {
  const { fetched, fetchText } = site({
    "https://example.com/s.xml": index("https://example.com/s.xml", "https://example.com/p.xml"),
    "https://example.com/p.xml": urlset("https://example.com/p"),
  });
  const entries = await readSitemap("https://example.com/s.xml", fetchText);
  assert.deepEqual(entries, [{ url: "https://example.com/p" }]);
  assert.equal(fetched.length, 2);
});

test("maxUrls truncates the list and stops fetching; maxSitemaps bounds the fetches", async () => {
  const children = Array.from({ length: 10 }, (_, i) => `https://example.com/c${i}.xml`);
  const docs: Record<string, string> = { "https://example.com/s.xml": index(...children) };
  for (const [i, c] of children.entries()) {
    docs[c] = urlset(`https://example.com/p${i}a`, `https://example.com/p${i}b`);
  }
  const a = site(docs);
  const few = await readSitemap("https://example.com/s.xml", a.fetchText, { maxUrls: 3 });
  assert.deepEqual(
    few.map((e) => e.url),
    ["https://example.com/p0a", "https://example.com/p0b", "https://example.com/p1a"],
  );
  assert.equal(a.fetched.length, 3);

  const b = site(docs);
  const bounded = await readSitemap("https://example.com/s.xml", b.fetchText, { maxSitemaps: 4 });
  assert.equal(b.fetched.length, 4);
  assert.equal(bounded.length, 6);
});

const malformed: Array<[string, string]> = [
  ["an unclosed element", `<urlset ${NS}><url><loc>https://example.com/</loc></urlset>`],
  ["text that is no XML", "this is not xml"],
  ["an HTML error page", "<!DOCTYPE html><html><body><p>Not found<br></body></html>"],
  ["an empty body", "   "],
  ["another root element", `<rss version="2.0"><channel></channel></rss>`],
  ["gzip bytes read as text", "\u001f\u008b\b\u0000\u0000\u0000\u0000\u0000\u0000\u0003"],
];

for (const [name, xml] of malformed) {
  test(`malformed sitemap (${name}) is a SitemapError with code SITEMAP_INVALID`, async () => {
    const { fetchText } = site({ "https://example.com/s.xml": xml });
    await assert.rejects(readSitemap("https://example.com/s.xml", fetchText), (err: unknown) => {
      assert.ok(err instanceof SitemapError);
      assert.equal(err.code, "SITEMAP_INVALID");
      assert.equal(err.sitemapUrl, "https://example.com/s.xml");
      return true;
    });
  });
}

test("a malformed child sitemap fails the read, naming the child", async () => {
  const { fetchText } = site({
    "https://example.com/s.xml": index("https://example.com/ok.xml", "https://example.com/bad.xml"),
    "https://example.com/ok.xml": urlset("https://example.com/a"),
    "https://example.com/bad.xml": "<urlset><url>",
  });
  await assert.rejects(
    readSitemap("https://example.com/s.xml", fetchText),
    (err: unknown) =>
      err instanceof SitemapError && err.sitemapUrl === "https://example.com/bad.xml",
  );
});

test("a fetch failure reaches the caller unchanged", async () => {
  const { fetchText } = site({});
  await assert.rejects(readSitemap("https://example.com/s.xml", fetchText), /404/);
});

test("an aborted signal stops reading before the next fetch", async () => {
  const ctrl = new AbortController();
  ctrl.abort(new Error("stop"));
  const { fetched, fetchText } = site({ "https://example.com/s.xml": urlset("https://e.com/") });
  await assert.rejects(
    readSitemap("https://example.com/s.xml", fetchText, { signal: ctrl.signal }),
    /stop/,
  );
  assert.equal(fetched.length, 0);
});

test("bad arguments are a TypeError / RangeError naming the value", async () => {
  const { fetchText } = site({});
  await assert.rejects(readSitemap("/sitemap.xml", fetchText), TypeError);
  await assert.rejects(readSitemap("ftp://example.com/s.xml", fetchText), TypeError);
  await assert.rejects(
    readSitemap("https://example.com/s.xml", fetchText, { maxDepth: -1 }),
    /maxDepth must be an integer ≥ 0 \(got -1\)/,
  );
});

test("a DOCTYPE entity bomb is refused, not expanded", () => {
  const lol = `<?xml version="1.0"?>
<!DOCTYPE urlset [
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<urlset ${NS}><url><loc>https://example.com/&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;</loc></url></urlset>`;
  let result: unknown;
  try {
    result = parseSitemap(lol, "https://example.com/s.xml");
  } catch (err) {
    assert.ok(err instanceof SitemapError, String(err));
    return;
  }
  // If the parser declines to expand instead of failing, the URL stays small.
  assert.ok(JSON.stringify(result).length < 200_000);
});

const titles: Array<[string, string]> = [
  ["https://example.com/blog/trail-running-shoes/", "trail running shoes"],
  ["https://example.com/blog/b%C4%9B%C5%BEeck%C3%A9-boty", "běžecké boty"],
  ["https://example.com/clanky/jak_vybrat_boty.html", "jak vybrat boty"],
  ["https://example.com/guide/index.php?id=3#top", "index"],
  ["https://example.com/v/version-2.0", "version 2.0"],
  ["https://example.com/", "example.com"],
  ["https://example.com/bad%zzescape", "bad%zzescape"],
  ["not a url", "not a url"],
];

for (const [url, title] of titles) {
  test(`titleFromUrl(${JSON.stringify(url)}) is ${JSON.stringify(title)}`, () => {
    assert.equal(titleFromUrl(url), title);
  });
}
