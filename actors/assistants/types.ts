/**
 * An assistant is the code behind a pipeline stage. It reads the request and earlier
 * outputs, may ask the LLM (with the stage's prompt file), and returns the stage's output.
 */
import type { StageEnvelope } from "../../core/envelope.ts";
import type { PipelineSnapshot, ResolvedStage } from "../../core/pipeline.ts";

export interface AskOptions {
  /** Ask for a JSON object. @default the stage's `response` setting */
  json?: boolean;
  /** Stream the answer to `seo.events.<id>.delta` while the LLM writes it. @default false */
  stream?: boolean;
}

export interface AssistantContext {
  envelope: StageEnvelope;
  pipeline: PipelineSnapshot;
  stage: ResolvedStage;
  signal: AbortSignal;
  /** Renders the stage's prompt with `input` as its fenced JSON block and calls the LLM. */
  ask(input: Record<string, unknown>, opts?: AskOptions): Promise<string>;
  /** The output of the latest earlier stage run by the given assistant, if any. */
  outputOf<T>(assistant: string): T | undefined;
}

export interface Assistant {
  /** Whether the stage needs a prompt file (it calls the LLM). */
  readonly needsPrompt: boolean;
  run(ctx: AssistantContext): Promise<unknown>;
}
