/**
 * Search: one interface over SearXNG, Brave Search and DataForSEO, with domain allow/deny
 * lists and a KV cache (docs/search.md). Runtime-neutral.
 */
export * from "./brave.ts";
export * from "./cache-keys.ts";
export * from "./cached-search.ts";
export * from "./config.ts";
export * from "./dataforseo.ts";
export * from "./domain-filter.ts";
export * from "./errors.ts";
export * from "./http.ts";
export * from "./locale.ts";
export * from "./results.ts";
export * from "./searxng.ts";
export * from "./types.ts";
