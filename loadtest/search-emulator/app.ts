/**
 * The search emulator's Hono app, free of any runtime: it answers the SearXNG, Brave and
 * DataForSEO wire formats for any query in Czech or English, serves the result pages it ranks
 * (`/pages/<lang>/<slug>.html`), a fictional site with sitemaps (`/site/…`), a redirector for
 * SSRF tests (`/redirect?to=`), fixtures for the fetcher's limits (`/fixtures/…`) and a
 * control API (`/_emulator/…`). Result URLs point to the emulator's own origin, so tests and
 * offline runs need no internet. Any API key is accepted; a missing one is refused.
 */
import { type Context, Hono } from "hono";
import { PageCatalog, pagePath } from "./catalog.ts";
import { pageLanguageOf } from "./keyword.ts";
import {
  MAX_LARGE_FIXTURE_BYTES,
  parseSearchEmulatorOptions,
  SEARXNG_PAGE_SIZE,
  type SearchEmulatorOptions,
} from "./options.ts";
import { renderPage } from "./pages/render.ts";
import type { PageLanguage } from "./pages/types.ts";
import {
  renderSiteArticle,
  SITE_ARTICLES,
  SITE_NAME,
  SITE_SITEMAPS,
  siteArticle,
  siteArticleUrl,
  sitemapIndexXml,
  sitemapXml,
} from "./site.ts";
import { type Fault, SearchEmulatorState, type SearchEmulatorStats, type Wire } from "./state.ts";
import {
  braveBody,
  braveError,
  dataForSeoBody,
  dataForSeoError,
  dataForSeoTaskError,
  searxngBody,
} from "./wires.ts";

/** The in-process control surface: what `/_emulator/*` offers over HTTP. */
export interface SearchEmulatorHandle {
  stats(): SearchEmulatorStats;
  /** Adds a fault (see state.ts `FaultSpec`); throws RangeError naming a bad field. */
  addFault(spec: unknown): Fault;
  /** Clears the statistics and the faults. */
  reset(): void;
}

export interface SearchEmulatorApp {
  app: Hono;
  handle: SearchEmulatorHandle;
}

const BRAVE_MAX_COUNT = 20;
const BRAVE_MAX_OFFSET = 9;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function html(c: Context, body: string, status = 200) {
  return c.body(body, status as 200, { "content-type": "text/html; charset=utf-8" });
}

function xml(c: Context, body: string) {
  return c.body(body, 200, { "content-type": "application/xml; charset=utf-8" });
}

function intParam(raw: string | undefined, def: number): number | undefined {
  if (raw === undefined || raw === "") return def;
  const n = Number(raw);
  return Number.isInteger(n) ? n : undefined;
}

/**
 * A search emulator. Throws a RangeError when an option is invalid.
 */
export function createSearchEmulatorApp(options: SearchEmulatorOptions = {}): SearchEmulatorApp {
  const { baseUrl } = parseSearchEmulatorOptions(options);
  const state = new SearchEmulatorState();
  const catalog = new PageCatalog();
  const app = new Hono();
  const baseOf = (c: Context) => baseUrl ?? new URL(c.req.url).origin;

  /** Applies a fault: the response to send instead, or undefined to answer normally. */
  async function faultFor(
    target: Wire | "pages",
    failure: (status: number) => Response,
    malformed: () => Response,
  ): Promise<Response | undefined> {
    const fault = state.takeFault(target);
    if (!fault) return undefined;
    if (fault.delayMs > 0) await sleep(fault.delayMs);
    if (fault.malformed) return malformed();
    if (fault.status !== undefined) {
      const res = failure(fault.status);
      if (fault.status === 429) res.headers.set("retry-after", "1");
      return res;
    }
    return undefined;
  }

  app.get("/healthz", (c) => c.json({ status: "ok" }));

  // SearXNG: GET /search (and /) with q, format=json, language, pageno.
  const searxng = async (c: Context) => {
    state.countQuery("searxng");
    const faulted = await faultFor(
      "searxng",
      (status) => c.html(`<html><body><h1>${status}</h1></body></html>`, status as 500),
      () => html(c, "<!doctype html><html><body><p>SearXNG is starting…</p></body></html>"),
    );
    if (faulted) return faulted;
    const q = c.req.query("q")?.trim();
    if (!q) {
      state.count("rejected");
      return c.text("Bad Request: q is required", 400);
    }
    if (c.req.query("format") !== "json") {
      // What an instance without the format in search.formats answers.
      state.count("rejected");
      return html(c, "<html><body><h1>403 Forbidden</h1></body></html>", 403);
    }
    const pageno = intParam(c.req.query("pageno"), 1);
    if (pageno === undefined || pageno < 1) {
      state.count("rejected");
      return c.text("Bad Request: pageno must be a positive integer", 400);
    }
    const lang = pageLanguageOf(c.req.query("language"));
    const entries = catalog.serp(
      q,
      lang,
      baseOf(c),
      SEARXNG_PAGE_SIZE,
      (pageno - 1) * SEARXNG_PAGE_SIZE,
    );
    return c.json(searxngBody(q, entries, catalog.maxResults(q, lang)));
  };
  app.get("/search", searxng);
  app.get("/", async (c) => {
    if (c.req.query("q") !== undefined) return await searxng(c);
    return c.text("seo-farm search emulator: see /healthz, /site/sitemap.xml, /_emulator/stats");
  });

  // Brave: GET /res/v1/web/search with X-Subscription-Token.
  app.get("/res/v1/web/search", async (c) => {
    state.countQuery("brave");
    const faulted = await faultFor(
      "brave",
      (status) =>
        c.json(
          braveError(
            status,
            status === 429 ? "RATE_LIMITED" : "INTERNAL",
            `injected fault: HTTP ${status}`,
          ),
          status as 500,
        ),
      () => c.json({ type: "search", web: { type: "search", results: "not-a-list" } }),
    );
    if (faulted) return faulted;
    if (!c.req.header("x-subscription-token")?.trim()) {
      state.count("rejected");
      return c.json(
        braveError(
          401,
          "SUBSCRIPTION_TOKEN_INVALID",
          "The provided subscription token is invalid.",
        ),
        401,
      );
    }
    const q = c.req.query("q")?.trim() ?? "";
    const count = intParam(c.req.query("count"), BRAVE_MAX_COUNT);
    const offset = intParam(c.req.query("offset"), 0);
    const problems = [
      q === "" ? "q: must not be empty" : undefined,
      count === undefined || count < 1 || count > BRAVE_MAX_COUNT
        ? `count: must be from 1 to ${BRAVE_MAX_COUNT}`
        : undefined,
      offset === undefined || offset < 0 || offset > BRAVE_MAX_OFFSET
        ? `offset: must be from 0 to ${BRAVE_MAX_OFFSET}`
        : undefined,
    ].filter(Boolean);
    if (problems.length > 0) {
      state.count("rejected");
      return c.json(
        braveError(
          422,
          "VALIDATION",
          `Unable to validate request parameter(s): ${problems.join("; ")}`,
        ),
        422,
      );
    }
    const lang = pageLanguageOf(c.req.query("search_lang"));
    const n = count as number;
    const entries = catalog.serp(q, lang, baseOf(c), n, (offset as number) * n);
    const more = ((offset as number) + 1) * n < catalog.maxResults(q, lang);
    return c.json(braveBody(q, entries, more, c.req.query("country") ?? "us"));
  });

  // DataForSEO: POST /v3/serp/google/organic/live/advanced, basic auth, one task.
  app.post("/v3/serp/google/organic/live/advanced", async (c) => {
    state.countQuery("dataforseo");
    const faulted = await faultFor(
      "dataforseo",
      (status) =>
        c.json(
          dataForSeoError(
            status === 429 ? 40202 : status * 100,
            status === 429 ? "Rate limit per minute exceeded." : "Internal Server Error.",
          ),
          status as 500,
        ),
      () =>
        c.json({ version: "0.1", status_code: 20000, status_message: "Ok.", tasks: "not-a-list" }),
    );
    if (faulted) return faulted;
    const auth = c.req.header("authorization") ?? "";
    let credentials = "";
    try {
      credentials = auth.startsWith("Basic ") ? atob(auth.slice(6).trim()) : "";
    } catch {
      credentials = "";
    }
    if (!/^[^:]+:.+$/.test(credentials)) {
      state.count("rejected");
      return c.json(
        dataForSeoError(
          40100,
          "You are not authorized to access this resource. See your login details here: https://app.dataforseo.com/api-access",
        ),
        401,
      );
    }
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      state.count("rejected");
      return c.json(dataForSeoError(40501, "Invalid Field: the POST body is not a JSON array."));
    }
    if (!Array.isArray(body)) {
      state.count("rejected");
      return c.json(dataForSeoError(40501, "Invalid Field: the POST body is not a JSON array."));
    }
    if (body.length !== 1) {
      state.count("rejected");
      return c.json(dataForSeoError(40000, "You can set only one task at a time."));
    }
    const task = body[0] as Record<string, unknown>;
    const missing =
      typeof task?.keyword !== "string" || task.keyword.trim() === ""
        ? "keyword"
        : task.language_code === undefined && task.language_name === undefined
          ? "language_code"
          : task.location_code === undefined &&
              task.location_name === undefined &&
              task.location_coordinate === undefined
            ? "location_code"
            : undefined;
    if (missing) {
      state.count("rejected");
      return c.json(dataForSeoTaskError(40501, `Invalid Field: '${missing}'.`, task));
    }
    const depth = task.depth === undefined ? 100 : Number(task.depth);
    if (!Number.isInteger(depth) || depth < 1 || depth > 200) {
      state.count("rejected");
      return c.json(dataForSeoTaskError(40501, "Invalid Field: 'depth'.", task));
    }
    // DataForSEO decodes %## and "+" in keywords.
    let keyword = (task.keyword as string).replace(/\+/g, " ");
    try {
      keyword = decodeURIComponent(keyword);
    } catch {
      // a lone % stays as it is
    }
    const lang = pageLanguageOf(
      String(
        task.language_code ??
          (String(task.language_name ?? "")
            .toLowerCase()
            .startsWith("czech")
            ? "cs"
            : "en"),
      ),
    );
    const entries = catalog.serp(keyword, lang, baseOf(c), depth);
    return c.json(dataForSeoBody(task, entries, keyword));
  });

  // The result pages.
  app.get("/pages/:lang/:file", async (c) => {
    const faulted = await faultFor(
      "pages",
      (status) => c.text(`injected fault: HTTP ${status}`, status as 500),
      () => c.body("%PDF-1.4 not html", 200, { "content-type": "application/pdf" }),
    );
    if (faulted) return faulted;
    const file = c.req.param("file");
    if (!file.endsWith(".html")) return c.notFound();
    let slug = file.slice(0, -".html".length);
    try {
      slug = decodeURIComponent(slug);
    } catch {
      // already decoded
    }
    const page = catalog.page(c.req.param("lang"), slug.normalize("NFC"));
    if (!page) return c.notFound();
    state.count("pages");
    return html(c, renderPage(page, `${baseOf(c)}${pagePath(page)}`));
  });

  // The fictional site.
  app.get("/site/sitemap.xml", (c) => {
    state.count("sitemaps");
    return xml(c, sitemapIndexXml(baseOf(c)));
  });
  for (const [lang, file] of Object.entries(SITE_SITEMAPS)) {
    app.get(`/site/${file}`, (c) => {
      state.count("sitemaps");
      return xml(c, sitemapXml(baseOf(c), lang as PageLanguage));
    });
  }
  app.get("/site/:lang/", (c) => {
    const lang = c.req.param("lang");
    const articles = SITE_ARTICLES.filter((a) => a.lang === lang);
    if (articles.length === 0) return c.notFound();
    const items = articles
      .map((a) => `<li><a href="${siteArticleUrl(baseOf(c), a)}">${a.title}</a></li>`)
      .join("");
    return html(
      c,
      `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${SITE_NAME}</title></head><body><h1>${SITE_NAME}</h1><ul>${items}</ul></body></html>`,
    );
  });
  app.get("/site/:lang/:slug", (c) => {
    const article = siteArticle(c.req.param("lang"), c.req.param("slug"));
    if (!article) return c.notFound();
    state.count("sitePages");
    return html(c, renderSiteArticle(baseOf(c), article));
  });

  // SSRF tests: a redirect to anywhere.
  app.get("/redirect", (c) => {
    const to = c.req.query("to");
    const status = intParam(c.req.query("status"), 302);
    if (!to || ![301, 302, 303, 307, 308].includes(status ?? 0)) {
      return c.text("usage: /redirect?to=<url>[&status=301|302|303|307|308]", 400);
    }
    state.count("redirects");
    return c.body(null, status as 302, { location: to });
  });

  // Fixtures for the fetcher's limits.
  app.get("/fixtures/not-html.json", (c) => c.json({ this: "is not a page" }));
  app.get("/fixtures/large.html", (c) => {
    const bytes = intParam(c.req.query("bytes"), 3 * 1024 * 1024);
    if (bytes === undefined || bytes < 1 || bytes > MAX_LARGE_FIXTURE_BYTES) {
      return c.text(`bytes must be an integer from 1 to ${MAX_LARGE_FIXTURE_BYTES}`, 400);
    }
    const chunk = new TextEncoder().encode(`<p>${"lorem ipsum ".repeat(80)}</p>\n`);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= bytes) return controller.close();
        const part = chunk.subarray(0, Math.min(chunk.byteLength, bytes - sent));
        sent += part.byteLength;
        controller.enqueue(part);
      },
    });
    const headers: Record<string, string> = { "content-type": "text/html; charset=utf-8" };
    if (c.req.query("length") === "1") headers["content-length"] = String(bytes);
    return c.body(stream, 200, headers);
  });

  // Control API.
  app.get("/_emulator/stats", (c) => c.json(state.stats()));
  app.get("/_emulator/faults", (c) => c.json({ faults: state.faults() }));
  app.post("/_emulator/faults", async (c) => {
    let spec: unknown;
    try {
      spec = await c.req.json();
    } catch {
      return c.json({ error: "the request body is not valid JSON" }, 400);
    }
    try {
      return c.json(state.addFault(spec));
    } catch (err) {
      if (err instanceof RangeError) return c.json({ error: err.message }, 400);
      throw err;
    }
  });
  app.post("/_emulator/reset", (c) => {
    state.reset();
    return c.json(state.stats());
  });

  app.notFound((c) =>
    c.json({ error: `no route for ${c.req.method} ${c.req.path} (seo-farm search emulator)` }, 404),
  );
  app.onError((err, c) =>
    c.json(
      { error: `search emulator error: ${err instanceof Error ? err.message : String(err)}` },
      500,
    ),
  );

  return {
    app,
    handle: {
      stats: () => state.stats(),
      addFault: (spec) => state.addFault(spec),
      reset: () => state.reset(),
    },
  };
}
