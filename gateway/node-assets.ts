/** Node's reader of the dashboard build (`dist/web/`), for `asset-loader.ts`. */
import { readFile } from "node:fs/promises";
import { loadStaticAssets as load } from "./asset-loader.ts";
import type { StaticAssets } from "./assets.ts";

export type { DashboardManifest, ManifestEntry } from "./asset-loader.ts";

/** The build's output next to the compiled gateway: `dist/web/`. */
export const DEFAULT_DASHBOARD_DIR = new URL("../web/", import.meta.url);

export function loadStaticAssets(
  dir: URL = DEFAULT_DASHBOARD_DIR,
): Promise<StaticAssets | undefined> {
  return load(async (file) => {
    try {
      return new Uint8Array(await readFile(new URL(file, dir)));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw err;
    }
  });
}
