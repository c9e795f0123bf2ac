/**
 * OpenAI Chat Completions through the official SDK. The base URL is configurable, so any
 * compatible server works: the emulator, Ollama, vLLM, a proxy.
 */
import OpenAI from "openai";
import { LlmError } from "../../errors.ts";
import type { LlmProvider, LlmRequest, LlmResponse } from "../types.ts";

export interface OpenAiProviderOptions {
  apiKey: string;
  /** @default the SDK's default (api.openai.com) */
  baseUrl?: string;
  /** SDK-level retries (429, 5xx, connection errors). @default 2 */
  maxRetries?: number;
}

/** Maps anything the SDK throws to an LlmError that says whether to retry. */
export function toLlmError(err: unknown, provider: string, model: string): LlmError {
  if (err instanceof LlmError) return err;
  if (err instanceof OpenAI.APIConnectionTimeoutError) {
    return new LlmError(`${provider} ${model}: request timed out`, { retryable: true, cause: err });
  }
  if (err instanceof OpenAI.APIConnectionError) {
    return new LlmError(`${provider} ${model}: connection failed: ${err.message}`, {
      retryable: true,
      cause: err,
    });
  }
  if (err instanceof OpenAI.APIUserAbortError) {
    return new LlmError(`${provider} ${model}: aborted`, { retryable: true, cause: err });
  }
  if (err instanceof OpenAI.APIError && typeof err.status === "number") {
    const status = err.status;
    const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
    return new LlmError(`${provider} ${model}: HTTP ${status}: ${err.message}`, {
      status,
      retryable,
      cause: err,
    });
  }
  return new LlmError(`${provider} ${model}: ${err instanceof Error ? err.message : String(err)}`, {
    retryable: true,
    cause: err,
  });
}

export class OpenAiProvider implements LlmProvider {
  readonly name = "openai";
  readonly #client: OpenAI;

  constructor(opts: OpenAiProviderOptions) {
    this.#client = new OpenAI({
      apiKey: opts.apiKey,
      ...(opts.baseUrl ? { baseURL: opts.baseUrl } : {}),
      maxRetries: opts.maxRetries ?? 2,
    });
  }

  async complete(model: string, req: LlmRequest, timeoutMs: number): Promise<LlmResponse> {
    const started = Date.now();
    try {
      const res = await this.#client.chat.completions.create(
        {
          model,
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
      );
      const text = res.choices[0]?.message?.content ?? "";
      if (!text) {
        throw new LlmError(`${this.name} ${model}: empty answer`, { retryable: true });
      }
      return {
        text,
        provider: this.name,
        model: res.model || model,
        usage: {
          promptTokens: res.usage?.prompt_tokens ?? 0,
          completionTokens: res.usage?.completion_tokens ?? 0,
        },
        latencyMs: Date.now() - started,
      };
    } catch (err) {
      throw toLlmError(err, this.name, model);
    }
  }
}
