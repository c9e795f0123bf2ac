/** The OpenAI Chat Completions wire format: request validation, responses, stream chunks, errors. */
import {
  type ChatAnswer,
  type ChatMessage,
  type ChatRequest,
  contentText,
  isRecord,
  optionalPositiveInt,
  type StreamFrames,
  type Wire,
  WireRequestError,
} from "./wire.ts";

const FINGERPRINT = "fp_seo_farm_emulator";

/** The `usage` object of a completion, plain or the last chunk of a stream. */
function usageOf(a: ChatAnswer) {
  return {
    prompt_tokens: a.promptTokens,
    completion_tokens: a.completionTokens,
    total_tokens: a.promptTokens + a.completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
  };
}

function errorType(status: number): { type: string; code: string | null } {
  if (status === 400) return { type: "invalid_request_error", code: null };
  if (status === 401) return { type: "invalid_request_error", code: "invalid_api_key" };
  if (status === 404) return { type: "invalid_request_error", code: "not_found" };
  if (status === 429) return { type: "requests", code: "rate_limit_exceeded" };
  if (status < 500) return { type: "invalid_request_error", code: null };
  return { type: "server_error", code: null };
}

function sse(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

export const openAiWire: Wire = {
  api: "openai",
  idPrefix: "chatcmpl-",

  parse(body: unknown): ChatRequest {
    if (!isRecord(body)) throw new WireRequestError("the request body must be a JSON object");
    if (typeof body.model !== "string" || !body.model.trim()) {
      throw new WireRequestError(
        "you must provide a model parameter (a non-empty string)",
        "model",
      );
    }
    if (!Array.isArray(body.messages) || body.messages.length === 0) {
      throw new WireRequestError("messages must be a non-empty array of messages", "messages");
    }
    const messages: ChatMessage[] = body.messages.map((m: unknown, i: number) => {
      if (!isRecord(m) || typeof m.role !== "string") {
        throw new WireRequestError(
          `messages[${i}] must be an object with a role`,
          `messages[${i}]`,
        );
      }
      return { role: m.role, content: contentText(m.content, `messages[${i}].content`) };
    });
    const format = body.response_format;
    const json =
      isRecord(format) && (format.type === "json_object" || format.type === "json_schema");
    const request: ChatRequest = {
      model: body.model,
      messages,
      json,
      responseFormat: format ?? null,
      stream: body.stream === true,
      includeUsage: isRecord(body.stream_options) && body.stream_options.include_usage === true,
    };
    const maxTokens =
      optionalPositiveInt(body.max_completion_tokens, "max_completion_tokens") ??
      optionalPositiveInt(body.max_tokens, "max_tokens");
    if (maxTokens !== undefined) request.maxTokens = maxTokens;
    return request;
  },

  completion(a: ChatAnswer): unknown {
    return {
      id: a.id,
      object: "chat.completion",
      created: a.created,
      model: a.model,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: a.content, refusal: null, annotations: [] },
          logprobs: null,
          finish_reason: a.truncated ? "length" : "stop",
        },
      ],
      usage: usageOf(a),
      system_fingerprint: FINGERPRINT,
    };
  },

  streamFrames(a: ChatAnswer, deltas: string[], includeUsage: boolean): StreamFrames {
    // With include_usage, every chunk carries `usage: null` and a last chunk the totals.
    const chunk = (delta: Record<string, unknown>, finish: string | null) =>
      sse({
        id: a.id,
        object: "chat.completion.chunk",
        created: a.created,
        model: a.model,
        system_fingerprint: FINGERPRINT,
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
        ...(includeUsage ? { usage: null } : {}),
      });
    const close = [chunk({}, a.truncated ? "length" : "stop")];
    if (includeUsage) {
      close.push(
        sse({
          id: a.id,
          object: "chat.completion.chunk",
          created: a.created,
          model: a.model,
          system_fingerprint: FINGERPRINT,
          choices: [],
          usage: usageOf(a),
        }),
      );
    }
    close.push("data: [DONE]\n\n");
    return {
      open: [chunk({ role: "assistant", content: "", refusal: null }, null)],
      deltas: deltas.map((d) => chunk({ content: d }, null)),
      close,
    };
  },

  errorBody(status: number, message: string, param?: string): unknown {
    return { error: { message, ...errorType(status), param: param ?? null } };
  },
};
