/** The Anthropic Messages wire format: request validation, responses, stream events, errors. */
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

function errorType(status: number): string {
  if (status === 400) return "invalid_request_error";
  if (status === 401) return "authentication_error";
  if (status === 403) return "permission_error";
  if (status === 404) return "not_found_error";
  if (status === 413) return "request_too_large";
  if (status === 429) return "rate_limit_error";
  if (status === 529) return "overloaded_error";
  if (status < 500) return "invalid_request_error";
  return "api_error";
}

function event(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

function usage(a: ChatAnswer, outputTokens: number) {
  return {
    input_tokens: a.promptTokens,
    output_tokens: outputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
  };
}

export const anthropicWire: Wire = {
  api: "anthropic",
  idPrefix: "msg_01",

  parse(body: unknown): ChatRequest {
    if (!isRecord(body)) throw new WireRequestError("the request body must be a JSON object");
    if (typeof body.model !== "string" || !body.model.trim()) {
      throw new WireRequestError("model: Field required (a non-empty string)", "model");
    }
    if (!Array.isArray(body.messages) || body.messages.length === 0) {
      throw new WireRequestError("messages: Field required (a non-empty array)", "messages");
    }
    const messages: ChatMessage[] = [];
    const system = contentText(body.system, "system");
    if (system) messages.push({ role: "system", content: system });
    body.messages.forEach((m: unknown, i: number) => {
      if (!isRecord(m) || typeof m.role !== "string") {
        throw new WireRequestError(`messages.${i}: must be an object with a role`, `messages.${i}`);
      }
      messages.push({ role: m.role, content: contentText(m.content, `messages.${i}.content`) });
    });
    // There is no JSON mode: a prompt that asks for JSON gets JSON, as from a real model.
    const asksJson = /\bJSON\b/.test(
      [system, messages.findLast((m) => m.role === "user")?.content ?? ""].join("\n"),
    );
    const request: ChatRequest = {
      model: body.model,
      messages,
      json: asksJson,
      responseFormat: null,
      stream: body.stream === true,
      includeUsage: true,
    };
    const maxTokens = optionalPositiveInt(body.max_tokens, "max_tokens");
    if (maxTokens !== undefined) request.maxTokens = maxTokens;
    return request;
  },

  completion(a: ChatAnswer): unknown {
    return {
      id: a.id,
      type: "message",
      role: "assistant",
      model: a.model,
      content: [{ type: "text", text: a.content }],
      stop_reason: a.truncated ? "max_tokens" : "end_turn",
      stop_sequence: null,
      usage: usage(a, a.completionTokens),
    };
  },

  streamFrames(a: ChatAnswer, deltas: string[]): StreamFrames {
    return {
      open: [
        event("message_start", {
          type: "message_start",
          message: {
            id: a.id,
            type: "message",
            role: "assistant",
            model: a.model,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: usage(a, 1),
          },
        }),
        event("content_block_start", {
          type: "content_block_start",
          index: 0,
          content_block: { type: "text", text: "" },
        }),
        event("ping", { type: "ping" }),
      ],
      deltas: deltas.map((text) =>
        event("content_block_delta", {
          type: "content_block_delta",
          index: 0,
          delta: { type: "text_delta", text },
        }),
      ),
      close: [
        event("content_block_stop", { type: "content_block_stop", index: 0 }),
        event("message_delta", {
          type: "message_delta",
          delta: { stop_reason: a.truncated ? "max_tokens" : "end_turn", stop_sequence: null },
          usage: { output_tokens: a.completionTokens },
        }),
        event("message_stop", { type: "message_stop" }),
      ],
    };
  },

  errorBody(status: number, message: string): unknown {
    return { type: "error", error: { type: errorType(status), message } };
  },
};
