/**
 * The dashboard's built files, served the way a CDN in front of the gateway wants them:
 * content-hashed assets cached for a year and never revalidated, the HTML revalidated on
 * every use with a strong ETag (a 304 costs a few bytes), brotli or gzip copies made at
 * build time and chosen by `Accept-Encoding`, with `Vary` so shared caches keep them apart.
 *
 * The runtime entry reads the files once at start and passes them in as a map; requests
 * only look paths up in it, so no request path ever reaches a file system (`..`, encoded
 * dots or backslashes simply name no entry) and the app stays free of any runtime.
 */
import { Hono } from "hono";
import type { GatewayEnv } from "./context.ts";
import { problem, problemResponse } from "./problem.ts";

export interface StaticAsset {
  /** The file's bytes, uncompressed. */
  body: Uint8Array<ArrayBuffer>;
  /** Its brotli copy, when the build made one. */
  br?: Uint8Array<ArrayBuffer>;
  /** Its gzip copy, when the build made one. */
  gz?: Uint8Array<ArrayBuffer>;
  /** Strong ETag of the uncompressed body, quoted (`"…"`); the compressed copies add a suffix. */
  etag: string;
  contentType: string;
  /** The name carries a hash of the content: cached for a year and never revalidated. */
  immutable: boolean;
}

/** URL path (`/index.html`, `/assets/main-1a2b3c4d5e.js`) → the built file. */
export type StaticAssets = ReadonlyMap<string, StaticAsset>;

/** The entry document, served at `/` and `/dashboard`. */
export const INDEX_PATH = "/index.html";

/** Hashed assets: a new build has new names, so a cached copy is never wrong. */
export const IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";

/**
 * The HTML names the current build's assets, and this origin serves only those: every use
 * revalidates (a 304 when unchanged). No `s-maxage` / `stale-while-revalidate` here: a CDN
 * serving stale HTML after a deploy would ask for assets the origin no longer has.
 */
export const REVALIDATE_CACHE_CONTROL = "no-cache";

export type ContentCoding = "br" | "gzip";

/**
 * The coding to send for an `Accept-Encoding` header (RFC 9110 §12.5.3): the acceptable one
 * with the highest q-value among those the asset has, unless `identity` is asked for with a
 * higher one; on a tie brotli, then gzip (smaller first). `null` is the uncompressed body,
 * also when nothing is acceptable.
 */
export function chooseEncoding(
  acceptEncoding: string | null | undefined,
  available: { br: boolean; gzip: boolean },
): ContentCoding | null {
  if (!acceptEncoding) return null;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(",")) {
    const [name = "", ...params] = part.split(";").map((s) => s.trim().toLowerCase());
    if (!name) continue;
    let q = 1;
    for (const p of params) {
      const m = /^q=([01](?:\.\d{0,3})?)$/.exec(p);
      if (m) q = Number(m[1]);
    }
    weights.set(name, q);
  }
  const star = weights.get("*");
  const weightOf = (coding: string) =>
    weights.get(coding) ?? (coding === "gzip" ? weights.get("x-gzip") : undefined) ?? star ?? 0;
  // identity is always acceptable but preferred over a coding only when named (or by `*`)
  // with a higher q-value: a client that lists gzip at all wants it, whatever its q.
  const identity = weights.get("identity") ?? star ?? 0;
  let best: ContentCoding | null = null;
  let bestQ = 0;
  for (const coding of ["br", "gzip"] as const) {
    const q = available[coding] ? weightOf(coding) : 0;
    if (q > bestQ) {
      best = coding;
      bestQ = q;
    }
  }
  return best && bestQ >= identity ? best : null;
}

/** The ETag of one coding of the asset: each representation has its own strong validator. */
export function etagFor(etag: string, coding: ContentCoding | null): string {
  if (!coding) return etag;
  return `${etag.slice(0, -1)}-${coding === "br" ? "br" : "gz"}"`;
}

/** Whether `If-None-Match` names `etag` (weak comparison, as RFC 9110 §13.1.2 asks). */
export function noneMatchHits(ifNoneMatch: string | null | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  return ifNoneMatch
    .split(",")
    .map((t) => t.trim().replace(/^W\//, ""))
    .includes(etag);
}

/** The answer for `asset` to a GET or HEAD with these request headers. */
export function assetResponse(asset: StaticAsset, headers: Headers): Response {
  const coding = chooseEncoding(headers.get("Accept-Encoding"), {
    br: asset.br !== undefined,
    gzip: asset.gz !== undefined,
  });
  const etag = etagFor(asset.etag, coding);
  const out = new Headers({
    "Cache-Control": asset.immutable ? IMMUTABLE_CACHE_CONTROL : REVALIDATE_CACHE_CONTROL,
    ETag: etag,
  });
  if (asset.br || asset.gz) out.set("Vary", "Accept-Encoding");
  if (noneMatchHits(headers.get("If-None-Match"), etag)) {
    return new Response(null, { status: 304, headers: out });
  }
  const body = coding === "br" ? asset.br! : coding === "gzip" ? asset.gz! : asset.body;
  out.set("Content-Type", asset.contentType);
  out.set("Content-Length", String(body.byteLength));
  if (coding) out.set("Content-Encoding", coding);
  return new Response(body, { status: 200, headers: out });
}

/**
 * `GET`/`HEAD` of the dashboard: `/`, `/dashboard` (the HTML) and `/assets/*`. They need no
 * API key: the files hold no data, and the page asks for a key before it calls `/v1/*`.
 */
export function staticRoutes(assets: StaticAssets) {
  const app = new Hono<GatewayEnv>();
  const serve = (path: string, method: string, headers: Headers): Response => {
    const asset = assets.get(path);
    if (!asset) {
      return problemResponse(problem(404, "not-found", "Not found", `no file at ${path}`));
    }
    // Hono answers HEAD with the GET handler's headers and no body.
    if (method !== "GET" && method !== "HEAD") {
      return problemResponse(
        problem(405, "method-not-allowed", "Method not allowed", "files are read with GET"),
        { Allow: "GET, HEAD" },
      );
    }
    return assetResponse(asset, headers);
  };
  for (const path of ["/", "/dashboard", "/dashboard/"]) {
    app.all(path, (c) => serve(INDEX_PATH, c.req.method, c.req.raw.headers));
  }
  app.all("/assets/*", (c) => serve(c.req.path, c.req.method, c.req.raw.headers));
  return app;
}
