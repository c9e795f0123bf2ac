/** Node entry: reads the built-in pipelines folder and any PIPELINES_PATH folders. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { PipelineSnapshot } from "../core/pipeline.ts";
import { loadPipelines, type PipelineSources } from "./pipeline-loader.ts";

/** The repository root: the nearest folder above this file that has `actors/pipelines`. */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, "actors", "pipelines")) && existsSync(join(dir, "package.json")))
      return dir;
    dir = dirname(dir);
  }
  throw new Error("cannot find the seo-farm project root (a folder with actors/pipelines)");
}

export function builtInPipelinesDir(): string {
  return join(projectRoot(), "actors", "pipelines");
}

export function readPipelineSources(dirs: string[]): PipelineSources {
  const sources: PipelineSources = { pipelines: [], prompts: [] };
  for (const d of dirs) {
    const dir = resolve(d);
    if (!existsSync(dir)) throw new Error(`pipelines folder ${dir} does not exist`);
    for (const name of readdirSync(dir).sort()) {
      if (name.endsWith(".pipeline.json")) {
        const source = join(dir, name);
        sources.pipelines.push({ source, text: readFileSync(source, "utf8") });
      }
    }
    const promptDir = join(dir, "prompts");
    if (existsSync(promptDir)) {
      for (const name of readdirSync(promptDir).sort()) {
        if (!name.endsWith(".md")) continue;
        const source = join(promptDir, name);
        sources.prompts.push({ id: name.slice(0, -3), source, text: readFileSync(source, "utf8") });
      }
    }
  }
  return sources;
}

/** Built-in pipelines first, then each PIPELINES_PATH folder (later ones override). */
export async function loadPipelineFiles(extraDirs: string[]): Promise<PipelineSnapshot[]> {
  return await loadPipelines(readPipelineSources([builtInPipelinesDir(), ...extraDirs]));
}
