/**
 * The LLM contract. A provider turns one request into one answer; the router picks the
 * provider and model, retries, falls back, limits and prices. Stages talk only to
 * `LlmClient`, so tests and benchmarks can swap what stands behind it.
 */
import type { TaskClass } from "../config.ts";

/** One model to try, in a route's order. */
export interface RouteStep {
  provider: string;
  model: string;
  timeoutMs: number;
}

export interface LlmRequest {
  system: string;
  user: string;
  /** Ask for a JSON object (provider JSON mode, or an instruction where there is none). */
  json: boolean;
  taskClass: TaskClass;
  /** The assistant kind (research, outline, …); sent as `X-Seo-Farm-Task` for observability. */
  task: string;
  stage: string;
  workflowId: string;
  /** Version of the prompt that produced system/user (cache keys carry it). */
  promptVersion?: string;
  /** A stage's own route, overriding the task class's. */
  route?: RouteStep[];
  temperature?: number;
  maxTokens?: number;
  signal?: AbortSignal;
  /** Streams the answer: called with each piece of text as the provider sends it. */
  onDelta?: (text: string) => void;
  /**
   * `use` the LLM cache (default), `refresh` it (call upstream, store the answer) or
   * `bypass` it (call upstream, store nothing).
   */
  cache?: "use" | "refresh" | "bypass";
  /** Batch work waits for a provider slot behind interactive work. @default "interactive" */
  priority?: "interactive" | "batch";
}

export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens served from the provider's prompt cache (included in promptTokens). */
  cachedPromptTokens?: number;
}

/** What a provider answers for one call. */
export interface ProviderAnswer {
  text: string;
  model: string;
  usage: LlmUsage;
  latencyMs: number;
  /** The provider's quota headers: calls left in the window and when it resets. */
  quota?: { remainingRequests?: number; remainingTokens?: number; resetAt?: number };
}

export interface LlmResponse extends ProviderAnswer {
  provider: string;
  /** USD, from the price table; 0 for an unpriced model. */
  costUsd: number;
  /** Calls made for this answer (1 = first try), over every model of the route. */
  attempts: number;
  /** Answered by a model after the first of its route. */
  fallback: boolean;
  /** Served from the seo-llm-cache bucket: no upstream call was made. */
  cacheHit?: boolean;
}

/** One backend: OpenAI (or any compatible server), Anthropic, … */
export interface LlmProvider {
  readonly name: string;
  complete(model: string, req: LlmRequest, timeoutMs: number): Promise<ProviderAnswer>;
}

/** What a stage calls. */
export interface LlmClient {
  complete(req: LlmRequest): Promise<LlmResponse>;
}
