/**
 * OpenAI Chat Completions through the official SDK. The base URL is configurable, so any
 * compatible server works: the emulator, Ollama, vLLM, a proxy. Retries are the router's
 * (the SDK's own are off), so one policy decides for every provider.
 */
import OpenAI from "openai";
import { LlmError } from "../../errors.ts";
import type { LlmProvider, LlmRequest, ProviderAnswer } from "../types.ts";
import { numberHeader, parseDuration, toLlmError } from "./errors.ts";

export interface OpenAiProviderOptions {
  apiKey: string;
  /** @default the SDK's default (api.openai.com) */
  baseUrl?: string;
}

export class OpenAiProvider implements LlmProvider {
  readonly name = "openai";
  readonly #client: OpenAI;

  constructor(opts: OpenAiProviderOptions) {
    this.#client = new OpenAI({
      apiKey: opts.apiKey,
      ...(opts.baseUrl ? { baseURL: opts.baseUrl } : {}),
      maxRetries: 0,
    });
  }

  async complete(model: string, req: LlmRequest, timeoutMs: number): Promise<ProviderAnswer> {
    const started = Date.now();
    try {
      const { data: res, response } = await this.#client.chat.completions
        .create(
          {
            model,
            // Stable system prompt first: OpenAI's automatic prefix caching applies to it.
            messages: [
              { role: "system", content: req.system },
              { role: "user", content: req.user },
            ],
            ...(req.json ? { response_format: { type: "json_object" as const } } : {}),
            ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
            ...(req.maxTokens !== undefined ? { max_completion_tokens: req.maxTokens } : {}),
          },
          {
            timeout: timeoutMs,
            headers: {
              "X-Seo-Farm-Task": req.task,
              "X-Seo-Farm-Stage": req.stage,
              "X-Seo-Farm-Workflow": req.workflowId,
            },
            ...(req.signal ? { signal: req.signal } : {}),
          },
        )
        .withResponse();
      const text = res.choices[0]?.message?.content ?? "";
      if (!text) throw new LlmError(`${this.name} ${model}: empty answer`, { retryable: true });
      const answer: ProviderAnswer = {
        text,
        model: res.model || model,
        usage: {
          promptTokens: res.usage?.prompt_tokens ?? 0,
          completionTokens: res.usage?.completion_tokens ?? 0,
          cachedPromptTokens: res.usage?.prompt_tokens_details?.cached_tokens ?? 0,
        },
        latencyMs: Date.now() - started,
      };
      const remainingRequests = numberHeader(response.headers, "x-ratelimit-remaining-requests");
      if (remainingRequests !== undefined) {
        const reset = parseDuration(response.headers.get("x-ratelimit-reset-requests"));
        const remainingTokens = numberHeader(response.headers, "x-ratelimit-remaining-tokens");
        answer.quota = {
          remainingRequests,
          ...(remainingTokens !== undefined ? { remainingTokens } : {}),
          ...(reset !== undefined ? { resetAt: Date.now() + reset } : {}),
        };
      }
      return answer;
    } catch (err) {
      throw toLlmError(err, this.name, model);
    }
  }
}
