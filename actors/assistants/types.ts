/**
 * An assistant is the code behind a pipeline stage. It reads the request and earlier
 * outputs, may ask the LLM (with the stage's prompt file), and returns the stage's output.
 */
import type { StageEnvelope } from "../../core/envelope.ts";
import type { PipelineSnapshot, ResolvedStage } from "../../core/pipeline.ts";
import type { ArtifactStore, GroundingTools, WebTools } from "../grounding/types.ts";
import type { SiteContext } from "../sites.ts";

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
  /** Search and page reading, when a search provider is configured. */
  grounding?: GroundingTools;
  /** The workflow artifacts store (`seo-artifacts`), absent in tools that have none. */
  artifacts?: ArtifactStore;
  /** Reads a web page (the existing article of a refresh). */
  web?: WebTools;
  /** The request's site (`site`), from the sites file. */
  site?: SiteContext;
  /** Renders the stage's prompt with `input` as its fenced JSON block and calls the LLM. */
  ask(input: Record<string, unknown>, opts?: AskOptions): Promise<string>;
  /**
   * Asks to send the workflow back to the stage the pipeline's `revise` rule names, once
   * this stage finishes (its output still travels on). False when the stage has no rule or
   * the workflow used its revisions up; the caller then goes on as usual.
   */
  requestRevision(reason: string): boolean;
  /** The output of the latest earlier stage run by the given assistant, if any. */
  outputOf<T>(assistant: string): T | undefined;
}

/**
 * The code behind a stage. What `run` returns is checked by its entry in `OUTPUT_CHECKS`
 * (output-checks.ts) where outputs come from outside the workflow: a rerun's edited and
 * reused ones.
 */
export interface Assistant {
  /** Whether the stage needs a prompt file (it calls the LLM). */
  readonly needsPrompt: boolean;
  run(ctx: AssistantContext): Promise<unknown>;
}
