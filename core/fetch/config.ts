/**
 * The page fetcher's configuration from environment variables (README "Configuration",
 * docs/search.md), validated once at start.
 */
import { ConfigError, type Env, intVar } from "../config.ts";
import { DEFAULT_FETCH_MAX_BYTES, DEFAULT_FETCH_TIMEOUT_MS } from "./page-fetcher.ts";

export interface FetchConfig {
  /**
   * FETCH_ALLOW_ORIGINS: exact origins (`http://127.0.0.1:8791`, comma-separated) fetched
   * without the address guard. Each one is a hole in the SSRF protection. @default []
   */
  allowOrigins: string[];
  /** FETCH_TIMEOUT_MS: one timeout over a page's whole fetch. @default 10000 */
  timeoutMs: number;
  /** FETCH_MAX_BYTES: largest page read. @default 2097152 (2 MB) */
  maxBytes: number;
}

/** FETCH_ALLOW_ORIGINS entries as origins: scheme, host and port, no path, no wildcard. */
export function parseAllowOrigins(
  raw: string | undefined,
  variable = "FETCH_ALLOW_ORIGINS",
): string[] {
  const entries = (raw ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  return entries.map((entry) => {
    let url: URL | undefined;
    try {
      url = new URL(entry);
    } catch {
      // reported below
    }
    if (
      !url ||
      (url.protocol !== "http:" && url.protocol !== "https:") ||
      url.origin !== entry.replace(/\/$/, "")
    ) {
      throw new ConfigError(
        `${variable} must list origins such as http://127.0.0.1:8791 (scheme, host and port, no path), comma-separated (got "${entry}")`,
      );
    }
    return url.origin;
  });
}

/** Parses and validates the fetch variables. Throws a ConfigError naming the variable. */
export function parseFetchConfig(env: Env): FetchConfig {
  return {
    allowOrigins: parseAllowOrigins(env.FETCH_ALLOW_ORIGINS),
    timeoutMs: intVar(env, "FETCH_TIMEOUT_MS", DEFAULT_FETCH_TIMEOUT_MS, 100, 600_000),
    maxBytes: intVar(env, "FETCH_MAX_BYTES", DEFAULT_FETCH_MAX_BYTES, 1_024, 100 * 1024 * 1024),
  };
}
