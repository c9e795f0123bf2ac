/**
 * Brave Search's web search API: `GET https://api.search.brave.com/res/v1/web/search` with
 * the key in `X-Subscription-Token`, `q`, `search_lang`, `country` and `count` (at most 20
 * per request, so a query gets at most 20 results).
 */
import { SearchInvalidResponseError } from "./errors.ts";
import { DEFAULT_SEARCH_TIMEOUT_MS, requestSearchJson } from "./http.ts";
import { countryOf, primaryLanguage } from "./locale.ts";
import { isRecord, toSearchResults } from "./results.ts";
import {
  checkQuery,
  DEFAULT_SEARCH_LIMIT,
  limitOf,
  type SearchProvider,
  type SearchQuery,
  type SearchResult,
} from "./types.ts";

export const DEFAULT_BRAVE_SEARCH_URL = "https://api.search.brave.com/res/v1/web/search";
/** Brave's largest `count`. */
export const BRAVE_MAX_COUNT = 20;
const BRAVE_PATH = "res/v1/web/search";

export interface BraveOptions {
  /** The subscription token (BRAVE_API_KEY). */
  apiKey: string;
  /**
   * The web search endpoint, or a base URL to which `res/v1/web/search` is added (a URL
   * with no path, such as the search emulator's). @default "https://api.search.brave.com/res/v1/web/search"
   */
  url?: string;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Timeout of one request, ms. @default 15000 */
  timeoutMs?: number;
  /** Results when a query names no limit. @default 10 */
  defaultLimit?: number;
}

/**
 * Brave's `search_lang` for a BCP 47 tag: mostly the primary subtag, with Brave's own codes
 * where it has them (`en-gb`, `pt-br`, `zh-hant`, `jp` for Japanese).
 */
export function braveSearchLang(tag: string): string {
  const lower = tag.toLowerCase();
  const primary = primaryLanguage(tag);
  if (lower === "en-gb") return "en-gb";
  if (primary === "pt") return lower === "pt-br" ? "pt-br" : "pt-pt";
  if (primary === "zh") return /-(hant|tw|hk|mo)\b/.test(lower) ? "zh-hant" : "zh-hans";
  if (primary === "ja") return "jp";
  return primary;
}

/** The endpoint URL: `url` as given, or `<url>/res/v1/web/search` when it has no path. */
export function braveEndpoint(url = DEFAULT_BRAVE_SEARCH_URL): string {
  const parsed = new URL(url);
  if (parsed.pathname === "/" || parsed.pathname === "") return new URL(BRAVE_PATH, parsed).href;
  return parsed.href;
}

/** The request URL for a query. */
export function braveUrl(endpoint: string, q: SearchQuery, count: number): string {
  const url = new URL(endpoint);
  url.searchParams.set("q", q.query);
  url.searchParams.set("count", String(Math.min(count, BRAVE_MAX_COUNT)));
  url.searchParams.set("search_lang", braveSearchLang(q.language));
  const country = countryOf(q);
  if (country) url.searchParams.set("country", country);
  url.searchParams.set("result_filter", "web");
  url.searchParams.set("text_decorations", "false");
  return url.href;
}

/** Validates a Brave web search answer and returns its web results. */
export function parseBraveResponse(body: unknown, limit: number): SearchResult[] {
  if (!isRecord(body) || body.type !== "search") {
    throw new SearchInvalidResponseError(
      'the answer is not a web search response (type "search")',
      { provider: "brave" },
    );
  }
  // No `web` key: Brave found no web results.
  if (body.web === undefined || body.web === null) return [];
  if (!isRecord(body.web) || !Array.isArray(body.web.results)) {
    throw new SearchInvalidResponseError("web.results is not an array", { provider: "brave" });
  }
  return toSearchResults(
    body.web.results,
    (r) => ({ url: r.url, title: r.title, snippet: r.description }),
    limit,
  );
}

/** A Brave Search provider. Throws a TypeError on an empty key or a bad URL. */
export function createBraveProvider(opts: BraveOptions): SearchProvider {
  if (!opts.apiKey?.trim()) throw new TypeError("Brave Search needs an API key");
  const endpoint = braveEndpoint(opts.url);
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_SEARCH_TIMEOUT_MS;
  const defaultLimit = opts.defaultLimit ?? DEFAULT_SEARCH_LIMIT;
  return {
    name: "brave",
    async search(q, signal) {
      checkQuery(q);
      const limit = Math.min(limitOf(q, defaultLimit), BRAVE_MAX_COUNT);
      const body = await requestSearchJson(
        braveUrl(endpoint, q, limit),
        {
          headers: { accept: "application/json", "x-subscription-token": opts.apiKey.trim() },
        },
        { provider: "brave", fetch: doFetch, timeoutMs, signal },
      );
      return parseBraveResponse(body, limit);
    },
  };
}
