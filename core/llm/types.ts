/**
 * The LLM contract. A provider turns one request into one answer; the router picks the
 * provider and model. Stages talk only to `LlmClient`, so tests and benchmarks can swap
 * what stands behind it.
 */
import type { TaskClass } from "../config.ts";

export interface LlmRequest {
  system: string;
  user: string;
  /** Ask for a JSON object (provider JSON mode). */
  json: boolean;
  taskClass: TaskClass;
  /** The assistant kind (research, outline, …); sent as `X-Seo-Farm-Task` for observability. */
  task: string;
  stage: string;
  workflowId: string;
  temperature?: number;
  maxTokens?: number;
  signal?: AbortSignal;
}

export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface LlmResponse {
  text: string;
  provider: string;
  model: string;
  usage: LlmUsage;
  latencyMs: number;
}

/** One backend: OpenAI (or any compatible server), Anthropic, … */
export interface LlmProvider {
  readonly name: string;
  complete(model: string, req: LlmRequest, timeoutMs: number): Promise<LlmResponse>;
}

/** What a stage calls. */
export interface LlmClient {
  complete(req: LlmRequest): Promise<LlmResponse>;
}
