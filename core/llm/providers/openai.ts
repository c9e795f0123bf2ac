/**
 * OpenAI Chat Completions through the official SDK. The base URL is configurable, so any
 * compatible server works: the emulator, Ollama, vLLM, a proxy. Retries are the router's
 * (the SDK's own are off), so one policy decides for every provider.
 */
import OpenAI from "openai";
import { LlmError } from "../../errors.ts";
import type { LlmProvider, LlmRequest, ProviderAnswer } from "../types.ts";
import { numberHeader, parseDuration, requestOptions, toLlmError } from "./errors.ts";

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
    const params = {
      model,
      // Stable system prompt first: OpenAI's automatic prefix caching applies to it.
      messages: [
        { role: "system" as const, content: req.system },
        { role: "user" as const, content: req.user },
      ],
      ...(req.json ? { response_format: { type: "json_object" as const } } : {}),
      ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
      ...(req.maxTokens !== undefined ? { max_completion_tokens: req.maxTokens } : {}),
    };
    const options = requestOptions(req, timeoutMs);
    try {
      let text = "";
      let answerModel = model;
      let usage: OpenAI.CompletionUsage | undefined;
      let headers: Headers;
      if (req.onDelta) {
        const { data: stream, response } = await this.#client.chat.completions
          .create({ ...params, stream: true, stream_options: { include_usage: true } }, options)
          .withResponse();
        headers = response.headers;
        for await (const chunk of stream) {
          const delta = chunk.choices[0]?.delta?.content;
          if (delta) {
            text += delta;
            req.onDelta(delta);
          }
          if (chunk.usage) usage = chunk.usage;
          if (chunk.model) answerModel = chunk.model;
        }
      } else {
        const { data: res, response } = await this.#client.chat.completions
          .create(params, options)
          .withResponse();
        headers = response.headers;
        text = res.choices[0]?.message?.content ?? "";
        usage = res.usage;
        answerModel = res.model || model;
      }
      if (!text) throw new LlmError(`${this.name} ${model}: empty answer`, { retryable: true });
      const answer: ProviderAnswer = {
        text,
        model: answerModel,
        usage: {
          promptTokens: usage?.prompt_tokens ?? 0,
          completionTokens: usage?.completion_tokens ?? 0,
          cachedPromptTokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
        },
        latencyMs: Date.now() - started,
      };
      const response = { headers };
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
