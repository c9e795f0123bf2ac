/**
 * Anthropic Messages through the official SDK. The system prompt is sent as a cacheable
 * block (`cache_control`), so repeated stages read it from Anthropic's prompt cache. There
 * is no JSON mode: a JSON request gets an explicit instruction instead.
 */
import Anthropic from "@anthropic-ai/sdk";
import { LlmError } from "../../errors.ts";
import type { LlmProvider, LlmRequest, ProviderAnswer } from "../types.ts";
import { numberHeader, requestOptions, toLlmError } from "./errors.ts";

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
    const params = {
      model,
      max_tokens: req.maxTokens ?? this.#defaultMaxTokens,
      system: [
        {
          type: "text" as const,
          text: req.json ? `${req.system}\n\n${JSON_INSTRUCTION}` : req.system,
          cache_control: { type: "ephemeral" as const },
        },
      ],
      messages: [{ role: "user" as const, content: req.user }],
      ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
    };
    const options = requestOptions(req, timeoutMs);
    try {
      let text = "";
      let answerModel = model;
      let usage: Partial<Anthropic.Usage> = {};
      let headers: Headers;
      if (req.onDelta) {
        const { data: stream, response } = await this.#client.messages
          .create({ ...params, stream: true }, options)
          .withResponse();
        headers = response.headers;
        for await (const event of stream) {
          if (event.type === "message_start") {
            usage = { ...event.message.usage };
            answerModel = event.message.model || model;
          } else if (event.type === "content_block_delta" && event.delta.type === "text_delta") {
            text += event.delta.text;
            req.onDelta(event.delta.text);
          } else if (event.type === "message_delta") {
            usage.output_tokens = event.usage.output_tokens;
          }
        }
        text = text.trim();
      } else {
        const { data: res, response } = await this.#client.messages
          .create(params, options)
          .withResponse();
        headers = response.headers;
        text = res.content
          .map((block) => (block.type === "text" ? block.text : ""))
          .join("")
          .trim();
        usage = res.usage;
        answerModel = res.model || model;
      }
      if (!text) throw new LlmError(`${this.name} ${model}: empty answer`, { retryable: true });
      const cacheRead = usage.cache_read_input_tokens ?? 0;
      const cacheWrite = usage.cache_creation_input_tokens ?? 0;
      const answer: ProviderAnswer = {
        text,
        model: answerModel,
        usage: {
          // Anthropic counts cached and cache-writing input apart; prompt tokens are all three.
          promptTokens: (usage.input_tokens ?? 0) + cacheRead + cacheWrite,
          completionTokens: usage.output_tokens ?? 0,
          cachedPromptTokens: cacheRead,
        },
        latencyMs: Date.now() - started,
      };
      const response = { headers };
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
