/**
 * Source allow and deny lists. A listed domain matches itself and every subdomain
 * (`example.com` matches `www.example.com` and `a.b.example.com`, not `notexample.com`); a
 * denied domain wins over an allowed one; with an allow list, nothing else passes. Results
 * keep the position the backend gave them, so "filtered out at 2" stays visible.
 */
import {
  DEFAULT_SEARCH_LIMIT,
  limitOf,
  MAX_SEARCH_LIMIT,
  type SearchProvider,
  type SearchResult,
} from "./types.ts";

export interface DomainLists {
  /** Only these domains (and their subdomains) pass; empty = every domain. @default [] */
  allow?: readonly string[];
  /** These domains (and their subdomains) never pass. @default [] */
  deny?: readonly string[];
}

/**
 * A list entry as a bare lower-case hostname: `Example.COM`, `*.example.com`,
 * `https://example.com/path` and `.example.com` all become `example.com`; international
 * names become their punycode form, as URLs carry them. Throws a TypeError on anything that
 * is not a hostname.
 */
export function normalizeDomain(entry: string): string {
  let s = entry.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) {
    try {
      s = new URL(s).hostname;
    } catch {
      throw new TypeError(`not a domain: "${entry}"`);
    }
  }
  s = s.replace(/^\*?\./, "").replace(/\.$/, "");
  let host: string;
  try {
    host = new URL(`http://${s}/`).hostname;
  } catch {
    throw new TypeError(`not a domain: "${entry}"`);
  }
  if (
    !s ||
    host.startsWith("[") ||
    !/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(host) ||
    /[/?#@:]/.test(s)
  ) {
    throw new TypeError(`not a domain: "${entry}"`);
  }
  return host;
}

/** Whether `host` is `domain` or a subdomain of it (both normalised). */
export function hostMatchesDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase().replace(/\.$/, "");
  } catch {
    return undefined;
  }
}

/** Normalised lists; throws a TypeError naming a bad entry. */
export function parseDomainLists(lists: DomainLists): { allow: string[]; deny: string[] } {
  return {
    allow: (lists.allow ?? []).map(normalizeDomain),
    deny: (lists.deny ?? []).map(normalizeDomain),
  };
}

/** Whether a URL passes normalised lists: not denied, and allowed when an allow list exists. */
export function urlPassesDomainLists(url: string, lists: { allow: string[]; deny: string[] }) {
  const host = hostOf(url);
  if (!host) return false;
  if (lists.deny.some((d) => hostMatchesDomain(host, d))) return false;
  return lists.allow.length === 0 || lists.allow.some((d) => hostMatchesDomain(host, d));
}

/** The results that pass, positions unchanged. */
export function filterByDomain(
  results: readonly SearchResult[],
  lists: { allow: string[]; deny: string[] },
): SearchResult[] {
  return results.filter((r) => urlPassesDomainLists(r.url, lists));
}

export interface DomainFilterOptions extends DomainLists {
  /** The inner provider's default limit, to know how many a query without one wants. @default 10 */
  defaultLimit?: number;
}

/**
 * A provider whose results pass the lists. With lists, it asks the inner provider for twice
 * the wanted number (up to 100), so filtering still leaves enough; then keeps `limit`.
 * Without lists it is the inner provider. Throws a TypeError naming a bad entry.
 */
export function withDomainFilter(inner: SearchProvider, opts: DomainFilterOptions): SearchProvider {
  const lists = parseDomainLists(opts);
  if (lists.allow.length === 0 && lists.deny.length === 0) return inner;
  const defaultLimit = opts.defaultLimit ?? DEFAULT_SEARCH_LIMIT;
  return {
    name: inner.name,
    async search(q, signal) {
      const limit = limitOf(q, defaultLimit);
      const wide = Math.min(MAX_SEARCH_LIMIT, limit * 2);
      const results = await inner.search({ ...q, limit: wide }, signal);
      return filterByDomain(results, lists).slice(0, limit);
    },
  };
}
