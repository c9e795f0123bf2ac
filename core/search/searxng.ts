/**
 * A self-hosted SearXNG instance through its JSON API:
 * `GET <base>/search?q=…&format=json&language=…&pageno=1`. The JSON format must be enabled
 * in the instance's settings.yml (`search.formats: [html, json]`); without it SearXNG answers
 * 403, which surfaces as `SEARCH_UNAUTHORIZED` with a hint.
 */
import {
  SearchFailedError,
  SearchInvalidResponseError,
  SearchUnauthorizedError,
} from "./errors.ts";
import { DEFAULT_SEARCH_TIMEOUT_MS, requestSearchJson } from "./http.ts";
import { primaryLanguage, regionOf } from "./locale.ts";
import { isRecord, toSearchResults } from "./results.ts";
import {
  checkQuery,
  DEFAULT_SEARCH_LIMIT,
  limitOf,
  type SearchProvider,
  type SearchQuery,
  type SearchResult,
} from "./types.ts";

export interface SearxngOptions {
  /** The instance's base URL, e.g. `http://127.0.0.1:8888` (SEARXNG_URL); a path is kept. */
  baseUrl: string;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Timeout of one request, ms. @default 15000 */
  timeoutMs?: number;
  /** Results when a query names no limit. @default 10 */
  defaultLimit?: number;
  /** Extra query parameters, e.g. `{ categories: "general", safesearch: "1" }`. @default {} */
  params?: Record<string, string>;
}

/** SearXNG's `language` value: the tag, with the query's country as its region if it has none. */
export function searxngLanguage(q: SearchQuery): string {
  if (!q.country || regionOf(q.language)) return q.language;
  return `${primaryLanguage(q.language)}-${q.country.toUpperCase()}`;
}

/** The search URL for a query. */
export function searxngUrl(baseUrl: string, q: SearchQuery, params: Record<string, string> = {}) {
  const url = new URL("search", baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`);
  url.searchParams.set("q", q.query);
  url.searchParams.set("format", "json");
  url.searchParams.set("language", searxngLanguage(q));
  url.searchParams.set("pageno", "1");
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.href;
}

/** Validates a SearXNG JSON answer and returns its results. */
export function parseSearxngResponse(body: unknown, limit: number): SearchResult[] {
  if (!isRecord(body) || !Array.isArray(body.results)) {
    throw new SearchInvalidResponseError(
      "the answer has no results array: is SEARXNG_URL the instance's base URL?",
      { provider: "searxng" },
    );
  }
  const results = toSearchResults(
    body.results,
    (r) => ({ url: r.url, title: r.title, snippet: r.content }),
    limit,
  );
  // SearXNG answers 200 with no results when every engine it asked failed (blocked, CAPTCHA,
  // timeout); that is an outage worth retrying, not "nothing on the web".
  const unresponsive = Array.isArray(body.unresponsive_engines) ? body.unresponsive_engines : [];
  if (results.length === 0 && unresponsive.length > 0) {
    const names = unresponsive
      .map((e) => (Array.isArray(e) ? e.map(String).join(": ") : String(e)))
      .join("; ");
    throw new SearchFailedError(`no results and the engines did not answer (${names})`, {
      provider: "searxng",
    });
  }
  return results;
}

/** A SearXNG search provider. Throws a TypeError when `baseUrl` is not an http(s) URL. */
export function createSearxngProvider(opts: SearxngOptions): SearchProvider {
  const base = new URL(opts.baseUrl);
  if (base.protocol !== "http:" && base.protocol !== "https:") {
    throw new TypeError(`SearXNG base URL must be http(s) (got ${opts.baseUrl})`);
  }
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_SEARCH_TIMEOUT_MS;
  const defaultLimit = opts.defaultLimit ?? DEFAULT_SEARCH_LIMIT;
  return {
    name: "searxng",
    async search(q, signal) {
      checkQuery(q);
      const limit = limitOf(q, defaultLimit);
      let body: unknown;
      try {
        body = await requestSearchJson(
          searxngUrl(opts.baseUrl, q, opts.params),
          { headers: { accept: "application/json" } },
          { provider: "searxng", fetch: doFetch, timeoutMs, signal },
        );
      } catch (err) {
        if (err instanceof SearchUnauthorizedError && err.status === 403) {
          throw new SearchUnauthorizedError(
            `${err.message.replace(/^searxng: /, "")} (SearXNG answers 403 when the JSON format is not enabled: add "json" to search.formats in its settings.yml)`,
            { provider: "searxng", status: 403, cause: err },
          );
        }
        throw err;
      }
      return parseSearxngResponse(body, limit);
    },
  };
}
