/**
 * What a batch will cost, before it starts: tokens per workflow from its word count and
 * its pipeline's stages, priced with each stage's first model. A heuristic, documented as
 * such; calibrated on the default pipeline (a 1,200-word article spends roughly 9k prompt
 * and 3k completion tokens over six stages).
 */
import type { BatchEstimate } from "../core/batches.ts";
import type { SeoFarmConfig, TaskClass } from "../core/config.ts";
import { costUsd } from "../core/llm/pricing.ts";
import { routeFor } from "../core/llm/routes.ts";

/** Tokens per word of English prose (other languages run a little higher). */
const TOKENS_PER_WORD = 1.4;

export interface EstimateStage {
  assistant: string;
  taskClass: TaskClass;
  /** The stage makes no LLM call (assemble). */
  llm: boolean;
}

/** Prompt and completion tokens of one stage for an article of `words` words. */
export function stageTokens(
  assistant: string,
  words: number,
): { prompt: number; completion: number } {
  const article = words * TOKENS_PER_WORD;
  switch (assistant) {
    case "research":
      return { prompt: 600, completion: 500 };
    case "outline":
      return { prompt: 1_100, completion: 450 };
    case "draft":
      return { prompt: 1_400, completion: Math.round(article) };
    case "optimise":
    case "review":
      // Both read the draft.
      return { prompt: Math.round(900 + article), completion: 450 };
    default:
      return { prompt: Math.round(500 + article / 2), completion: 300 };
  }
}

export function estimateBatch(
  items: Array<{ wordCount: number }>,
  stages: EstimateStage[],
  config: Pick<SeoFarmConfig, "routes" | "prices">,
): BatchEstimate {
  let prompt = 0;
  let completion = 0;
  let usd = 0;
  for (const item of items) {
    for (const s of stages) {
      if (!s.llm) continue;
      const t = stageTokens(s.assistant, item.wordCount);
      prompt += t.prompt;
      completion += t.completion;
      const model = routeFor(s.taskClass, config.routes)[0]?.model;
      if (model)
        usd += costUsd(
          model,
          { promptTokens: t.prompt, completionTokens: t.completion },
          config.prices,
        );
    }
  }
  return {
    workflows: items.length,
    promptTokens: prompt,
    completionTokens: completion,
    costUsd: Math.round(usd * 10_000) / 10_000,
    basis:
      "heuristic: tokens per stage from each request's word count, priced with each stage's first model; cache hits would make it cheaper",
  };
}
