/**
 * Loads the dashboard's built files — `manifest.json` in the build folder (written by
 * scripts/build-dashboard.mjs) and every file it lists, with their `.br` and `.gz` copies —
 * into the map the runtime-free app serves. The runtime entry passes its file reader.
 */
import type { StaticAsset, StaticAssets } from "./assets.ts";

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

/** Reads a file of the build folder; resolves to undefined when it does not exist. */
export type BuildFileReader = (
  relativePath: string,
) => Promise<Uint8Array<ArrayBuffer> | undefined>;

function base64url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * The built dashboard, or undefined when it has not been built (no manifest). The ETag is
 * a hash of the bytes read, so it is right even for a file edited after the build.
 */
export async function loadStaticAssets(read: BuildFileReader): Promise<StaticAssets | undefined> {
  const manifestBytes = await read("manifest.json");
  if (!manifestBytes) return undefined;
  const manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as DashboardManifest;
  const must = async (file: string): Promise<Uint8Array<ArrayBuffer>> => {
    const bytes = await read(file);
    if (!bytes) throw new Error(`the dashboard build lists ${file}, which is missing: rebuild it`);
    return bytes;
  };
  const assets = new Map<string, StaticAsset>();
  for (const [path, e] of Object.entries(manifest.files)) {
    const body = await must(e.file);
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
    assets.set(path, {
      body,
      ...(e.br ? { br: await must(e.br) } : {}),
      ...(e.gz ? { gz: await must(e.gz) } : {}),
      etag: `"${base64url(digest).slice(0, 27)}"`,
      contentType: e.contentType,
      immutable: e.immutable,
    });
  }
  return assets;
}
