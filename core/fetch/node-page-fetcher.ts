/**
 * The page fetcher as Node should run it: addresses checked before the fetch (`nodeResolve`)
 * and again when connecting (`createGuardedFetch`), with one allow list for both.
 */
import { type AllAddressesLookup, createGuardedFetch } from "./node-guarded-fetch.ts";
import { nodeResolve } from "./node-resolve.ts";
import { createPageFetcher, type PageFetcher, type PageFetcherOptions } from "./page-fetcher.ts";

export interface NodePageFetcherOptions extends Omit<PageFetcherOptions, "resolve" | "fetch"> {
  /** Resolution before the fetch. @default nodeResolve */
  resolve?: PageFetcherOptions["resolve"];
  /** Resolution at connect time. @default dns.lookup with all: true */
  lookup?: AllAddressesLookup;
}

/** A page fetcher with the connect-time guard; `close()` ends its connections. */
export function createNodePageFetcher(
  opts: NodePageFetcherOptions = {},
): PageFetcher & { close(): Promise<void> } {
  const { lookup, resolve, ...rest } = opts;
  const guarded = createGuardedFetch({
    ...(rest.allowOrigins ? { allowOrigins: rest.allowOrigins } : {}),
    ...(lookup ? { lookup } : {}),
    ...(rest.timeoutMs ? { connectTimeoutMs: rest.timeoutMs } : {}),
  });
  const fetcher = createPageFetcher({
    ...rest,
    resolve: resolve ?? nodeResolve,
    fetch: guarded.fetch,
  });
  return { fetchPage: fetcher.fetchPage, close: guarded.close };
}
