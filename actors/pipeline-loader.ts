/**
 * Turns pipeline and prompt files into resolved, versioned snapshots. Runtime-neutral: the
 * entry reads the files with its runtime's file API and hands their text in.
 */
import {
  PipelineDefinitionError,
  type PipelineSnapshot,
  type Prompt,
  parsePipelineDefinition,
  parsePrompt,
  resolvePipeline,
} from "../core/pipeline.ts";
import { ASSISTANT_NAMES, needsPrompt } from "./assistants/mod.ts";

export interface SourceFile {
  /** Where it came from, for error messages. */
  source: string;
  text: string;
}

export interface PipelineSources {
  /** `*.pipeline.json` files; a later one with the same name wins. */
  pipelines: SourceFile[];
  /** Prompt files by id (`prompts/<id>.md`); a later one with the same id wins. */
  prompts: Array<SourceFile & { id: string }>;
}

export async function loadPipelines(sources: PipelineSources): Promise<PipelineSnapshot[]> {
  const prompts = new Map<string, Prompt>();
  for (const p of sources.prompts) prompts.set(p.id, await parsePrompt(p.id, p.text, p.source));
  const byName = new Map<string, PipelineSnapshot>();
  for (const file of sources.pipelines) {
    let json: unknown;
    try {
      json = JSON.parse(file.text);
    } catch (err) {
      throw new PipelineDefinitionError(
        `${file.source}: not valid JSON: ${(err as Error).message}`,
      );
    }
    const def = parsePipelineDefinition(json, file.source, ASSISTANT_NAMES);
    byName.set(def.name, await resolvePipeline(def, (id) => prompts.get(id), needsPrompt));
  }
  return [...byName.values()];
}

/** Every stage name of the given pipelines (each needs a consumer and actors). */
export function stageNamesOf(pipelines: PipelineSnapshot[]): string[] {
  return [...new Set(pipelines.flatMap((p) => p.stages.map((s) => s.name)))];
}
