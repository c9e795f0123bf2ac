/**
 * The sites an actor knows (from `SITES_FILE`): for each, its sitemap's pages (internal
 * link candidates and the cannibalisation check) and its publisher. Sitemaps are read
 * through the guarded fetcher and kept for a while, since every article of a site reads the
 * same one; publishers are kept per site, since each learns its site's REST setup once.
 */

import { publisherFor, type SiteConfig } from "../core/publish/config.ts";
import type { Publisher } from "../core/publish/types.ts";
import { readSitemap, titleFromUrl } from "./seo/sitemap.ts";

export interface SitePage {
  url: string;
  title: string;
}

export interface SiteContext {
  readonly config: SiteConfig;
  /** The sitemap's pages with titles from their URLs; empty without a sitemap. */
  pages(signal?: AbortSignal): Promise<SitePage[]>;
  /** Where the article goes, if the site has a publish target. */
  readonly publisher: Publisher | undefined;
}

export interface SiteDirectoryOptions {
  /** How long a sitemap read is reused. @default 600000 (10 min) */
  sitemapTtlMs?: number;
  /** Reads a URL's body as text (the guarded fetcher: no private addresses). */
  fetchText?: (url: string, signal?: AbortSignal) => Promise<string>;
}

export const DEFAULT_SITEMAP_TTL_MS = 600_000;

export class SiteDirectory {
  readonly #sites: ReadonlyMap<string, SiteConfig>;
  readonly #contexts = new Map<string, SiteContext>();
  readonly #ttlMs: number;
  readonly #fetchText: SiteDirectoryOptions["fetchText"];

  constructor(sites: ReadonlyMap<string, SiteConfig>, opts: SiteDirectoryOptions = {}) {
    this.#sites = sites;
    this.#ttlMs = opts.sitemapTtlMs ?? DEFAULT_SITEMAP_TTL_MS;
    this.#fetchText = opts.fetchText;
  }

  has(id: string): boolean {
    return this.#sites.has(id);
  }

  get ids(): string[] {
    return [...this.#sites.keys()];
  }

  get(id: string): SiteContext | undefined {
    const cached = this.#contexts.get(id);
    if (cached) return cached;
    const config = this.#sites.get(id);
    if (!config) return undefined;
    let read: { at: number; pages: Promise<SitePage[]> } | undefined;
    const ttl = this.#ttlMs;
    const fetchText = this.#fetchText;
    const context: SiteContext = {
      config,
      publisher: publisherFor(config),
      pages(signal) {
        if (!config.sitemap || !fetchText) return Promise.resolve([]);
        if (!read || Date.now() - read.at > ttl) {
          const sitemap = config.sitemap;
          const pages = readSitemap(sitemap, fetchText, signal ? { signal } : {}).then((entries) =>
            entries.map((e) => ({ url: e.url, title: titleFromUrl(e.url) })),
          );
          // A failed read is not kept: the next article tries again.
          pages.catch(() => {
            if (read?.pages === pages) read = undefined;
          });
          read = { at: Date.now(), pages };
        }
        return read.pages;
      },
    };
    this.#contexts.set(id, context);
    return context;
  }
}
