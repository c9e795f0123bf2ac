/**
 * Node loader of the dashboard's built files: reads `manifest.json` in the build folder
 * (written by scripts/build-dashboard.mjs) and every file it lists, with their `.br` and
 * `.gz` copies, once at start, into the map the runtime-free app serves.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { StaticAsset, StaticAssets } from "./assets.ts";

/** The build's output next to the compiled gateway: `dist/web/`. */
export const DEFAULT_DASHBOARD_DIR = new URL("../web/", import.meta.url);

/** One file of the build, as `manifest.json` lists it under its URL path. */
export interface ManifestEntry {
  /** Path of the file in the build folder. */
  file: string;
  contentType: string;
  /** Whether the name carries the content's hash. */
  immutable: boolean;
  /** Paths of the compressed copies, when there are any. */
  br?: string;
  gz?: string;
}

export interface DashboardManifest {
  files: Record<string, ManifestEntry>;
}

/**
 * The built dashboard in `dir`, or undefined when it has not been built (no manifest).
 * The ETag is a hash of the bytes read, so it is right even for a file edited after the build.
 */
export async function loadStaticAssets(
  dir: URL = DEFAULT_DASHBOARD_DIR,
): Promise<StaticAssets | undefined> {
  let text: string;
  try {
    text = await readFile(new URL("manifest.json", dir), "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  const manifest = JSON.parse(text) as DashboardManifest;
  const read = async (file: string) => new Uint8Array(await readFile(new URL(file, dir)));
  const assets = new Map<string, StaticAsset>();
  for (const [path, e] of Object.entries(manifest.files)) {
    const body = await read(e.file);
    const digest = createHash("sha256").update(body).digest("base64url").slice(0, 27);
    assets.set(path, {
      body,
      ...(e.br ? { br: await read(e.br) } : {}),
      ...(e.gz ? { gz: await read(e.gz) } : {}),
      etag: `"${digest}"`,
      contentType: e.contentType,
      immutable: e.immutable,
    });
  }
  return assets;
}
