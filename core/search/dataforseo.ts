/**
 * DataForSEO's SERP API, Google organic results, live mode:
 * `POST <base>/v3/serp/google/organic/live/advanced` with HTTP basic auth and one task
 * `[{keyword, language_code, location_code, depth}]`. DataForSEO answers HTTP 200 for most
 * failures and puts the outcome in `status_code` (20000 = ok) at the top and per task; both
 * are checked. Only items of type `organic` become results; `rank_group` is their position.
 */
import {
  SearchBadRequestError,
  type SearchError,
  SearchFailedError,
  SearchInvalidResponseError,
  SearchQuotaExceededError,
  SearchRateLimitedError,
  SearchUnauthorizedError,
} from "./errors.ts";
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

export const DEFAULT_DATAFORSEO_URL = "https://api.dataforseo.com";
const DATAFORSEO_PATH = "v3/serp/google/organic/live/advanced";
/** DataForSEO's "Ok." status code. */
export const DATAFORSEO_OK = 20000;
/** Deepest SERP the live endpoint serves. */
export const DATAFORSEO_MAX_DEPTH = 200;

/**
 * Google location codes of countries: DataForSEO numbers a country 2000 + its ISO 3166-1
 * numeric code (US 2840, CZ 2203). Others can be given in `locationCodes`.
 */
export const DATAFORSEO_COUNTRY_LOCATIONS: Readonly<Record<string, number>> = {
  AE: 2784,
  AR: 2032,
  AT: 2040,
  AU: 2036,
  BE: 2056,
  BG: 2100,
  BR: 2076,
  CA: 2124,
  CH: 2756,
  CL: 2152,
  CN: 2156,
  CO: 2170,
  CZ: 2203,
  DE: 2276,
  DK: 2208,
  EE: 2233,
  EG: 2818,
  ES: 2724,
  FI: 2246,
  FR: 2250,
  GB: 2826,
  GR: 2300,
  HK: 2344,
  HR: 2191,
  HU: 2348,
  ID: 2360,
  IE: 2372,
  IL: 2376,
  IN: 2356,
  IT: 2380,
  JP: 2392,
  KR: 2410,
  LT: 2440,
  LU: 2442,
  LV: 2428,
  MX: 2484,
  MY: 2458,
  NL: 2528,
  NO: 2578,
  NZ: 2554,
  PH: 2608,
  PL: 2616,
  PT: 2620,
  RO: 2642,
  RS: 2688,
  SA: 2682,
  SE: 2752,
  SG: 2702,
  SI: 2705,
  SK: 2703,
  TH: 2764,
  TR: 2792,
  TW: 2158,
  UA: 2804,
  US: 2840,
  VN: 2704,
  ZA: 2710,
};

export interface DataForSeoOptions {
  /** API login (DATAFORSEO_LOGIN). */
  login: string;
  /** API password (DATAFORSEO_PASSWORD). */
  password: string;
  /**
   * The API's base URL, or the full endpoint URL. @default "https://api.dataforseo.com"
   */
  url?: string;
  /** Extra or overriding country → location code entries. @default {} */
  locationCodes?: Record<string, number>;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Timeout of one request, ms (live SERPs take ~6 s). @default 15000 */
  timeoutMs?: number;
  /** Results when a query names no limit. @default 10 */
  defaultLimit?: number;
}

/** One live task for a query. Throws SearchBadRequestError for a country without a code. */
export function dataForSeoTask(
  q: SearchQuery,
  limit: number,
  locationCodes: Record<string, number> = {},
): Record<string, unknown> {
  const country = countryOf(q) ?? "US";
  const location = locationCodes[country] ?? DATAFORSEO_COUNTRY_LOCATIONS[country];
  if (location === undefined) {
    throw new SearchBadRequestError(
      `no Google location code known for country "${country}": pass it in the provider's locationCodes option (see DataForSEO's /v3/serp/google/locations)`,
      { provider: "dataforseo" },
    );
  }
  const primary = primaryLanguage(q.language);
  const language =
    primary === "zh" ? (/-(hant|tw|hk)\b/i.test(q.language) ? "zh-TW" : "zh-CN") : primary;
  return {
    // DataForSEO decodes %## and "+" in keywords; escape both so they mean themselves.
    keyword: q.query.trim().replace(/%/g, "%25").replace(/\+/g, "%2B"),
    language_code: language,
    location_code: location,
    // Billed per 10 results of depth; the organic results are fewer than `depth` when the
    // page carries other features.
    depth: Math.min(DATAFORSEO_MAX_DEPTH, Math.max(10, Math.ceil(limit / 10) * 10)),
    device: "desktop",
  };
}

/** The endpoint: `url` as given, or `<url>/v3/serp/google/organic/live/advanced` when it has no path. */
export function dataForSeoEndpoint(url = DEFAULT_DATAFORSEO_URL): string {
  const parsed = new URL(url);
  if (parsed.pathname === "/" || parsed.pathname === "")
    return new URL(DATAFORSEO_PATH, parsed).href;
  return parsed.href;
}

/** Maps a DataForSEO status code and message (top level or task) onto a typed error. */
export function dataForSeoStatusError(code: number, message: string): SearchError {
  const opts = { provider: "dataforseo" };
  const text = `status ${code}: ${message}`;
  if (/rate limit|too many/i.test(message)) return new SearchRateLimitedError(text, opts);
  if (/payment|balance|funds|billing/i.test(message))
    return new SearchQuotaExceededError(text, opts);
  if (/not authori[sz]ed|unauthori[sz]ed|forbidden|access denied/i.test(message)) {
    return new SearchUnauthorizedError(text, opts);
  }
  if (code >= 50000 || /server error|try again|time ?out|timed out/i.test(message)) {
    return new SearchFailedError(text, opts);
  }
  return new SearchBadRequestError(text, opts);
}

function statusOf(value: Record<string, unknown>, where: string): void {
  const code = value.status_code;
  if (typeof code !== "number") {
    throw new SearchInvalidResponseError(`${where} has no numeric status_code`, {
      provider: "dataforseo",
    });
  }
  if (code !== DATAFORSEO_OK) {
    throw dataForSeoStatusError(code, String(value.status_message ?? "no message"));
  }
}

/** Validates a live/advanced answer and returns its organic results. */
export function parseDataForSeoResponse(body: unknown, limit: number): SearchResult[] {
  const invalid = (what: string) =>
    new SearchInvalidResponseError(what, { provider: "dataforseo" });
  if (!isRecord(body)) throw invalid("the answer is not a JSON object");
  statusOf(body, "the answer");
  const task = Array.isArray(body.tasks) ? body.tasks[0] : undefined;
  if (!isRecord(task)) throw invalid("the answer has no task");
  statusOf(task, "the task");
  if (task.result === null) return [];
  if (!Array.isArray(task.result)) throw invalid("the task's result is not an array");
  const result = task.result[0];
  if (result === undefined) return [];
  if (!isRecord(result)) throw invalid("the task's result is not an object");
  if (result.items === null || result.items === undefined) return [];
  if (!Array.isArray(result.items)) throw invalid("result.items is not an array");
  const organic = result.items.filter((i) => isRecord(i) && i.type === "organic");
  return toSearchResults(
    organic,
    (i) => ({ url: i.url, title: i.title, snippet: i.description }),
    limit,
    (i) => (typeof i.rank_group === "number" ? i.rank_group : undefined),
  );
}

/** `login:password` as HTTP basic credentials, UTF-8 safe. */
export function basicAuth(login: string, password: string): string {
  const bytes = new TextEncoder().encode(`${login}:${password}`);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return `Basic ${btoa(binary)}`;
}

/** A DataForSEO provider. Throws a TypeError without credentials or with a bad URL. */
export function createDataForSeoProvider(opts: DataForSeoOptions): SearchProvider {
  if (!opts.login?.trim() || !opts.password) {
    throw new TypeError("DataForSEO needs a login and a password");
  }
  const endpoint = dataForSeoEndpoint(opts.url);
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_SEARCH_TIMEOUT_MS;
  const defaultLimit = opts.defaultLimit ?? DEFAULT_SEARCH_LIMIT;
  const authorization = basicAuth(opts.login.trim(), opts.password);
  return {
    name: "dataforseo",
    async search(q, signal) {
      checkQuery(q);
      const limit = limitOf(q, defaultLimit);
      const task = dataForSeoTask(q, limit, opts.locationCodes);
      const body = await requestSearchJson(
        endpoint,
        {
          method: "POST",
          headers: {
            accept: "application/json",
            "content-type": "application/json",
            authorization,
          },
          body: JSON.stringify([task]),
        },
        { provider: "dataforseo", fetch: doFetch, timeoutMs, signal },
      );
      return parseDataForSeoResponse(body, limit);
    },
  };
}
