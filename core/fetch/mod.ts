/**
 * Page fetching for research (docs/search.md): an SSRF-safe fetcher that refuses loopback,
 * private and link-local targets and redirects into them, and readable-text extraction.
 * Runtime-neutral; the Node entries (`node-page-fetcher.ts`, `node-guarded-fetch.ts`,
 * `node-resolve.ts`) and Deno's (`deno-resolve.ts`) plug in DNS and the HTTP client.
 */
export * from "./address-guard.ts";
export * from "./body.ts";
export * from "./config.ts";
export * from "./errors.ts";
export * from "./page-fetcher.ts";
export * from "./readable.ts";
