/**
 * The dashboard's built files over real HTTP from the gateway, with API keys on: served
 * without a key, hashed assets immutable for a year, the HTML revalidated with an ETag (304),
 * brotli and gzip by Accept-Encoding with Vary, HEAD, and nothing outside the build reachable.
 * Raw node:http requests, so neither the path nor the encoding is normalised by a client.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import http from "node:http";
import { after, before, describe, test } from "node:test";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { startStack, type TestStack } from "../test/helpers/stack.ts";
import { IMMUTABLE_CACHE_CONTROL } from "./assets.ts";

let stack: TestStack;
let base: URL;
before(async () => {
  stack = await startStack({ env: { GATEWAY_API_KEYS: "dash:dashboard-secret-0123456789" } });
  base = new URL(stack.gateway!.url);
});
after(async () => await stack?.stop());

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function raw(path: string, opts: { method?: string; headers?: Record<string, string> } = {}) {
  return new Promise<RawResponse>((resolve, reject) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        path,
        method: opts.method ?? "GET",
        headers: opts.headers ?? {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/** The hashed asset paths index.html names. */
async function assetPaths(): Promise<string[]> {
  const html = (await raw("/dashboard")).body.toString();
  return [...html.matchAll(/"(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
}

describe("dashboard files", () => {
  test("the HTML is served at / and /dashboard without an API key, revalidated, with its CSP", async () => {
    const page = await raw("/dashboard");
    assert.equal(page.status, 200);
    assert.equal(page.headers["content-type"], "text/html; charset=utf-8");
    assert.equal(page.headers["cache-control"], "no-cache");
    assert.match(String(page.headers.etag), /^"[A-Za-z0-9_-]+"$/, "a strong ETag");
    assert.match(String(page.headers["content-security-policy"]), /script-src 'self'/);
    assert.match(page.body.toString(), /<title>seo-farm dashboard<\/title>/);
    assert.doesNotMatch(page.body.toString(), /<script>|style=/, "nothing inline");
    const root = await raw("/");
    assert.equal(root.status, 200);
    assert.deepEqual(root.body, page.body);
    // The API itself still asks for the key.
    assert.equal((await raw("/v1/workflows")).status, 401);
  });

  test("If-None-Match with the ETag → 304 without a body; another ETag → 200", async () => {
    const first = await raw("/dashboard");
    const etag = String(first.headers.etag);
    const again = await raw("/dashboard", { headers: { "If-None-Match": etag } });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    assert.equal(again.headers.etag, etag);
    assert.equal(again.headers["cache-control"], "no-cache");
    const weak = await raw("/dashboard", { headers: { "If-None-Match": `"old", W/${etag}` } });
    assert.equal(weak.status, 304);
    const stale = await raw("/dashboard", { headers: { "If-None-Match": '"old"' } });
    assert.equal(stale.status, 200);
    assert.deepEqual(stale.body, first.body);
  });

  test("hashed assets are immutable for a year and named by their content", async () => {
    const paths = await assetPaths();
    assert.ok(
      paths.some((p) => /\/main-[0-9a-f]{10}\.js$/.test(p)),
      paths.join(" "),
    );
    assert.ok(
      paths.some((p) => /\/styles-[0-9a-f]{10}\.css$/.test(p)),
      paths.join(" "),
    );
    for (const path of paths) {
      const res = await raw(path);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers["cache-control"], IMMUTABLE_CACHE_CONTROL);
      assert.equal(res.headers["cache-control"], "public, max-age=31536000, immutable");
      const hash = /-([0-9a-f]{10})\.\w+$/.exec(path)![1];
      assert.equal(createHash("sha256").update(res.body).digest("hex").slice(0, 10), hash, path);
    }
    const js = await raw(paths.find((p) => p.endsWith(".js"))!);
    assert.equal(js.headers["content-type"], "text/javascript; charset=utf-8");
    // The gzipped bundle stays within the dashboard's budget (60 KB).
    const gz = await raw(paths.find((p) => p.endsWith(".js"))!, {
      headers: { "Accept-Encoding": "gzip" },
    });
    assert.ok(gz.body.length < 60 * 1024, `${gz.body.length} bytes gzipped`);
  });

  test("br and gzip by Accept-Encoding decode to the same bytes, with Vary and their own ETags", async () => {
    for (const path of ["/dashboard", ...(await assetPaths())]) {
      const plain = await raw(path);
      assert.equal(plain.headers["content-encoding"], undefined, path);
      assert.equal(plain.headers.vary, "Accept-Encoding", path);
      const br = await raw(path, { headers: { "Accept-Encoding": "gzip, deflate, br" } });
      assert.equal(br.headers["content-encoding"], "br", path);
      assert.equal(br.headers.vary, "Accept-Encoding");
      assert.equal(Number(br.headers["content-length"]), br.body.length);
      assert.deepEqual(brotliDecompressSync(br.body), plain.body, path);
      const gz = await raw(path, { headers: { "Accept-Encoding": "br;q=0.5, gzip" } });
      assert.equal(gz.headers["content-encoding"], "gzip", path);
      assert.deepEqual(gunzipSync(gz.body), plain.body, path);
      const etags = new Set([plain.headers.etag, br.headers.etag, gz.headers.etag]);
      assert.equal(etags.size, 3, "each representation has its own ETag");
      const cached = await raw(path, {
        headers: { "Accept-Encoding": "br", "If-None-Match": String(br.headers.etag) },
      });
      assert.equal(cached.status, 304);
      assert.equal(cached.headers.vary, "Accept-Encoding");
      const other = await raw(path, {
        headers: { "Accept-Encoding": "gzip", "If-None-Match": String(br.headers.etag) },
      });
      assert.equal(other.status, 200, "the brotli ETag does not validate the gzip copy");
    }
  });

  test("HEAD answers the headers of GET without the body", async () => {
    const [js] = (await assetPaths()).filter((p) => p.endsWith(".js"));
    const get = await raw(js!, { headers: { "Accept-Encoding": "br" } });
    const head = await raw(js!, { method: "HEAD", headers: { "Accept-Encoding": "br" } });
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    for (const h of [
      "content-type",
      "content-length",
      "content-encoding",
      "etag",
      "cache-control",
    ]) {
      assert.equal(head.headers[h], get.headers[h], h);
    }
    const post = await raw(js!, { method: "POST" });
    assert.equal(post.status, 405);
    assert.equal(post.headers.allow, "GET, HEAD");
  });

  test("unknown paths and traversal attempts get a 404 problem, never a file", async () => {
    const attempts = [
      "/assets/nope-0123456789.js",
      "/assets/",
      "/assets/../package.json",
      "/assets/%2e%2e/package.json",
      "/assets/%2e%2e%2fpackage.json",
      "/assets/..%2f..%2fpackage.json",
      "/assets/%2e%2e%2f%2e%2e%2fpackage.json",
      "/assets/%5c..%5cpackage.json",
      "/assets/..%5c..%5cpackage.json",
      "/assets/manifest.json",
      "/manifest.json",
      "/index.html.br",
      "/assets/../web/index.html",
    ];
    for (const path of attempts) {
      const res = await raw(path);
      assert.equal(res.status, 404, path);
      assert.equal(res.headers["content-type"], "application/problem+json", path);
      assert.doesNotMatch(res.body.toString(), /devDependencies|"files"|<html/, path);
    }
    // A raw backslash never reaches the app: Node's adapter refuses the request target.
    const backslash = await raw("/assets/..\\..\\package.json");
    assert.ok(backslash.status >= 400 && backslash.status < 500, String(backslash.status));
    assert.doesNotMatch(backslash.body.toString(), /devDependencies/);
  });
});
