/**
 * What the two wire formats share: the normalised request, the answer, token estimates and
 * the contract each format (`openai-wire.ts`, `anthropic-wire.ts`) implements.
 */
import type { Rng } from "./rng.ts";

export type Api = "openai" | "anthropic";

/** A message reduced to its role and text (text parts joined; images and tools dropped). */
export interface ChatMessage {
  role: string;
  content: string;
}

/** A chat request in either wire format, normalised. */
export interface ChatRequest {
  model: string;
  /** Every message, the system prompt first when there is one. */
  messages: ChatMessage[];
  /** Whether the caller asked for a JSON object (OpenAI `response_format`). */
  json: boolean;
  /** The `response_format` as sent, part of what the answer depends on. */
  responseFormat: unknown;
  stream: boolean;
  /** OpenAI `stream_options.include_usage`. */
  includeUsage: boolean;
  maxTokens?: number;
}

export interface ChatAnswer {
  id: string;
  model: string;
  /** Unix seconds. */
  created: number;
  content: string;
  /** Cut at `max_tokens`. */
  truncated: boolean;
  promptTokens: number;
  completionTokens: number;
}

/** SSE frames of one streamed answer: `open` goes out with the first delta, `close` last. */
export interface StreamFrames {
  open: string[];
  deltas: string[];
  close: string[];
}

/** A request the wire format rejects: answered 400 with the format's error body. */
export class WireRequestError extends Error {
  readonly param: string | undefined;
  constructor(message: string, param?: string) {
    super(message);
    this.name = "WireRequestError";
    this.param = param;
  }
}

export interface Wire {
  readonly api: Api;
  /** Validates and normalises a request body; throws WireRequestError. */
  parse(body: unknown): ChatRequest;
  /** The non-streamed response body. */
  completion(answer: ChatAnswer): unknown;
  streamFrames(answer: ChatAnswer, deltas: string[], includeUsage: boolean): StreamFrames;
  /** The error body for an HTTP status. */
  errorBody(status: number, message: string, param?: string): unknown;
  /** The prefix of response ids ("chatcmpl-", "msg_"). */
  readonly idPrefix: string;
}

/** The usual rule of thumb: one token per four characters. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function promptTokensOf(messages: readonly ChatMessage[]): number {
  return Math.ceil(messages.reduce((n, m) => n + m.content.length, 0) / 4);
}

/** Cuts an answer to `maxTokens` (at four characters a token) without splitting a surrogate pair. */
export function truncateToTokens(content: string, maxTokens: number | undefined): string {
  if (maxTokens === undefined || content.length <= maxTokens * 4) return content;
  let cut = maxTokens * 4;
  const code = content.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return content.slice(0, cut);
}

/** Splits content into stream deltas of one to four words each; they concatenate back exactly. */
export function splitIntoDeltas(content: string, rng: Rng): string[] {
  const words = content.match(/\s*\S+/g) ?? [];
  const deltas: string[] = [];
  for (let i = 0; i < words.length; ) {
    const n = rng.int(1, 4);
    deltas.push(words.slice(i, i + n).join(""));
    i += n;
  }
  const rest = content.slice(deltas.join("").length);
  if (rest) {
    if (deltas.length > 0) deltas[deltas.length - 1] += rest;
    else deltas.push(rest);
  }
  return deltas;
}

/** A response id: the prefix and 24 letters and digits drawn from `rng`. */
export function responseId(prefix: string, rng: Rng): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  let id = prefix;
  for (let i = 0; i < 24; i++) id += alphabet[Math.floor(rng.next() * alphabet.length)];
  return id;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Text of a message content: a string, or the text of its text parts. */
export function contentText(content: unknown, field: string): string {
  if (typeof content === "string") return content;
  if (content === null || content === undefined) return "";
  if (Array.isArray(content)) {
    return content
      .filter((p): p is Record<string, unknown> => isRecord(p) && typeof p.text === "string")
      .map((p) => p.text as string)
      .join("\n");
  }
  throw new WireRequestError(`${field} must be a string or an array of content parts`, field);
}

/** `max_tokens` and friends: a positive integer, or absent. */
export function optionalPositiveInt(v: unknown, field: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Number.isInteger(v) || (v as number) < 1) {
    throw new WireRequestError(
      `${field} must be a positive integer (got ${JSON.stringify(v)})`,
      field,
    );
  }
  return v as number;
}
