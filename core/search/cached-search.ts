/**
 * Search results cached in the KV bucket `seo-search-cache`: the same query (normalised, see
 * cache-keys.ts) to the same provider within the TTL is answered from KV, by any process.
 * A day-old SERP is as good as a fresh one for research, and SERP APIs bill per query.
 *
 * The bucket's max age (SEARCH_CACHE_TTL_S, 24 h by default) removes old entries; nats-server
 * 2.9 has no per-key TTL. Entries also carry `storedAt`, and one older than `maxAgeMs` is a
 * miss, so a TTL lowered in the configuration applies at once, before the bucket is aligned.
 *
 * The cache never makes a search fail: a KV read error is a miss, a write error is logged.
 * No single flight: two processes asking the same new query at once both search.
 */
import { type KV, Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { errorMessage } from "../errors.ts";
import type { Logger } from "../log.ts";
import { BUCKET_SEARCH_CACHE } from "../subjects.ts";
import { searchCacheKey } from "./cache-keys.ts";
import { httpUrlOf, isRecord } from "./results.ts";
import {
  DEFAULT_SEARCH_LIMIT,
  type SearchProvider,
  type SearchQuery,
  type SearchResult,
} from "./types.ts";

/** Default TTL of cached searches: 24 hours. */
export const DEFAULT_SEARCH_CACHE_TTL_S = 86_400;

export interface CachedSearchOptions {
  /** Entries older than this are misses, whatever the bucket keeps. @default 86_400_000 (24 h) */
  maxAgeMs?: number;
  /** The inner provider's default limit, which keys a query without one. @default 10 */
  defaultLimit?: number;
  /** The clock of `storedAt`. @default Date.now */
  now?: () => number;
  /** Where KV read and write errors are reported. @default none */
  logger?: Logger;
}

/** Counters since the cache was created. */
export interface SearchCacheStats {
  hits: number;
  misses: number;
  /** Reads that failed (counted as misses too). */
  readErrors: number;
  /** Results that could not be stored (returned all the same). */
  storeErrors: number;
}

interface StoredSearch {
  storedAt: number;
  results: SearchResult[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A stored entry's results, or undefined when it is not one we wrote. */
function decodeEntry(bytes: Uint8Array): StoredSearch | undefined {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(bytes));
  } catch {
    return undefined;
  }
  if (!isRecord(value) || typeof value.storedAt !== "number" || !Array.isArray(value.results)) {
    return undefined;
  }
  const results: SearchResult[] = [];
  for (const r of value.results) {
    if (
      !isRecord(r) ||
      !httpUrlOf(r.url) ||
      typeof r.title !== "string" ||
      typeof r.snippet !== "string" ||
      typeof r.position !== "number"
    ) {
      return undefined;
    }
    results.push({
      url: r.url as string,
      title: r.title,
      snippet: r.snippet,
      position: r.position,
    });
  }
  return { storedAt: value.storedAt, results };
}

/** A provider in front of another that answers repeated queries from KV. */
export class CachedSearchProvider implements SearchProvider {
  readonly name: string;
  readonly #inner: SearchProvider;
  readonly #kv: KV;
  readonly #maxAgeMs: number;
  readonly #defaultLimit: number;
  readonly #now: () => number;
  readonly #logger: Logger | undefined;
  readonly #stats: SearchCacheStats = { hits: 0, misses: 0, readErrors: 0, storeErrors: 0 };

  constructor(inner: SearchProvider, kv: KV, opts: CachedSearchOptions = {}) {
    this.name = inner.name;
    this.#inner = inner;
    this.#kv = kv;
    this.#maxAgeMs = opts.maxAgeMs ?? DEFAULT_SEARCH_CACHE_TTL_S * 1000;
    if (!(this.#maxAgeMs > 0)) throw new RangeError(`maxAgeMs must be > 0 (got ${this.#maxAgeMs})`);
    this.#defaultLimit = opts.defaultLimit ?? DEFAULT_SEARCH_LIMIT;
    this.#now = opts.now ?? Date.now;
    this.#logger = opts.logger;
  }

  /** Opens `seo-search-cache` (created by `ensureTopology`) in front of `inner`. */
  static async open(
    nc: NatsConnection,
    inner: SearchProvider,
    opts: CachedSearchOptions = {},
  ): Promise<CachedSearchProvider> {
    const kv = await new Kvm(nc).open(BUCKET_SEARCH_CACHE);
    return new CachedSearchProvider(inner, kv, opts);
  }

  get stats(): SearchCacheStats {
    return { ...this.#stats };
  }

  async search(q: SearchQuery, signal?: AbortSignal): Promise<SearchResult[]> {
    const key = await searchCacheKey(this.#inner.name, q, this.#defaultLimit);
    const cached = await this.#read(key);
    if (cached) {
      this.#stats.hits++;
      return cached;
    }
    this.#stats.misses++;
    const results = await this.#inner.search(q, signal);
    const entry: StoredSearch = { storedAt: this.#now(), results };
    try {
      await this.#kv.put(key, encoder.encode(JSON.stringify(entry)));
    } catch (err) {
      this.#stats.storeErrors++;
      this.#logger?.warn("search cache: could not store results", {
        provider: this.name,
        key,
        error: errorMessage(err),
      });
    }
    return results;
  }

  async #read(key: string): Promise<SearchResult[] | undefined> {
    let bytes: Uint8Array | undefined;
    try {
      const entry = await this.#kv.get(key);
      // A delete or purge marker has an operation other than PUT and no value.
      if (entry && entry.operation === "PUT") bytes = entry.value;
    } catch (err) {
      this.#stats.readErrors++;
      this.#logger?.warn("search cache: read failed, searching instead", {
        provider: this.name,
        key,
        error: errorMessage(err),
      });
      return undefined;
    }
    if (!bytes || bytes.length === 0) return undefined;
    const stored = decodeEntry(bytes);
    if (!stored || this.#now() - stored.storedAt > this.#maxAgeMs) return undefined;
    return stored.results;
  }
}
