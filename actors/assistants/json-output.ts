/** Reading an LLM's JSON answer: tolerant of code fences and chatter, strict about the shape. */
import { LlmOutputInvalidError } from "../../core/errors.ts";

/** Parses the first JSON object in a text (bare, or inside a ```json fence). */
export function parseJsonObject(text: string): Record<string, unknown> {
  const fenced = /```(?:json)?\s*\n([\s\S]*?)\n```/.exec(text);
  const candidate = fenced ? fenced[1]! : text;
  const start = candidate.indexOf("{");
  const end = candidate.lastIndexOf("}");
  if (start === -1 || end <= start) {
    throw new LlmOutputInvalidError("the LLM answer holds no JSON object");
  }
  let value: unknown;
  try {
    value = JSON.parse(candidate.slice(start, end + 1));
  } catch (err) {
    throw new LlmOutputInvalidError("the LLM answer is not valid JSON", err);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new LlmOutputInvalidError("the LLM answer is not a JSON object");
  }
  return value as Record<string, unknown>;
}

/** Non-empty trimmed strings of an array field, at most `max`. */
export function stringList(value: unknown, max = 50): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((v): v is string => typeof v === "string")
    .map((s) => s.replace(/\s+/g, " ").trim())
    .filter(Boolean)
    .slice(0, max);
}

export function text(value: unknown, fallback = ""): string {
  return typeof value === "string" ? value.replace(/\s+/g, " ").trim() : fallback;
}
