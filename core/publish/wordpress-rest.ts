/**
 * Finding a WordPress site's REST API and addressing its routes. The API announces its root
 * in a `Link: <…>; rel="https://api.w.org/"` header on every page; without one (a proxy that
 * drops it, a plugin that removes it) the root is probed at `/wp-json/` (pretty permalinks)
 * and `/?rest_route=/` (which works on every site, pretty permalinks or not). A probe counts
 * only when it answers with the API's index: with plain permalinks `/wp-json/` is the home
 * page, 200 and HTML.
 */
import { PublishError } from "./errors.ts";
import {
  errorOfAnswer,
  exchange,
  type FetchLike,
  type HttpAnswer,
  isRecord,
  parseJson,
} from "./http.ts";

/** The link relation of the WordPress REST API's root. */
export const REST_API_LINK_REL = "https://api.w.org/";

/** The REST root announced in a `Link` header, resolved against the page's URL. */
export function restRootFromLinkHeader(header: string | null, pageUrl: string): string | undefined {
  if (!header) return undefined;
  // Links are comma-separated; a URL may itself hold commas, but never `>`.
  for (const m of header.matchAll(/<([^>]*)>([^<]*)/g)) {
    const params = m[2] ?? "";
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(params);
    const rels = (rel?.[1] ?? rel?.[2] ?? "").split(/\s+/);
    if (!rels.includes(REST_API_LINK_REL)) continue;
    try {
      return new URL(m[1] ?? "", pageUrl).toString();
    } catch {
      // An unparsable link is no link: go on probing.
    }
  }
  return undefined;
}

/**
 * The URL of `route` (`wp/v2/posts`) under a REST root, with `query`. A root of the
 * `?rest_route=/` kind takes the route in that parameter; a path root (`/wp-json/`) takes
 * it as a path.
 */
export function restRouteUrl(
  root: string,
  route: string,
  query: Record<string, string | number | undefined> = {},
): string {
  const url = new URL(root);
  const path = route.replace(/^\/+/, "");
  if (url.searchParams.has("rest_route")) {
    url.searchParams.set("rest_route", `/${path}`);
  } else {
    if (!url.pathname.endsWith("/")) url.pathname += "/";
    url.pathname += path;
  }
  for (const [k, v] of Object.entries(query))
    if (v !== undefined) url.searchParams.set(k, String(v));
  return url.toString();
}

/** The places a REST root is probed when the site announces none, in order. */
export function restRootCandidates(siteUrl: string): string[] {
  const base = siteUrl.endsWith("/") ? siteUrl : `${siteUrl}/`;
  return [new URL("wp-json/", base).toString(), new URL("?rest_route=/", base).toString()];
}

export interface DiscoverOptions {
  fetch: FetchLike;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** Sent with the probes of the API (some sites answer it to logged-in users only). */
  authorization?: string;
}

/**
 * The REST root of the WordPress site at `siteUrl`.
 * @throws PublishError `PUBLISH_NO_REST_API` when nothing answers like the API; the error of
 *   an answer that shows the API is there but refuses (401, 5xx); the network's error when
 *   the site does not answer at all.
 */
export async function discoverRestRoot(siteUrl: string, opts: DiscoverOptions): Promise<string> {
  const page = await exchange(siteUrl, {
    method: "HEAD",
    timeoutMs: opts.timeoutMs,
    signal: opts.signal,
    fetch: opts.fetch,
  });
  const announced = restRootFromLinkHeader(page.headers.get("link"), page.url);
  if (announced) return announced;
  let serverError: HttpAnswer | undefined = page.status >= 500 ? page : undefined;

  for (const candidate of restRootCandidates(siteUrl)) {
    const answer = await exchange(restRouteUrl(candidate, "", { _fields: "namespaces" }), {
      headers: {
        accept: "application/json",
        ...(opts.authorization ? { authorization: opts.authorization } : {}),
      },
      timeoutMs: opts.timeoutMs,
      signal: opts.signal,
      fetch: opts.fetch,
    });
    const body = parseJson(answer.text);
    if (answer.status >= 200 && answer.status < 300) {
      if (isRecord(body) && Array.isArray(body.namespaces) && body.namespaces.includes("wp/v2")) {
        return candidate;
      }
      continue;
    }
    // The API's own refusal (`{code, message}` JSON): it is there, and says why not.
    if (isRecord(body) && typeof body.code === "string" && answer.status !== 404) {
      throw errorOfAnswer(`WordPress at ${siteUrl}`, answer);
    }
    if (answer.status >= 500) serverError = answer;
  }
  if (serverError) throw errorOfAnswer(`WordPress at ${siteUrl}`, serverError);
  throw new PublishError(
    "PUBLISH_NO_REST_API",
    `no WordPress REST API at ${siteUrl}: no Link rel="${REST_API_LINK_REL}" header, and neither ` +
      `${restRootCandidates(siteUrl).join(" nor ")} answered with the API's index ` +
      "(is the URL the WordPress site's address, and its REST API enabled?)",
  );
}
