/**
 * Anthropic Messages through the official SDK. The system prompt is sent as a cacheable
 * block (`cache_control`), so repeated stages read it from Anthropic's prompt cache. There
 * is no JSON mode: a JSON request gets an explicit instruction instead.
 */
import Anthropic from "@anthropic-ai/sdk";
import { LlmError } from "../../errors.ts";
import type { LlmProvider, LlmRequest, ProviderAnswer } from "../types.ts";
import { numberHeader, toLlmError } from "./errors.ts";

export interface AnthropicProviderOptions {
  apiKey: string;
  /** The API root without `/v1`. @default the SDK's default (api.anthropic.com) */
  baseUrl?: string;
  /** max_tokens when the request sets none (Anthropic requires one). @default 8192 */
  defaultMaxTokens?: number;
}

export const JSON_INSTRUCTION =
  "Answer with one JSON object and nothing else: no prose before or after it, no code fence.";

export class AnthropicProvider implements LlmProvider {
  readonly name = "anthropic";
  readonly #client: Anthropic;
  readonly #defaultMaxTokens: number;

  constructor(opts: AnthropicProviderOptions) {
    this.#client = new Anthropic({
      apiKey: opts.apiKey,
      ...(opts.baseUrl ? { baseURL: opts.baseUrl } : {}),
      maxRetries: 0,
    });
    this.#defaultMaxTokens = opts.defaultMaxTokens ?? 8192;
  }

  async complete(model: string, req: LlmRequest, timeoutMs: number): Promise<ProviderAnswer> {
    const started = Date.now();
    try {
      const { data: res, response } = await this.#client.messages
        .create(
          {
            model,
            max_tokens: req.maxTokens ?? this.#defaultMaxTokens,
            system: [
              {
                type: "text",
                text: req.json ? `${req.system}\n\n${JSON_INSTRUCTION}` : req.system,
                cache_control: { type: "ephemeral" },
              },
            ],
            messages: [{ role: "user", content: req.user }],
            ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
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
      const text = res.content
        .map((block) => (block.type === "text" ? block.text : ""))
        .join("")
        .trim();
      if (!text) throw new LlmError(`${this.name} ${model}: empty answer`, { retryable: true });
      const cacheRead = res.usage.cache_read_input_tokens ?? 0;
      const cacheWrite = res.usage.cache_creation_input_tokens ?? 0;
      const answer: ProviderAnswer = {
        text,
        model: res.model || model,
        usage: {
          // Anthropic counts cached and cache-writing input apart; prompt tokens are all three.
          promptTokens: res.usage.input_tokens + cacheRead + cacheWrite,
          completionTokens: res.usage.output_tokens,
          cachedPromptTokens: cacheRead,
        },
        latencyMs: Date.now() - started,
      };
      const remainingRequests = numberHeader(
        response.headers,
        "anthropic-ratelimit-requests-remaining",
      );
      if (remainingRequests !== undefined) {
        const reset = Date.parse(response.headers.get("anthropic-ratelimit-requests-reset") ?? "");
        answer.quota = { remainingRequests, ...(Number.isNaN(reset) ? {} : { resetAt: reset }) };
      }
      return answer;
    } catch (err) {
      throw toLlmError(err, this.name, model);
    }
  }
}
