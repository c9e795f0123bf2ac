/**
 * Fetching one web page for research, safely: http(s) only, every hop's target checked
 * against the address guard before connecting (IP literals directly, hostnames through the
 * injected resolver, every address they resolve to), redirects followed by hand so each
 * target is checked too, non-HTML refused, the body capped while it streams, one timeout
 * over the whole fetch.
 *
 * Runtime-neutral: DNS (`resolve`) and the HTTP client (`fetch`) are injected. Checking the
 * resolved addresses before `fetch` resolves the name again leaves a window for DNS
 * rebinding (a name that answers a public address to us and a private one to the HTTP
 * client); on Node, `createNodePageFetcher` closes it by checking again at connect time
 * (node-guarded-fetch.ts). See docs/search.md.
 */
import { classifyAddress, isIpLiteral } from "./address-guard.ts";
import { BodyTooLargeError, type Deadline, deadline, raceAbort, readCapped } from "./body.ts";
import { FetchFailedError, FetchRefusedError } from "./errors.ts";

export const DEFAULT_FETCH_MAX_BYTES = 2 * 1024 * 1024;
export const DEFAULT_FETCH_TIMEOUT_MS = 10_000;
export const DEFAULT_FETCH_MAX_REDIRECTS = 5;
export const DEFAULT_FETCH_USER_AGENT =
  "Mozilla/5.0 (compatible; seo-farm/0.1; +https://github.com/seo-farm/seo-farm)";

export interface PageFetcherOptions {
  /**
   * Every address a hostname resolves to (A and AAAA). Runtime-specific, so injected:
   * `nodeResolve` (node-resolve.ts) or `denoResolve` (deno-resolve.ts).
   */
  resolve: (host: string) => Promise<string[]>;
  /** The HTTP client; on Node pass `createGuardedFetch(…)`. @default globalThis.fetch */
  fetch?: typeof fetch;
  /**
   * Exact origins (`http://127.0.0.1:8791`) exempt from the address guard: the search
   * emulator, an intranet source. A redirect out of one is checked like any URL. @default []
   */
  allowOrigins?: readonly string[];
  /** Largest body read, bytes; a larger page is refused (`too-large`). @default 2097152 (2 MB) */
  maxBytes?: number;
  /** One timeout over the whole fetch: DNS, connects, redirects, body. @default 10000 */
  timeoutMs?: number;
  /** Redirects followed; one more is refused (`redirect-limit`). @default 5 */
  maxRedirects?: number;
  /** @default "Mozilla/5.0 (compatible; seo-farm/0.1; +https://github.com/seo-farm/seo-farm)" */
  userAgent?: string;
  /**
   * Media types accepted; others are refused (`content-type`). A sitemap fetcher passes
   * `SITEMAP_CONTENT_TYPES`. @default ["text/html", "application/xhtml+xml"]
   */
  contentTypes?: readonly string[];
}

/** What a page fetcher accepts by default: HTML. */
export const HTML_CONTENT_TYPES: readonly string[] = ["text/html", "application/xhtml+xml"];
/** What a sitemap fetcher accepts: XML (sitemaps are served under all of these). */
export const SITEMAP_CONTENT_TYPES: readonly string[] = [
  "application/xml",
  "text/xml",
  "application/rss+xml",
  "application/atom+xml",
];

/** A fetched HTML page. */
export interface FetchedPage {
  /** The final URL, after redirects. */
  url: string;
  /** HTTP status of the final answer (2xx: anything else is a FetchFailedError). */
  status: number;
  /** Its Content-Type header (`text/html; charset=utf-8`). */
  contentType: string;
  /**
   * The body, decoded by its charset (header, then `<meta charset>`, then UTF-8): the HTML,
   * or the XML for a fetcher with `contentTypes` set so.
   */
  html: string;
  /** The URLs redirected from, in order (empty without redirects). */
  redirects: string[];
}

export interface PageFetcher {
  /**
   * Fetches one page. Rejects with a `FetchRefusedError` (policy), a `FetchFailedError`
   * (the web), or the signal's reason when `signal` aborts.
   */
  fetchPage(url: string, signal?: AbortSignal): Promise<FetchedPage>;
}

/** Options with every default filled in. */
export type ResolvedPageFetcherOptions = Required<
  Omit<PageFetcherOptions, "allowOrigins" | "contentTypes">
> & {
  allowOrigins: ReadonlySet<string>;
  contentTypes: ReadonlySet<string>;
};

/** Validates once and fills in defaults; a bad value is a RangeError naming the field. */
export function parsePageFetcherOptions(opts: PageFetcherOptions): ResolvedPageFetcherOptions {
  if (typeof opts.resolve !== "function") throw new TypeError("resolve must be a function");
  const maxBytes = opts.maxBytes ?? DEFAULT_FETCH_MAX_BYTES;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const maxRedirects = opts.maxRedirects ?? DEFAULT_FETCH_MAX_REDIRECTS;
  for (const [name, v, min] of [
    ["maxBytes", maxBytes, 1],
    ["timeoutMs", timeoutMs, 1],
    ["maxRedirects", maxRedirects, 0],
  ] as const) {
    if (!Number.isInteger(v) || v < min) {
      throw new RangeError(`${name} must be an integer ≥ ${min} (got ${v})`);
    }
  }
  return {
    resolve: opts.resolve,
    fetch: opts.fetch ?? globalThis.fetch.bind(globalThis),
    allowOrigins: new Set((opts.allowOrigins ?? []).map(originOf)),
    maxBytes,
    timeoutMs,
    maxRedirects,
    userAgent: opts.userAgent ?? DEFAULT_FETCH_USER_AGENT,
    contentTypes: new Set(
      (opts.contentTypes ?? HTML_CONTENT_TYPES).map((t) => t.trim().toLowerCase()),
    ),
  };
}

/** The origin of an allow-list entry; a TypeError when it is not an http(s) origin. */
export function originOf(entry: string): string {
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    throw new TypeError(`not an origin: "${entry}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`not an http(s) origin: "${entry}"`);
  }
  return url.origin;
}

/** `localhost` and `*.localhost` always mean this machine (RFC 6761); no DNS is asked. */
function isLocalhostName(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, "");
  return h === "localhost" || h.endsWith(".localhost");
}

/**
 * Throws a `FetchRefusedError` unless the URL may be fetched: http(s), no credentials, and
 * an allowed origin or a host whose every address is public. A hostname that does not
 * resolve is a `FetchFailedError` (`dns`).
 */
export async function checkFetchTarget(
  url: URL,
  opts: Pick<ResolvedPageFetcherOptions, "resolve" | "allowOrigins">,
): Promise<void> {
  const href = url.href;
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new FetchRefusedError(
      "scheme",
      href,
      `only http and https are fetched (got ${url.protocol})`,
    );
  }
  if (url.username || url.password) {
    throw new FetchRefusedError("credentials", href, "URLs with credentials are not fetched");
  }
  if (opts.allowOrigins.has(url.origin)) return;
  const host = url.hostname;
  if (isLocalhostName(host)) {
    throw new FetchRefusedError("loopback", href, `${host} is this machine (loopback)`);
  }
  if (isIpLiteral(host)) {
    const cls = classifyAddress(host);
    if (cls !== "public") {
      throw new FetchRefusedError(cls, href, `${host} is a ${cls} address`, { address: host });
    }
    return;
  }
  let addresses: string[];
  try {
    addresses = await opts.resolve(host);
  } catch (err) {
    throw new FetchFailedError(
      "dns",
      href,
      `${host} does not resolve (${(err as Error).message})`,
      {
        retryable: true,
        cause: err,
      },
    );
  }
  if (addresses.length === 0) {
    throw new FetchFailedError("dns", href, `${host} has no addresses`, { retryable: true });
  }
  for (const address of addresses) {
    let cls: ReturnType<typeof classifyAddress>;
    try {
      cls = classifyAddress(address);
    } catch {
      cls = "reserved";
    }
    if (cls !== "public") {
      throw new FetchRefusedError(cls, href, `${host} resolves to ${address}, a ${cls} address`, {
        address,
      });
    }
  }
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** The charset of a Content-Type header, a `<meta>` in the first 1024 bytes, or a BOM. */
export function charsetOf(contentType: string, head: Uint8Array): string {
  const fromHeader = /charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType)?.[1];
  if (fromHeader) return fromHeader.toLowerCase();
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf-8";
  const prefix = new TextDecoder("latin1").decode(head.subarray(0, 1024));
  const meta =
    /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(prefix)?.[1] ??
    /<meta[^>]+content\s*=\s*["'][^"']*charset=([\w.:-]+)/i.exec(prefix)?.[1];
  return meta?.toLowerCase() ?? "utf-8";
}

function decodeHtml(bytes: Uint8Array, contentType: string): string {
  const charset = charsetOf(contentType, bytes);
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    // An unknown label (a typo, a charset the runtime lacks): UTF-8 is the web's default.
    return new TextDecoder().decode(bytes);
  }
}

/** Without a Content-Type: whether the body plainly starts as an accepted kind of markup. */
function looksAccepted(bytes: Uint8Array, types: ReadonlySet<string>): boolean {
  const start = new TextDecoder("latin1").decode(bytes.subarray(0, 512)).trimStart().toLowerCase();
  const html = ["<!doctype html", "<html", "<head"].some((p) => start.startsWith(p));
  const xml = start.startsWith("<?xml");
  return (html && types.has("text/html")) || (xml && [...types].some((t) => t.includes("xml")));
}

/** The first FetchRefusedError in an error's cause chain (a connect-time refusal). */
function refusalIn(err: unknown): FetchRefusedError | undefined {
  for (let e = err, depth = 0; e && depth < 8; depth++) {
    if (e instanceof FetchRefusedError) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A fetcher with the options checked once. Throws a RangeError or TypeError on a bad option. */
export function createPageFetcher(options: PageFetcherOptions): PageFetcher {
  const opts = parsePageFetcherOptions(options);
  async function fetchWithin(input: string, limit: Deadline, signal: AbortSignal | undefined) {
    const combined = limit.signal;
    const abortedError = (url: string, err: unknown): Error | undefined => {
      if (signal?.aborted) return signal.reason as Error;
      if (limit.timedOut()) {
        return new FetchFailedError(
          "timeout",
          url,
          `no complete answer within ${opts.timeoutMs} ms`,
          {
            retryable: true,
            cause: err,
          },
        );
      }
      return undefined;
    };
    // Gives up on a promise when the fetch is aborted (a resolver or client may hang).
    const guarded = async <T>(p: Promise<T>, url: string): Promise<T> => {
      try {
        return await raceAbort(p, combined);
      } catch (err) {
        throw (combined.aborted ? abortedError(url, err) : undefined) ?? err;
      }
    };

    let url: URL;
    try {
      url = new URL(input);
    } catch {
      throw new FetchRefusedError("scheme", String(input), "not an absolute URL");
    }
    const redirects: string[] = [];
    for (;;) {
      await guarded(checkFetchTarget(url, opts), url.href);
      let res: Response;
      try {
        res = await raceAbort(
          opts.fetch(url.href, {
            redirect: "manual",
            signal: combined,
            headers: {
              "user-agent": opts.userAgent,
              accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
            },
          }),
          combined,
        );
      } catch (err) {
        const refused = refusalIn(err);
        if (refused) throw refused;
        throw (
          abortedError(url.href, err) ??
          new FetchFailedError("connection", url.href, errorText(err), {
            retryable: true,
            cause: err,
          })
        );
      }
      if (res.type === "opaqueredirect") {
        throw new FetchFailedError("redirect", url.href, "the HTTP client hides redirect targets", {
          retryable: false,
        });
      }
      if (REDIRECT_STATUSES.has(res.status)) {
        await res.body?.cancel().catch(() => {});
        const location = res.headers.get("location");
        if (!location) {
          throw new FetchFailedError(
            "redirect",
            url.href,
            `HTTP ${res.status} without a Location`,
            {
              status: res.status,
              retryable: false,
            },
          );
        }
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          throw new FetchFailedError(
            "redirect",
            url.href,
            `bad Location ${JSON.stringify(location)}`,
            {
              status: res.status,
              retryable: false,
            },
          );
        }
        if (redirects.length >= opts.maxRedirects) {
          throw new FetchRefusedError(
            "redirect-limit",
            next.href,
            `more than ${opts.maxRedirects} redirects (from ${input})`,
          );
        }
        redirects.push(url.href);
        url = next;
        continue;
      }
      return await readPage(res, url.href, redirects, opts, combined, abortedError);
    }
  }

  return {
    async fetchPage(input, signal) {
      const limit = deadline(opts.timeoutMs, signal);
      try {
        return await fetchWithin(input, limit, signal);
      } finally {
        limit.clear();
      }
    },
  };
}

function errorText(err: unknown): string {
  const e = err as { message?: string; cause?: { message?: string; code?: string } };
  const cause = e.cause?.code ?? e.cause?.message;
  return cause ? `${e.message ?? String(err)} (${cause})` : (e.message ?? String(err));
}

async function readPage(
  res: Response,
  url: string,
  redirects: string[],
  opts: ResolvedPageFetcherOptions,
  signal: AbortSignal,
  abortedError: (url: string, err: unknown) => Error | undefined,
): Promise<FetchedPage> {
  if (res.status >= 400 || res.status < 200) {
    await res.body?.cancel().catch(() => {});
    const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
    throw new FetchFailedError("http-status", url, `HTTP ${res.status}`, {
      status: res.status,
      retryable,
    });
  }
  const contentType = res.headers.get("content-type") ?? "";
  const mediaType = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (mediaType && !opts.contentTypes.has(mediaType)) {
    await res.body?.cancel().catch(() => {});
    throw new FetchRefusedError(
      "content-type",
      url,
      `the content is ${mediaType}, not ${[...opts.contentTypes].join(" or ")}`,
    );
  }
  const length = Number(res.headers.get("content-length"));
  if (Number.isFinite(length) && length > opts.maxBytes) {
    await res.body?.cancel().catch(() => {});
    throw new FetchRefusedError("too-large", url, `${length} bytes, more than ${opts.maxBytes}`);
  }
  let bytes: Uint8Array;
  try {
    bytes = await readCapped(res.body, opts.maxBytes, signal);
  } catch (err) {
    if (err instanceof BodyTooLargeError) {
      throw new FetchRefusedError("too-large", url, `more than ${opts.maxBytes} bytes`);
    }
    throw (
      abortedError(url, err) ??
      new FetchFailedError("connection", url, `the body broke off: ${errorText(err)}`, {
        retryable: true,
        cause: err,
      })
    );
  }
  // No Content-Type at all: accept what plainly starts as the markup wanted.
  if (!mediaType && !looksAccepted(bytes, opts.contentTypes)) {
    throw new FetchRefusedError(
      "content-type",
      url,
      `no Content-Type, and the body does not look like ${[...opts.contentTypes].join(" or ")}`,
    );
  }
  return { url, status: res.status, contentType, html: decodeHtml(bytes, contentType), redirects };
}
