#!/usr/bin/env node
// Builds the dashboard (gateway/web) into dist/web for the gateway and any CDN in front of it:
// - the TypeScript bundled and minified by esbuild, the CSS minified, the icon copied, each
//   under a content-hashed name in assets/ (cached for a year, immutable);
// - index.html naming those files (revalidated on every use, with an ETag);
// - a brotli (.br) and a gzip (.gz) copy of every file, served by Accept-Encoding;
// - manifest.json: URL path → file, content type, whether immutable, its compressed copies.
// Fails when the gzipped JavaScript passes the budget (issue #5: under 60 KB).
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const src = join(root, "gateway", "web");
const out = join(root, "dist", "web");
const JS_GZIP_BUDGET = 60 * 1024;

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
};

async function bundle(entry, loader) {
  const result = await build({
    entryPoints: [join(src, entry)],
    bundle: true,
    minify: true,
    format: "esm",
    target: ["es2022", "chrome111", "firefox113", "safari16.4"],
    legalComments: "none",
    write: false,
    charset: "utf8",
    logLevel: "warning",
    ...(loader ? { loader } : {}),
  });
  return Buffer.from(result.outputFiles[0].contents);
}

/** `main.ts` → `main-<10 hex of the content's SHA-256>.js` */
function hashedName(source, ext, body) {
  const base = source.replace(/\.[^.]+$/, "");
  return `${base}-${createHash("sha256").update(body).digest("hex").slice(0, 10)}${ext}`;
}

const assets = [
  ["main.ts", ".js", await bundle("main.ts")],
  ["styles.css", ".css", await bundle("styles.css")],
  ["icon.svg", ".svg", readFileSync(join(src, "icon.svg"))],
];

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "assets"), { recursive: true });
const manifest = { files: {} };
const sizes = [];

function emit(urlPath, file, body, contentType, immutable) {
  writeFileSync(join(out, file), body);
  const gz = gzipSync(body, { level: 9 });
  const br = brotliCompressSync(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
  writeFileSync(join(out, `${file}.gz`), gz);
  writeFileSync(join(out, `${file}.br`), br);
  manifest.files[urlPath] = {
    file,
    contentType,
    immutable,
    br: `${file}.br`,
    gz: `${file}.gz`,
    bytes: body.length,
    gzipBytes: gz.length,
    brBytes: br.length,
  };
  sizes.push([urlPath, body.length, gz.length, br.length]);
}

let html = readFileSync(join(src, "index.html"), "utf8");
for (const [source, ext, body] of assets) {
  const name = hashedName(source, ext, body);
  emit(`/assets/${name}`, `assets/${name}`, body, TYPES[ext], true);
  const ref = `"${source}"`;
  if (!html.includes(ref)) throw new Error(`index.html does not reference ${source}`);
  html = html.replaceAll(ref, `"/assets/${name}"`);
}
emit("/index.html", "index.html", Buffer.from(html), TYPES[".html"], false);
writeFileSync(join(out, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
for (const [path, raw, gz, br] of sizes) {
  console.error(`[dashboard] ${path}: ${kb(raw)}, gzip ${kb(gz)}, brotli ${kb(br)}`);
}
const jsGzip = sizes.filter(([p]) => p.endsWith(".js")).reduce((n, [, , gz]) => n + gz, 0);
console.error(`[dashboard] JavaScript gzipped: ${kb(jsGzip)} (budget ${kb(JS_GZIP_BUDGET)})`);
if (jsGzip > JS_GZIP_BUDGET) {
  console.error(`[dashboard] over budget by ${kb(jsGzip - JS_GZIP_BUDGET)}`);
  process.exit(1);
}
