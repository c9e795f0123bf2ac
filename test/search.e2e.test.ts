/**
 * Search and page fetching over real HTTP, against the search emulator on a TCP port: each
 * provider's wire format, the KV cache on a real nats-server (a repeated query never reaches
 * the emulator), the page fetcher refusing loopback, private and link-local targets and
 * redirects into them, and Node's connect-time guard against DNS rebinding.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { after, before, describe, test } from "node:test";
import { Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { parseConfig } from "../core/config.ts";
import { FetchRefusedError } from "../core/fetch/errors.ts";
import { createGuardedFetch } from "../core/fetch/node-guarded-fetch.ts";
import { createNodePageFetcher } from "../core/fetch/node-page-fetcher.ts";
import { createPageFetcher } from "../core/fetch/page-fetcher.ts";
import { extractReadable } from "../core/fetch/readable.ts";
import { connectNats } from "../core/nats/node-connect.ts";
import { createBraveProvider } from "../core/search/brave.ts";
import { CachedSearchProvider } from "../core/search/cached-search.ts";
import { searchProviderFromEnv } from "../core/search/config.ts";
import { createDataForSeoProvider } from "../core/search/dataforseo.ts";
import { createSearxngProvider } from "../core/search/searxng.ts";
import type { SearchProvider } from "../core/search/types.ts";
import { BUCKET_SEARCH_CACHE } from "../core/subjects.ts";
import { ensureTopology } from "../core/topology.ts";
import {
  type RunningSearchEmulator,
  startSearchEmulator,
} from "../loadtest/search-emulator/node.ts";
import { freePort, startNatsServer, type TestNatsServer } from "./helpers/nats-server.ts";
import { CLI, stopChild } from "./helpers/stack.ts";

let emulator: RunningSearchEmulator;
before(async () => {
  emulator = await startSearchEmulator({ port: 0 });
});
after(async () => {
  await emulator.close();
});

function refused(reason: string) {
  return (err: unknown) => {
    assert.ok(err instanceof FetchRefusedError, `a FetchRefusedError, got ${String(err)}`);
    assert.equal(err.reason, reason, err.message);
    return true;
  };
}

describe("providers over HTTP", () => {
  const make: Record<string, () => SearchProvider> = {
    searxng: () => createSearxngProvider({ baseUrl: emulator.url }),
    brave: () => createBraveProvider({ apiKey: "e2e-brave-key", url: emulator.url }),
    dataforseo: () =>
      createDataForSeoProvider({
        login: "e2e@example.com",
        password: "e2e-password",
        url: emulator.url,
      }),
  };
  for (const [name, provider] of Object.entries(make)) {
    test(`${name}: English and Czech results whose pages fetch and read`, async () => {
      const fetcher = createNodePageFetcher({ allowOrigins: [emulator.origin] });
      try {
        const en = await provider().search({
          query: "trail running shoes",
          language: "en",
          limit: 6,
        });
        assert.equal(en.length, 6);
        assert.ok(en.every((r) => r.url.startsWith(`${emulator.url}/pages/en/`)));
        const cs = await provider().search({
          query: "běžecké boty",
          language: "cs",
          country: "CZ",
          limit: 4,
        });
        assert.equal(cs.length, 4);
        const page = await fetcher.fetchPage(cs[0]?.url ?? "");
        const readable = extractReadable(page.html, page.url);
        assert.equal(readable.lang, "cs");
        assert.equal(readable.title, "Jak vybrat běžecké boty: kompletní průvodce pro rok 2024");
        assert.ok(readable.questions.includes("Jak často měnit běžecké boty?"));
      } finally {
        await fetcher.close();
      }
    });
  }

  test("the configured provider from the environment, with SEARCH_RESULTS and a deny list", async () => {
    const provider = searchProviderFromEnv({
      SEARCH_PROVIDER: "searxng",
      SEARXNG_URL: emulator.url,
      SEARCH_RESULTS: "3",
    });
    assert.equal((await provider?.search({ query: "kayak paddles", language: "en" }))?.length, 3);
    const denied = searchProviderFromEnv({
      SEARCH_PROVIDER: "brave",
      BRAVE_API_KEY: "e2e-brave-key",
      BRAVE_SEARCH_URL: emulator.url,
      SEARCH_DENY_DOMAINS: "127.0.0.1",
    });
    assert.deepEqual(await denied?.search({ query: "kayak paddles", language: "en" }), []);
  });
});

describe("the search cache in KV", () => {
  let nats: TestNatsServer;
  let nc: NatsConnection;
  before(async () => {
    nats = await startNatsServer();
    nc = await connectNats(nats.url, { name: "search-e2e" });
    await ensureTopology(nc, { ...parseConfig({}), stages: [] });
  });
  after(async () => {
    await nc.close();
    await nats.stop();
  });

  test("a second identical query is served from KV: the emulator is not asked again", async () => {
    emulator.handle.reset();
    const inner = createSearxngProvider({ baseUrl: emulator.url });
    const cached = await CachedSearchProvider.open(nc, inner);
    const first = await cached.search({ query: "hiking poles", language: "en", limit: 5 });
    assert.equal(emulator.handle.stats().queries.searxng, 1);
    const second = await cached.search({ query: "  Hiking   POLES ", language: "en", limit: 5 });
    assert.deepEqual(second, first);
    assert.equal(emulator.handle.stats().queries.searxng, 1, "the emulator's count did not move");
    // Another process (another cache instance) finds it too.
    const other = await CachedSearchProvider.open(
      nc,
      createSearxngProvider({ baseUrl: emulator.url }),
    );
    assert.deepEqual(
      await other.search({ query: "hiking poles", language: "en", limit: 5 }),
      first,
    );
    assert.equal(emulator.handle.stats().queries.searxng, 1);
    assert.deepEqual(cached.stats, { hits: 1, misses: 1, readErrors: 0, storeErrors: 0 });
    // Another language is another search.
    await cached.search({ query: "hiking poles", language: "cs", limit: 5 });
    assert.equal(emulator.handle.stats().queries.searxng, 2);
  });

  test("the factory puts the cache in front of the provider; failures are not cached", async () => {
    emulator.handle.reset();
    const kv = await new Kvm(nc).open(BUCKET_SEARCH_CACHE);
    const provider = searchProviderFromEnv(
      {
        SEARCH_PROVIDER: "dataforseo",
        DATAFORSEO_LOGIN: "a@b.c",
        DATAFORSEO_PASSWORD: "pw-e2e-1234",
        DATAFORSEO_URL: emulator.url,
      },
      { cache: kv },
    );
    emulator.handle.addFault({ wire: "dataforseo", status: 500 });
    await assert.rejects(
      provider?.search({ query: "tent pegs", language: "en" }) ?? Promise.resolve(),
      /HTTP 500/,
    );
    const ok = await provider?.search({ query: "tent pegs", language: "en" });
    await provider?.search({ query: "tent pegs", language: "en" });
    assert.ok((ok?.length ?? 0) > 0);
    assert.equal(
      emulator.handle.stats().queries.dataforseo,
      2,
      "the failure, then one success; the third was cached",
    );
  });

  test("entries older than the TTL are misses, whatever the bucket keeps", async () => {
    emulator.handle.reset();
    let now = 1_000_000;
    const cached = await CachedSearchProvider.open(
      nc,
      createSearxngProvider({ baseUrl: emulator.url }),
      {
        maxAgeMs: 60_000,
        now: () => now,
      },
    );
    await cached.search({ query: "camp stoves", language: "en" });
    now += 30_000;
    await cached.search({ query: "camp stoves", language: "en" });
    assert.equal(emulator.handle.stats().queries.searxng, 1);
    now += 60_000;
    await cached.search({ query: "camp stoves", language: "en" });
    assert.equal(emulator.handle.stats().queries.searxng, 2);
  });
});

describe("the page fetcher over HTTP", () => {
  const fetchers: Array<{ close(): Promise<void> }> = [];
  const nodeFetcher = (opts: Parameters<typeof createNodePageFetcher>[0] = {}) => {
    const f = createNodePageFetcher(opts);
    fetchers.push(f);
    return f;
  };
  after(async () => {
    for (const f of fetchers) await f.close();
  });
  const page = () => `${emulator.url}/pages/en/how-to-choose-trail-running-shoes.html`;

  test("loopback, private and link-local targets are refused, and nothing is requested", async () => {
    emulator.handle.reset();
    const f = nodeFetcher();
    await assert.rejects(
      f.fetchPage(page()),
      refused("loopback"),
      "the emulator itself, not allowed",
    );
    await assert.rejects(f.fetchPage(`http://localhost:${emulator.port}/`), refused("loopback"));
    await assert.rejects(f.fetchPage("http://[::1]/"), refused("loopback"));
    await assert.rejects(f.fetchPage("http://10.0.0.1/"), refused("private"));
    await assert.rejects(
      f.fetchPage("http://169.254.169.254/latest/meta-data"),
      refused("link-local"),
    );
    assert.equal(emulator.handle.stats().pages, 0, "no request reached the server");
  });

  test("a hostname whose resolution is private is refused", async () => {
    const f = nodeFetcher({ resolve: async () => ["192.168.10.20"] });
    await assert.rejects(f.fetchPage("http://wiki.corp.example/"), refused("private"));
    const v6 = nodeFetcher({ resolve: async () => ["2606:4700::6810:84e5", "fd12::1"] });
    await assert.rejects(v6.fetchPage("https://dual.example/"), refused("unique-local"));
  });

  test("a redirect from the allowed emulator origin into loopback, private or link-local is refused", async () => {
    const f = nodeFetcher({ allowOrigins: [emulator.origin] });
    const other = await freePort();
    const via = (to: string) => `${emulator.url}/redirect?to=${encodeURIComponent(to)}`;
    await assert.rejects(f.fetchPage(via(`http://127.0.0.1:${other}/`)), refused("loopback"));
    await assert.rejects(
      f.fetchPage(via(`http://localhost:${emulator.port}/pages/en/x.html`)),
      refused("loopback"),
    );
    await assert.rejects(f.fetchPage(via("http://[::1]:8080/")), refused("loopback"));
    await assert.rejects(f.fetchPage(via("http://10.1.2.3/")), refused("private"));
    await assert.rejects(f.fetchPage(via("http://192.168.1.1/")), refused("private"));
    await assert.rejects(
      f.fetchPage(via("http://169.254.169.254/latest/meta-data/iam/")),
      refused("link-local"),
    );
    await assert.rejects(
      f.fetchPage(via(via("http://172.16.0.1/"))),
      refused("private"),
      "two hops",
    );
  });

  test("a page from the emulator origin is fetched when the origin is allowed", async () => {
    const f = nodeFetcher({ allowOrigins: [emulator.origin] });
    const fetched = await f.fetchPage(page());
    assert.equal(fetched.status, 200);
    assert.equal(fetched.url, page());
    assert.match(fetched.html, /<h1>How to Choose Trail Running Shoes<\/h1>/);
    const redirected = await f.fetchPage(
      `${emulator.url}/redirect?to=${encodeURIComponent(page())}`,
    );
    assert.equal(redirected.url, page());
    assert.deepEqual(redirected.redirects.length, 1);
  });

  test("non-HTML, oversized and slow pages are refused or time out", async () => {
    const f = nodeFetcher({
      allowOrigins: [emulator.origin],
      maxBytes: 256 * 1024,
      timeoutMs: 1_000,
    });
    await assert.rejects(
      f.fetchPage(`${emulator.url}/fixtures/not-html.json`),
      refused("content-type"),
    );
    await assert.rejects(
      f.fetchPage(`${emulator.url}/fixtures/large.html?bytes=3000000`),
      refused("too-large"),
    );
    emulator.handle.addFault({ wire: "pages", delayMs: 1_500 });
    await assert.rejects(
      f.fetchPage(page()),
      (e: unknown) => (e as { code?: string; kind?: string }).kind === "timeout",
    );
  });

  test("Node's guarded fetch refuses a hostname resolving to loopback at connect time", async () => {
    emulator.handle.reset();
    // What DNS rebinding looks like: the check before the fetch sees a public address,
    // the HTTP client's own lookup a moment later gets 127.0.0.1.
    const rebinding = nodeFetcher({
      resolve: async () => ["93.184.216.34"],
      lookup: (_host, cb) => cb(null, [{ address: "127.0.0.1", family: 4 }]),
    });
    await assert.rejects(
      rebinding.fetchPage(
        `http://rebind.example:${emulator.port}/pages/en/how-to-choose-trail-running-shoes.html`,
      ),
      refused("loopback"),
    );
    const guarded = createGuardedFetch({
      lookup: (_host, cb) =>
        cb(null, [
          { address: "10.9.8.7", family: 4 },
          { address: "93.184.216.34", family: 4 },
        ]),
    });
    try {
      await assert.rejects(
        guarded.fetch(`http://mixed.example:${emulator.port}/healthz`),
        (err: unknown) => refused("private")((err as Error).cause),
      );
      await assert.rejects(
        guarded.fetch(`http://127.0.0.1:${emulator.port}/healthz`),
        (err: unknown) => refused("loopback")((err as Error).cause),
      );
    } finally {
      await guarded.close();
    }
    assert.equal(emulator.handle.stats().pages, 0, "the emulator was never reached");
    // Its allow list lets the emulator through, at connect time too.
    const allowed = createGuardedFetch({ allowOrigins: [emulator.origin] });
    try {
      assert.equal((await allowed.fetch(`${emulator.url}/healthz`)).status, 200);
    } finally {
      await allowed.close();
    }
  });

  test("the runtime-neutral fetcher with Node's global fetch refuses the same targets", async () => {
    const f = createPageFetcher({ resolve: async () => ["127.0.0.1"] });
    await assert.rejects(
      f.fetchPage(`http://sneaky.example:${emulator.port}/`),
      refused("loopback"),
    );
    await assert.rejects(f.fetchPage(`http://127.0.0.1:${emulator.port}/`), refused("loopback"));
  });
});

test("seo-farm search-emulator: --help, and --port 0 prints the URL it serves", async () => {
  const help = spawn(process.execPath, [CLI, "search-emulator", "--help"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let helpText = "";
  help.stdout.on("data", (d: Buffer) => {
    helpText += d.toString();
  });
  assert.equal(await new Promise((r) => help.once("exit", r)), 0);
  assert.match(helpText, /Usage: seo-farm search-emulator/);
  assert.match(helpText, /--port N/);

  const child = spawn(process.execPath, [CLI, "search-emulator", "--port", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 15_000);
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
    });
    const body = (await (
      await fetch(`${url}/search?q=trail+running+shoes&format=json&language=en`)
    ).json()) as { results: Array<{ url: string }> };
    assert.ok(
      body.results[0]?.url.startsWith(`${url}/pages/en/`),
      "results link to the emulator's own origin",
    );
  } finally {
    await stopChild(child);
  }
});
