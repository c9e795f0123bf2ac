/**
 * Reading a site's sitemap.xml: the list of pages internal links may point to.
 *
 * A sitemap is either a `<urlset>` of pages or a `<sitemapindex>` of further sitemaps (which
 * some sites nest again). The reader follows indexes breadth-first, one fetch at a time, in
 * document order, so the same sitemaps always give the same list. It is bounded three ways
 * (nesting depth, sitemaps fetched, URLs kept) because a sitemap is someone else's input: an
 * index may list 50,000 children, or itself.
 *
 * Fetching is injected (`fetchText`), so this module does no I/O of its own; the caller's
 * fetcher decides timeouts, size limits and which hosts may be reached. Gzipped sitemaps
 * (`sitemap.xml.gz`) are not decompressed here: a fetcher that returns their bytes as text
 * gets a `SITEMAP_INVALID` error.
 */

import { XMLParser, XMLValidator } from "fast-xml-parser";
import { SeoFarmError } from "../../core/errors.ts";

/** One page listed by a sitemap. */
export interface SitemapEntry {
  /** The absolute URL, as `new URL()` normalises it. */
  url: string;
  /** `<lastmod>` as written (trimmed), when present. Not validated as a date. */
  lastmod?: string;
}

/** Fetches a URL's body as text; rejects on failure (its error reaches the caller unchanged). */
export type FetchText = (url: string, signal?: AbortSignal) => Promise<string>;

export interface ReadSitemapOptions {
  /**
   * How deep indexes are followed: the sitemap at `url` is depth 0, the sitemaps it lists
   * depth 1, and so on. Sitemaps deeper than this are not fetched.
   * @default 3
   */
  maxDepth?: number;
  /**
   * At most this many sitemap documents are fetched, the first one included.
   * @default 50
   */
  maxSitemaps?: number;
  /**
   * At most this many URLs are returned; reading stops once it is reached.
   * @default 10000
   */
  maxUrls?: number;
  /** Cancels reading; passed to every `fetchText` call. */
  signal?: AbortSignal;
}

export const DEFAULT_SITEMAP_MAX_DEPTH = 3;
export const DEFAULT_SITEMAP_MAX_SITEMAPS = 50;
export const DEFAULT_SITEMAP_MAX_URLS = 10_000;

/** A sitemap that is not well-formed XML, or not a `<urlset>` / `<sitemapindex>`. */
export class SitemapError extends SeoFarmError {
  /** The sitemap that could not be read. */
  readonly sitemapUrl: string;
  constructor(sitemapUrl: string, message: string, cause?: unknown) {
    // Reading the same document again will not help: not retryable.
    super("SITEMAP_INVALID", `sitemap ${sitemapUrl}: ${message}`, { cause });
    this.sitemapUrl = sitemapUrl;
  }
}

/** What one sitemap document holds. */
export type ParsedSitemap =
  | { kind: "urlset"; entries: SitemapEntry[] }
  | { kind: "index"; sitemaps: SitemapEntry[] };

const parser = new XMLParser({
  ignoreAttributes: true,
  // Sitemaps are usually namespaced (`xmlns=".../sitemap/0.9"`), sometimes with a prefix.
  removeNSPrefix: true,
  // Keep `<loc>` text as text (no number parsing of "2024" paths).
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === "url" || name === "sitemap",
  // The predefined XML entities are decoded, and so are character references (`&#x10D;`),
  // which the parser only decodes together with HTML's named entities. DOCTYPE-declared
  // entities are bounded so a "billion laughs" document cannot blow up memory.
  processEntities: { maxEntityCount: 20, maxEntitySize: 1_000, maxExpandedLength: 100_000 },
  htmlEntities: true,
});

/**
 * Parses one sitemap document. `baseUrl` (the document's own URL) resolves relative `<loc>`s;
 * entries whose URL is not http(s) or does not parse are skipped.
 * @throws {SitemapError} `SITEMAP_INVALID` for malformed XML or an unknown root element.
 */
export function parseSitemap(xml: string, baseUrl: string): ParsedSitemap {
  const text = xml.replace(/^\uFEFF/, "");
  if (text.trim() === "") throw new SitemapError(baseUrl, "the document is empty");
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const e = valid.err;
    throw new SitemapError(baseUrl, `malformed XML at line ${e.line}: ${e.msg}`);
  }
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new SitemapError(baseUrl, `malformed XML: ${(err as Error).message}`, err);
  }
  if ("urlset" in doc) {
    return { kind: "urlset", entries: entriesOf(doc["urlset"], "url", baseUrl) };
  }
  if ("sitemapindex" in doc) {
    return { kind: "index", sitemaps: entriesOf(doc["sitemapindex"], "sitemap", baseUrl) };
  }
  const root = Object.keys(doc).find((k) => !k.startsWith("?")) ?? "(none)";
  throw new SitemapError(baseUrl, `the root element is <${root}>, not <urlset> or <sitemapindex>`);
}

function entriesOf(root: unknown, child: "url" | "sitemap", baseUrl: string): SitemapEntry[] {
  // An empty `<urlset/>` parses as "" — no entries, not an error.
  if (root === null || typeof root !== "object") return [];
  const items = (root as Record<string, unknown>)[child];
  if (!Array.isArray(items)) return [];
  const out: SitemapEntry[] = [];
  for (const item of items) {
    if (item === null || typeof item !== "object") continue;
    const rec = item as Record<string, unknown>;
    const url = absoluteHttpUrl(textOf(rec["loc"]), baseUrl);
    if (url === undefined) continue;
    const lastmod = textOf(rec["lastmod"]);
    out.push(lastmod ? { url, lastmod } : { url });
  }
  return out;
}

/** The text of an element: a string, or the first of repeated elements. */
function textOf(value: unknown): string {
  if (Array.isArray(value)) return textOf(value[0]);
  if (typeof value === "string") return value.trim();
  if (typeof value === "number") return String(value);
  return "";
}

function absoluteHttpUrl(loc: string, baseUrl: string): string | undefined {
  if (!loc) return undefined;
  try {
    const u = new URL(loc, baseUrl);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads the sitemap at `url` and, through indexes, the sitemaps it lists: the pages in
 * document order (breadth-first across indexes), each URL once, within the limits of `opts`.
 * Errors of `fetchText` reach the caller unchanged; so does an abort.
 * @throws {SitemapError} `SITEMAP_INVALID` when any document read is malformed.
 */
export async function readSitemap(
  url: string,
  fetchText: FetchText,
  opts: ReadSitemapOptions = {},
): Promise<SitemapEntry[]> {
  const maxDepth = limit(opts.maxDepth, DEFAULT_SITEMAP_MAX_DEPTH, "maxDepth", 0);
  const maxSitemaps = limit(opts.maxSitemaps, DEFAULT_SITEMAP_MAX_SITEMAPS, "maxSitemaps", 1);
  const maxUrls = limit(opts.maxUrls, DEFAULT_SITEMAP_MAX_URLS, "maxUrls", 1);
  const root = URL.canParse(url) ? absoluteHttpUrl(url, url) : undefined;
  if (root === undefined) {
    throw new TypeError(`sitemap url must be an absolute http(s) URL (got ${JSON.stringify(url)})`);
  }

  const out: SitemapEntry[] = [];
  const seenUrls = new Set<string>();
  const seenSitemaps = new Set<string>([root]);
  const queue: { url: string; depth: number }[] = [{ url: root, depth: 0 }];
  let fetched = 0;
  for (let i = 0; i < queue.length && fetched < maxSitemaps && out.length < maxUrls; i++) {
    const next = queue[i]!;
    opts.signal?.throwIfAborted();
    const xml = await fetchText(next.url, opts.signal);
    fetched++;
    const parsed = parseSitemap(xml, next.url);
    if (parsed.kind === "index") {
      if (next.depth >= maxDepth) continue;
      for (const s of parsed.sitemaps) {
        if (seenSitemaps.has(s.url)) continue;
        seenSitemaps.add(s.url);
        queue.push({ url: s.url, depth: next.depth + 1 });
      }
      continue;
    }
    for (const entry of parsed.entries) {
      if (out.length >= maxUrls) break;
      if (seenUrls.has(entry.url)) continue;
      seenUrls.add(entry.url);
      out.push(entry);
    }
  }
  return out;
}

function limit(value: number | undefined, fallback: number, name: string, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer ≥ ${min} (got ${value})`);
  }
  return value;
}

/**
 * A readable title for a page known only by its URL: the last path segment, percent-decoded,
 * with `-`, `_` and `+` as spaces and a trailing extension (`.html`, `.php`: 1–5 letters or
 * digits, at least one a letter) dropped. `/blog/trail-running-shoes/` → "trail running shoes".
 * A URL without a path gives its host name; a string that is no URL is returned trimmed.
 */
export function titleFromUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return url.trim();
  }
  const segments = u.pathname.split("/").filter((s) => s !== "");
  const last = segments[segments.length - 1];
  if (last === undefined) return u.hostname;
  let name = safeDecode(last);
  const dot = name.lastIndexOf(".");
  if (dot > 0 && /^(?=[0-9]*[A-Za-z])[A-Za-z0-9]{1,5}$/.test(name.slice(dot + 1))) {
    name = name.slice(0, dot);
  }
  const title = name.replace(/[-_+\s]+/g, " ").trim();
  return title || u.hostname;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    // A stray "%" (not an escape): keep the segment as written.
    return s;
  }
}
