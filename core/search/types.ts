/**
 * The search contract: one query in, ranked organic results out, whatever the backend
 * (a self-hosted SearXNG, Brave's API, DataForSEO's Google SERP API, the emulator). The
 * research stage depends on this interface only.
 */

/** One search. */
export interface SearchQuery {
  /** What a searcher would type. */
  query: string;
  /** BCP 47 language tag of the results wanted (`cs`, `en`, `en-GB`). */
  language: string;
  /** ISO 3166-1 alpha-2 country the results should come from (`CZ`, `US`). */
  country?: string;
  /** How many results at most. @default 10 (or the provider's `defaultLimit`) */
  limit?: number;
}

/** One organic result. */
export interface SearchResult {
  /** Absolute http(s) URL of the page. */
  url: string;
  /** The result's title, plain text. */
  title: string;
  /** The result's snippet, plain text (may be empty). */
  snippet: string;
  /** 1-based rank in the provider's organic results, kept when results are filtered out. */
  position: number;
}

/** A search backend. Implementations validate what the backend returns and throw `SearchError`s. */
export interface SearchProvider {
  /** A short stable name (`searxng`, `brave`, `dataforseo`): logs and cache keys carry it. */
  readonly name: string;
  /**
   * The results of one query. Rejects with a `SearchError` (typed, with `retryable`), or with
   * the signal's reason when `signal` aborts.
   */
  search(q: SearchQuery, signal?: AbortSignal): Promise<SearchResult[]>;
}

/** Results asked for when a query names no limit. */
export const DEFAULT_SEARCH_LIMIT = 10;
/** Most results any query may ask for. */
export const MAX_SEARCH_LIMIT = 100;

/**
 * The query's limit, or `defaultLimit`, checked: an integer from 1 to 100. A bad one is a
 * RangeError naming the value (a caller's bug, not a backend failure).
 */
export function limitOf(q: SearchQuery, defaultLimit = DEFAULT_SEARCH_LIMIT): number {
  const limit = q.limit ?? defaultLimit;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) {
    throw new RangeError(
      `search limit must be an integer from 1 to ${MAX_SEARCH_LIMIT} (got ${limit})`,
    );
  }
  return limit;
}

/** Checks the parts every provider needs; a bad query is a RangeError naming the field. */
export function checkQuery(q: SearchQuery): void {
  if (typeof q.query !== "string" || q.query.trim() === "") {
    throw new RangeError("search query must be a non-empty string");
  }
  if (typeof q.language !== "string" || !/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(q.language)) {
    throw new RangeError(
      `search language must be a BCP 47 tag such as "cs" or "en-GB" (got ${JSON.stringify(q.language)})`,
    );
  }
  if (q.country !== undefined && !/^[A-Za-z]{2}$/.test(q.country)) {
    throw new RangeError(
      `search country must be an ISO 3166-1 alpha-2 code such as "CZ" (got ${JSON.stringify(q.country)})`,
    );
  }
}
