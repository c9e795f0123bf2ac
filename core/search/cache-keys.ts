/**
 * Keys of the `seo-search-cache` bucket, as pure functions:
 *
 *   search.<provider>.<queryHash>
 *
 * The provider name is encoded to KV's key alphabet like the LLM cache's parts
 * (`encodeKeyToken`); the hash is SHA-256 hex (128 bits) of the canonical JSON of the
 * normalised query, so queries that differ only in case, spacing or Unicode composition of
 * the text share an entry, and a different language, country or limit does not.
 */
import { canonicalJson, sha256Hex } from "../hash.ts";
import { encodeKeyToken } from "../llm/cache-keys.ts";
import { DEFAULT_SEARCH_LIMIT, limitOf, type SearchQuery } from "./types.ts";

export const SEARCH_KEY_PREFIX = "search";
/** Hex characters of a query hash (128 bits). */
export const SEARCH_QUERY_HASH_HEX = 32;
/** Bumped when what an entry holds changes shape, so old entries miss. */
export const SEARCH_CACHE_FORMAT = 1;

/** What identifies one search: the normalised query with its limit resolved. */
export function normalizeSearchQuery(q: SearchQuery, defaultLimit = DEFAULT_SEARCH_LIMIT) {
  return {
    format: SEARCH_CACHE_FORMAT,
    query: q.query.normalize("NFC").trim().replace(/\s+/g, " ").toLowerCase(),
    language: q.language.toLowerCase(),
    country: q.country?.toUpperCase() ?? null,
    limit: limitOf(q, defaultLimit),
  };
}

/** The key of one cached search: `search.<provider>.<queryHash>`. */
export async function searchCacheKey(
  provider: string,
  q: SearchQuery,
  defaultLimit = DEFAULT_SEARCH_LIMIT,
): Promise<string> {
  const hash = await sha256Hex(canonicalJson(normalizeSearchQuery(q, defaultLimit)));
  return [SEARCH_KEY_PREFIX, encodeKeyToken(provider), hash.slice(0, SEARCH_QUERY_HASH_HEX)].join(
    ".",
  );
}

/** A KV filter over one provider's entries (`search.<provider>.*`), or all (`search.>`). */
export function searchCacheFilter(provider?: string): string {
  return provider === undefined
    ? `${SEARCH_KEY_PREFIX}.>`
    : `${SEARCH_KEY_PREFIX}.${encodeKeyToken(provider)}.*`;
}
