/**
 * One pipeline stage's own work for a peer benchmark: the engine's assistant for the stage
 * (`actors/assistants/`), its prompt rendered the engine's way, the LLM client asked the
 * engine's way. The BullMQ pipeline runs its stages through this, so the peer does exactly
 * the per-stage work the engine's stage handler does between its fetch and its publish.
 */
import { ASSISTANTS } from "../../actors/assistants/mod.ts";
import type { AssistantContext } from "../../actors/assistants/types.ts";
import { renderPrompt } from "../../actors/prompt-input.ts";
import type { StageEnvelope } from "../../core/envelope.ts";
import type { LlmClient, LlmUsage } from "../../core/llm/types.ts";
import type { PipelineSnapshot, ResolvedStage } from "../../core/pipeline.ts";

export interface StageRunResult {
  output: unknown;
  llmCalls: number;
  usage: LlmUsage;
  costUsd: number;
  model?: string;
  provider?: string;
}

/** Runs `stage`'s assistant on `envelope` with `llm`; throws what the assistant throws. */
export async function runStageAssistant(
  llm: LlmClient,
  envelope: StageEnvelope,
  pipeline: PipelineSnapshot,
  stage: ResolvedStage,
  signal: AbortSignal = new AbortController().signal,
): Promise<StageRunResult> {
  const assistant = ASSISTANTS[stage.assistant];
  if (!assistant) throw new TypeError(`stage ${stage.name}: unknown assistant ${stage.assistant}`);
  const run: StageRunResult = {
    output: undefined,
    llmCalls: 0,
    usage: { promptTokens: 0, completionTokens: 0 },
    costUsd: 0,
  };
  const idx = pipeline.stages.findIndex((s) => s.name === stage.name);
  const ctx: AssistantContext = {
    envelope,
    pipeline,
    stage,
    signal,
    async ask(input, opts = {}) {
      if (!stage.prompt) throw new TypeError(`stage ${stage.name} has no prompt`);
      const { system, user } = renderPrompt(stage.prompt, envelope.request, input);
      const res = await llm.complete({
        system,
        user,
        json: opts.json ?? stage.response === "json",
        taskClass: stage.taskClass,
        task: stage.assistant,
        stage: stage.name,
        workflowId: envelope.workflowId,
        ...(stage.prompt.version ? { promptVersion: stage.prompt.version } : {}),
        signal,
      });
      run.llmCalls++;
      run.usage.promptTokens += res.usage.promptTokens;
      run.usage.completionTokens += res.usage.completionTokens;
      run.costUsd += res.costUsd;
      run.model = res.model;
      run.provider = res.provider;
      return res.text;
    },
    outputOf<T>(kind: string): T | undefined {
      for (let i = idx - 1; i >= 0; i--) {
        const s = pipeline.stages[i]!;
        if (s.assistant === kind && envelope.outputs[s.name] !== undefined)
          return envelope.outputs[s.name] as T;
      }
      return undefined;
    },
  };
  run.output = await assistant.run(ctx);
  return run;
}
