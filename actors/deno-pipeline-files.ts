/**
 * Deno entry: reads the built-in pipelines folder and any PIPELINES_PATH folders (mirrors
 * node-pipeline-files.ts; Deno runs the sources, so the built-in folder sits beside this file).
 */
import type { PipelineSnapshot } from "../core/pipeline.ts";
import { loadPipelines, type PipelineSources } from "./pipeline-loader.ts";

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return false;
    throw err;
  }
}

function sortedNames(dir: string): string[] {
  return [...Deno.readDirSync(dir)].map((e) => e.name).sort();
}

/** The absolute, normalised path, a relative one taken from the working folder (like Node's resolve). */
function absolute(path: string): string {
  const parts: string[] = [];
  for (const part of (path.startsWith("/") ? path : `${Deno.cwd()}/${path}`).split("/")) {
    if (part === "..") parts.pop();
    else if (part && part !== ".") parts.push(part);
  }
  return `/${parts.join("/")}`;
}

export function builtInPipelinesDir(): string {
  return decodeURIComponent(new URL("./pipelines", import.meta.url).pathname);
}

export function readPipelineSources(dirs: string[]): PipelineSources {
  const sources: PipelineSources = { pipelines: [], prompts: [] };
  for (const d of dirs) {
    const dir = absolute(d);
    if (!exists(dir)) throw new Error(`pipelines folder ${dir} does not exist`);
    for (const name of sortedNames(dir)) {
      if (name.endsWith(".pipeline.json")) {
        const source = `${dir}/${name}`;
        sources.pipelines.push({ source, text: Deno.readTextFileSync(source) });
      }
    }
    const promptDir = `${dir}/prompts`;
    if (exists(promptDir)) {
      for (const name of sortedNames(promptDir)) {
        if (!name.endsWith(".md")) continue;
        const source = `${promptDir}/${name}`;
        sources.prompts.push({
          id: name.slice(0, -3),
          source,
          text: Deno.readTextFileSync(source),
        });
      }
    }
  }
  return sources;
}

/** Built-in pipelines first, then each PIPELINES_PATH folder (later ones override). */
export async function loadPipelineFiles(extraDirs: string[]): Promise<PipelineSnapshot[]> {
  return await loadPipelines(readPipelineSources([builtInPipelinesDir(), ...extraDirs]));
}
