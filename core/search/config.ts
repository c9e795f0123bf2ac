/**
 * The search configuration from environment variables, validated once at start (README
 * "Configuration", docs/search.md), and the factory that builds the configured provider:
 * the backend, behind the KV cache when a bucket is given, behind the domain lists.
 */
import type { KV } from "@nats-io/kv";
import { ConfigError, type Env, intVar, strVar } from "../config.ts";
import type { Logger } from "../log.ts";
import { registerSecrets } from "../secrets.ts";
import { createBraveProvider, DEFAULT_BRAVE_SEARCH_URL } from "./brave.ts";
import { CachedSearchProvider, DEFAULT_SEARCH_CACHE_TTL_S } from "./cached-search.ts";
import { basicAuth, createDataForSeoProvider, DEFAULT_DATAFORSEO_URL } from "./dataforseo.ts";
import { normalizeDomain, withDomainFilter } from "./domain-filter.ts";
import { DEFAULT_SEARCH_TIMEOUT_MS } from "./http.ts";
import { createSearxngProvider } from "./searxng.ts";
import { MAX_SEARCH_LIMIT, type SearchProvider } from "./types.ts";

export const SEARCH_PROVIDER_NAMES = ["searxng", "brave", "dataforseo", "none"] as const;
export type SearchProviderName = (typeof SEARCH_PROVIDER_NAMES)[number];
/** Results a research query asks for (SEARCH_RESULTS). */
export const DEFAULT_SEARCH_RESULTS = 8;

export interface SearchConfig {
  /** SEARCH_PROVIDER. @default "none" (no search: research runs ungrounded) */
  provider: SearchProviderName;
  /** SEARXNG_URL: the instance's base URL; required for `searxng`. */
  searxngUrl: string | undefined;
  brave: {
    /** BRAVE_API_KEY; required for `brave`. */
    apiKey: string | undefined;
    /** BRAVE_SEARCH_URL. @default "https://api.search.brave.com/res/v1/web/search" */
    url: string;
  };
  dataforseo: {
    /** DATAFORSEO_LOGIN; required for `dataforseo`. */
    login: string | undefined;
    /** DATAFORSEO_PASSWORD; required for `dataforseo`. */
    password: string | undefined;
    /** DATAFORSEO_URL. @default "https://api.dataforseo.com" */
    url: string;
  };
  /** SEARCH_ALLOW_DOMAINS, comma-separated, normalised. @default [] (every domain) */
  allowDomains: string[];
  /** SEARCH_DENY_DOMAINS, comma-separated, normalised; wins over the allow list. @default [] */
  denyDomains: string[];
  /** SEARCH_RESULTS: results per query when the caller names no limit, 1–100. @default 8 */
  results: number;
  /** SEARCH_CACHE_TTL_S: how long a query's results are reused. @default 86400 (24 h) */
  cacheTtlS: number;
  /** SEARCH_TIMEOUT_MS: timeout of one search request. @default 15000 */
  timeoutMs: number;
}

function httpUrlVar(env: Env, name: string): string | undefined {
  const raw = strVar(env, name);
  if (raw === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw new ConfigError(`${name} must be an http(s) URL (got "${raw}")`);
  }
  return raw;
}

function domainListVar(env: Env, name: string): string[] {
  const entries = (env[name] ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  return entries.map((entry) => {
    try {
      return normalizeDomain(entry);
    } catch {
      throw new ConfigError(
        `${name} must list domains such as example.com, comma-separated (got "${entry}")`,
      );
    }
  });
}

/** Parses and validates the search variables. Throws a ConfigError naming the variable. */
export function parseSearchConfig(env: Env): SearchConfig {
  const raw = (strVar(env, "SEARCH_PROVIDER") ?? "none").toLowerCase();
  if (!(SEARCH_PROVIDER_NAMES as readonly string[]).includes(raw)) {
    throw new ConfigError(
      `SEARCH_PROVIDER must be ${SEARCH_PROVIDER_NAMES.join(", ")} (got "${env.SEARCH_PROVIDER}")`,
    );
  }
  const provider = raw as SearchProviderName;
  const config: SearchConfig = {
    provider,
    searxngUrl: httpUrlVar(env, "SEARXNG_URL"),
    brave: {
      apiKey: strVar(env, "BRAVE_API_KEY"),
      url: httpUrlVar(env, "BRAVE_SEARCH_URL") ?? DEFAULT_BRAVE_SEARCH_URL,
    },
    dataforseo: {
      login: strVar(env, "DATAFORSEO_LOGIN"),
      password: strVar(env, "DATAFORSEO_PASSWORD"),
      url: httpUrlVar(env, "DATAFORSEO_URL") ?? DEFAULT_DATAFORSEO_URL,
    },
    allowDomains: domainListVar(env, "SEARCH_ALLOW_DOMAINS"),
    denyDomains: domainListVar(env, "SEARCH_DENY_DOMAINS"),
    results: intVar(env, "SEARCH_RESULTS", DEFAULT_SEARCH_RESULTS, 1, MAX_SEARCH_LIMIT),
    cacheTtlS: intVar(env, "SEARCH_CACHE_TTL_S", DEFAULT_SEARCH_CACHE_TTL_S, 1, 365 * 86_400),
    timeoutMs: intVar(env, "SEARCH_TIMEOUT_MS", DEFAULT_SEARCH_TIMEOUT_MS, 100, 600_000),
  };
  // Whoever reads the configuration holds the keys; from here on no log line or error of
  // this process can carry them (nor the basic-auth header made of the DataForSEO pair).
  registerSecrets(config.brave.apiKey, config.dataforseo.password);
  if (config.dataforseo.login && config.dataforseo.password) {
    registerSecrets(
      basicAuth(config.dataforseo.login, config.dataforseo.password).slice("Basic ".length),
    );
  }
  if (provider === "searxng" && !config.searxngUrl) {
    throw new ConfigError(
      "SEARCH_PROVIDER=searxng needs SEARXNG_URL, the instance's base URL (e.g. http://127.0.0.1:8888)",
    );
  }
  if (provider === "brave" && !config.brave.apiKey) {
    throw new ConfigError("SEARCH_PROVIDER=brave needs BRAVE_API_KEY");
  }
  if (provider === "dataforseo" && (!config.dataforseo.login || !config.dataforseo.password)) {
    throw new ConfigError(
      "SEARCH_PROVIDER=dataforseo needs DATAFORSEO_LOGIN and DATAFORSEO_PASSWORD",
    );
  }
  return config;
}

export interface SearchProviderFactoryOptions {
  /** The HTTP client of the backend's API. @default globalThis.fetch */
  fetch?: typeof fetch;
  /**
   * The `seo-search-cache` bucket (open it with `new Kvm(nc).open(BUCKET_SEARCH_CACHE)`);
   * without one, every query goes to the backend. @default none
   */
  cache?: KV;
  /** Where cache errors are reported. @default none */
  logger?: Logger;
  /** The cache's clock. @default Date.now */
  now?: () => number;
}

/**
 * The configured provider, or undefined for `none`: the backend, behind the KV cache when
 * `opts.cache` is given, behind the domain lists when any are set. Queries without a limit
 * ask for `config.results`. The cache sits inside the domain filter, so changing the lists
 * takes effect at once, without dropping cached searches.
 */
export function searchProviderFromConfig(
  config: SearchConfig,
  opts: SearchProviderFactoryOptions = {},
): SearchProvider | undefined {
  const common = {
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    timeoutMs: config.timeoutMs,
    defaultLimit: config.results,
  };
  let provider: SearchProvider;
  switch (config.provider) {
    case "none":
      return undefined;
    case "searxng":
      provider = createSearxngProvider({ ...common, baseUrl: config.searxngUrl ?? "" });
      break;
    case "brave":
      provider = createBraveProvider({
        ...common,
        apiKey: config.brave.apiKey ?? "",
        url: config.brave.url,
      });
      break;
    case "dataforseo":
      provider = createDataForSeoProvider({
        ...common,
        login: config.dataforseo.login ?? "",
        password: config.dataforseo.password ?? "",
        url: config.dataforseo.url,
      });
      break;
  }
  if (opts.cache) {
    provider = new CachedSearchProvider(provider, opts.cache, {
      maxAgeMs: config.cacheTtlS * 1000,
      defaultLimit: config.results,
      ...(opts.logger ? { logger: opts.logger } : {}),
      ...(opts.now ? { now: opts.now } : {}),
    });
  }
  return withDomainFilter(provider, {
    allow: config.allowDomains,
    deny: config.denyDomains,
    defaultLimit: config.results,
  });
}

/** `searchProviderFromConfig(parseSearchConfig(env), opts)`. Throws a ConfigError on bad variables. */
export function searchProviderFromEnv(
  env: Env,
  opts: SearchProviderFactoryOptions = {},
): SearchProvider | undefined {
  return searchProviderFromConfig(parseSearchConfig(env), opts);
}
