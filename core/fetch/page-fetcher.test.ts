/**
 * The page fetcher's policy, in process: the search emulator's app stands in for the web
 * (its `fetch` handler), and DNS is an injected table, so every refusal is tested without a
 * network on every runtime. test/search.e2e.test.ts repeats the important ones over real
 * HTTP, with Node's connect-time guard.
 */
import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";
import { createSearchEmulatorApp } from "../../loadtest/search-emulator/app.ts";
import { FetchFailedError, FetchRefusedError } from "./errors.ts";
import {
  charsetOf,
  createPageFetcher,
  type PageFetcherOptions,
  SITEMAP_CONTENT_TYPES,
} from "./page-fetcher.ts";

const emulator = createSearchEmulatorApp({ baseUrl: "http://emulator.test" });
/** Every host serves the emulator: where a request may go is the fetcher's decision alone. */
const web = ((input: string | URL | Request, init?: RequestInit) =>
  emulator.app.fetch(new Request(input, init))) as typeof fetch;
const DNS: Record<string, string[]> = {
  "emulator.test": ["93.184.216.34"],
  "public.test": ["93.184.216.34", "2606:4700::1"],
  "intranet.test": ["192.168.1.10"],
  "mixed.test": ["93.184.216.34", "10.0.0.7"],
  "metadata.test": ["169.254.169.254"],
  "v6local.test": ["fd00::1"],
  "mapped.test": ["::ffff:127.0.0.1"],
};
const resolve = async (host: string) => {
  const found = DNS[host];
  if (!found) throw new Error(`ENOTFOUND ${host}`);
  return found;
};
const fetcher = (opts: Partial<PageFetcherOptions> = {}) =>
  createPageFetcher({ resolve, fetch: web, ...opts });
const PAGE = "/pages/en/how-to-choose-trail-running-shoes.html";

function refused(reason: string) {
  return (err: unknown) => {
    assert.ok(err instanceof FetchRefusedError, `a FetchRefusedError, got ${String(err)}`);
    assert.equal(err.code, "FETCH_REFUSED");
    assert.equal(err.reason, reason, err.message);
    assert.equal(err.retryable, false);
    return true;
  };
}

function failed(kind: string, retryable: boolean) {
  return (err: unknown) => {
    assert.ok(err instanceof FetchFailedError, `a FetchFailedError, got ${String(err)}`);
    assert.equal(err.kind, kind, err.message);
    assert.equal(err.retryable, retryable, `${kind} retryable`);
    return true;
  };
}

beforeEach(() => emulator.handle.reset());

test("fetcher: a public host's page is fetched, with its final URL and content type", async () => {
  const page = await fetcher().fetchPage(`http://emulator.test${PAGE}`);
  assert.equal(page.url, `http://emulator.test${PAGE}`);
  assert.equal(page.status, 200);
  assert.match(page.contentType, /^text\/html/);
  assert.match(page.html, /<h1>How to Choose Trail Running Shoes<\/h1>/);
  assert.deepEqual(page.redirects, []);
});

test("fetcher: IP literals that are not public are refused before any request", async () => {
  const table: Array<[string, string]> = [
    ["http://127.0.0.1:8080/", "loopback"],
    ["http://[::1]/", "loopback"],
    ["http://10.0.0.1/", "private"],
    ["http://192.168.0.1/admin", "private"],
    ["http://169.254.169.254/latest/meta-data", "link-local"],
    ["http://[fe80::1]/", "link-local"],
    ["http://[fd00::1]/", "unique-local"],
    ["http://100.64.0.1/", "cgnat"],
    ["http://0.0.0.0:8787/", "unspecified"],
    ["http://[::ffff:127.0.0.1]/", "loopback"],
    ["http://2130706433/", "loopback"], // 127.0.0.1 as one number: URL parsing normalises it
    ["http://0x7f.1/", "loopback"],
    ["http://192.0.2.1/", "documentation"],
  ];
  for (const [url, reason] of table)
    await assert.rejects(fetcher().fetchPage(url), refused(reason), url);
  assert.equal(emulator.handle.stats().pages, 0);
});

test("fetcher: localhost names are loopback without asking DNS", async () => {
  for (const url of ["http://localhost:8791/", "http://LOCALHOST./", "http://api.localhost/"]) {
    await assert.rejects(fetcher().fetchPage(url), refused("loopback"), url);
  }
});

test("fetcher: a hostname is refused when any of its addresses is not public", async () => {
  await assert.rejects(fetcher().fetchPage("http://intranet.test/"), refused("private"));
  await assert.rejects(
    fetcher().fetchPage("http://mixed.test/"),
    (e: unknown) => refused("private")(e) && (e as FetchRefusedError).address === "10.0.0.7",
  );
  await assert.rejects(fetcher().fetchPage("http://metadata.test/"), refused("link-local"));
  await assert.rejects(fetcher().fetchPage("http://v6local.test/"), refused("unique-local"));
  await assert.rejects(fetcher().fetchPage("http://mapped.test/"), refused("loopback"));
  await fetcher().fetchPage(`http://public.test${PAGE}`);
});

test("fetcher: a name that does not resolve is a retryable DNS failure", async () => {
  await assert.rejects(fetcher().fetchPage("http://nowhere.test/"), failed("dns", true));
});

test("fetcher: only http and https, and no credentials in URLs", async () => {
  for (const url of [
    "file:///etc/passwd",
    "ftp://emulator.test/",
    "gopher://emulator.test/",
    "data:text/html,<p>x</p>",
  ]) {
    await assert.rejects(fetcher().fetchPage(url), refused("scheme"), url);
  }
  await assert.rejects(fetcher().fetchPage("not a url"), refused("scheme"));
  await assert.rejects(
    fetcher().fetchPage("http://user:pw@emulator.test/"),
    refused("credentials"),
  );
});

test("fetcher: every redirect hop is checked; a redirect into a private network is refused", async () => {
  const hop = (to: string) => `http://emulator.test/redirect?to=${encodeURIComponent(to)}`;
  await assert.rejects(
    fetcher().fetchPage(hop("http://127.0.0.1:2375/containers/json")),
    refused("loopback"),
  );
  await assert.rejects(
    fetcher().fetchPage(hop("http://169.254.169.254/latest/meta-data/")),
    refused("link-local"),
  );
  await assert.rejects(fetcher().fetchPage(hop("http://intranet.test/")), refused("private"));
  await assert.rejects(fetcher().fetchPage(hop("file:///etc/passwd")), refused("scheme"));
  // Allowed: a redirect to a public page, relative or absolute, with the chain reported.
  const page = await fetcher().fetchPage(hop(hop(PAGE)));
  assert.equal(page.url, `http://emulator.test${PAGE}`);
  assert.equal(page.redirects.length, 2);
});

test("fetcher: more redirects than maxRedirects are refused", async () => {
  let url = `http://emulator.test${PAGE}`;
  for (let i = 0; i < 3; i++) url = `http://emulator.test/redirect?to=${encodeURIComponent(url)}`;
  await assert.rejects(fetcher({ maxRedirects: 2 }).fetchPage(url), refused("redirect-limit"));
  await fetcher({ maxRedirects: 3 }).fetchPage(url);
});

test("fetcher: allowOrigins exempts exact origins only, and not the redirects out of them", async () => {
  const allowed = fetcher({ allowOrigins: ["http://127.0.0.1:8791"] });
  const page = await allowed.fetchPage(`http://127.0.0.1:8791${PAGE}`);
  assert.equal(page.status, 200);
  await assert.rejects(
    allowed.fetchPage(`http://127.0.0.1:8792${PAGE}`),
    refused("loopback"),
    "another port",
  );
  await assert.rejects(
    allowed.fetchPage(`https://127.0.0.1:8791${PAGE}`),
    refused("loopback"),
    "another scheme",
  );
  await assert.rejects(
    allowed.fetchPage(`http://localhost:8791${PAGE}`),
    refused("loopback"),
    "another host name",
  );
  const out = `http://127.0.0.1:8791/redirect?to=${encodeURIComponent("http://10.0.0.1/")}`;
  await assert.rejects(allowed.fetchPage(out), refused("private"));
  assert.throws(() => fetcher({ allowOrigins: ["*"] }), TypeError);
});

test("fetcher: content that is not HTML, or too large, is refused", async () => {
  await assert.rejects(
    fetcher().fetchPage("http://emulator.test/fixtures/not-html.json"),
    refused("content-type"),
  );
  await assert.rejects(
    fetcher().fetchPage("http://emulator.test/site/sitemap.xml"),
    refused("content-type"),
  );
  // A sitemap fetcher takes XML, with the same guard.
  const sitemaps = fetcher({ contentTypes: SITEMAP_CONTENT_TYPES });
  const sitemap = await sitemaps.fetchPage("http://emulator.test/site/sitemap.xml");
  assert.match(sitemap.html, /<sitemapindex/);
  await assert.rejects(sitemaps.fetchPage(`http://emulator.test${PAGE}`), refused("content-type"));
  await assert.rejects(sitemaps.fetchPage("http://intranet.test/sitemap.xml"), refused("private"));
  // Streamed without a Content-Length: cut off while reading.
  await assert.rejects(
    fetcher({ maxBytes: 64 * 1024 }).fetchPage(
      "http://emulator.test/fixtures/large.html?bytes=200000",
    ),
    refused("too-large"),
  );
  // Announced by Content-Length: refused before reading.
  await assert.rejects(
    fetcher({ maxBytes: 64 * 1024 }).fetchPage(
      "http://emulator.test/fixtures/large.html?bytes=200000&length=1",
    ),
    refused("too-large"),
  );
  const small = await fetcher({ maxBytes: 64 * 1024 }).fetchPage(
    "http://emulator.test/fixtures/large.html?bytes=1000",
  );
  assert.equal(new TextEncoder().encode(small.html).byteLength, 1000);
});

test("fetcher: HTTP errors are failures, retryable for 429 and 5xx", async () => {
  await assert.rejects(
    fetcher().fetchPage("http://emulator.test/pages/en/no-such-page.html"),
    (e: unknown) => failed("http-status", false)(e) && (e as FetchFailedError).status === 404,
  );
  emulator.handle.addFault({ wire: "pages", status: 503 });
  await assert.rejects(
    fetcher().fetchPage(`http://emulator.test${PAGE}`),
    failed("http-status", true),
  );
  emulator.handle.addFault({ wire: "pages", status: 429 });
  await assert.rejects(
    fetcher().fetchPage(`http://emulator.test${PAGE}`),
    failed("http-status", true),
  );
});

test("fetcher: the timeout covers the whole fetch; an abort rejects with its reason", async () => {
  emulator.handle.addFault({ wire: "pages", delayMs: 300 });
  await assert.rejects(
    fetcher({ timeoutMs: 30 }).fetchPage(`http://emulator.test${PAGE}`),
    failed("timeout", true),
  );
  await new Promise((r) => setTimeout(r, 350));
  const controller = new AbortController();
  controller.abort(new Error("cancelled by the workflow"));
  await assert.rejects(
    fetcher().fetchPage(`http://emulator.test${PAGE}`, controller.signal),
    /cancelled by the workflow/,
  );
  // A resolver that hangs does not hold the fetch past its timeout.
  const hanging = createPageFetcher({
    resolve: () => new Promise(() => {}),
    fetch: web,
    timeoutMs: 30,
  });
  await assert.rejects(hanging.fetchPage("http://slow-dns.test/"), failed("timeout", true));
});

test("fetcher: bad options are errors naming the field", () => {
  assert.throws(() => fetcher({ maxBytes: 0 }), /maxBytes must be an integer ≥ 1 \(got 0\)/);
  assert.throws(() => fetcher({ timeoutMs: 1.5 }), /timeoutMs/);
  assert.throws(() => fetcher({ maxRedirects: -1 }), /maxRedirects/);
});

test("charset: from the header, then a <meta>, then a BOM, else UTF-8", () => {
  const bytes = (s: string) => new TextEncoder().encode(s);
  assert.equal(charsetOf("text/html; charset=Windows-1250", bytes("")), "windows-1250");
  assert.equal(charsetOf('text/html; charset="iso-8859-2"', bytes("")), "iso-8859-2");
  assert.equal(
    charsetOf("text/html", bytes('<html><head><meta charset="windows-1250">')),
    "windows-1250",
  );
  assert.equal(
    charsetOf(
      "text/html",
      bytes('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2">'),
    ),
    "iso-8859-2",
  );
  assert.equal(charsetOf("text/html", new Uint8Array([0xef, 0xbb, 0xbf, 0x3c])), "utf-8");
  assert.equal(charsetOf("text/html", bytes("<html>")), "utf-8");
});
