/** The search emulator's options, with documented defaults. */

export const DEFAULT_SEARCH_EMULATOR_PORT = 8791;
export const DEFAULT_SEARCH_EMULATOR_HOST = "127.0.0.1";
/** SearXNG's page size: results per `pageno`. */
export const SEARXNG_PAGE_SIZE = 10;
/** Largest body `/fixtures/large.html` streams. */
export const MAX_LARGE_FIXTURE_BYTES = 64 * 1024 * 1024;

export interface SearchEmulatorOptions {
  /**
   * The origin result URLs, sitemaps and canonical links point to, e.g.
   * `http://127.0.0.1:8791`. @default the origin of each request (its Host header)
   */
  baseUrl?: string;
}

/** Validates the options; a bad one is a RangeError naming the field. */
export function parseSearchEmulatorOptions(opts: SearchEmulatorOptions = {}): {
  baseUrl: string | undefined;
} {
  if (opts.baseUrl === undefined) return { baseUrl: undefined };
  let url: URL | undefined;
  try {
    url = new URL(opts.baseUrl);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw new RangeError(`baseUrl must be an http(s) URL (got ${JSON.stringify(opts.baseUrl)})`);
  }
  return { baseUrl: url.href.replace(/\/$/, "") };
}
