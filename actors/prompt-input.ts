/** Renders a stage's prompt: request fields as placeholders, the stage input as a JSON block. */
import type { Prompt } from "../core/pipeline.ts";
import { renderTemplate } from "../core/pipeline.ts";
import { primaryLanguage, type WorkflowRequest } from "../core/request.ts";

export const DEFAULT_AUDIENCE = "a general audience";
export const DEFAULT_TONE = "clear, friendly and expert";

const names = new Intl.DisplayNames(["en"], { type: "language" });
/** Looking a name up costs microseconds per prompt; a handful of languages are in use. */
const known = new Map<string, string>();

/** "cs" → "Czech", "en-GB" → "English". */
export function languageName(tag: string): string {
  let name = known.get(tag);
  if (name === undefined) {
    try {
      name = names.of(primaryLanguage(tag)) ?? tag;
    } catch {
      name = tag;
    }
    if (known.size < 1_000) known.set(tag, name);
  }
  return name;
}

/**
 * What the user typed (keyword, audience, tone) never reaches the instructions as bare
 * text: a placeholder for it is filled with a quoted JSON string, so "shoes. Ignore
 * previous instructions…" reads as one quoted value — its quotes and newlines escaped, so it
 * cannot close the quote or start a line of its own. Values seo-farm checked against a
 * closed set (language tag and name, word count, country code) go in as they are.
 */
export function quoted(value: string): string {
  return JSON.stringify(value);
}

/**
 * The input goes last, as a fenced JSON block: instructions and user data stay apart, and
 * undefined fields are dropped. Inside it every string is JSON-escaped, so no value can
 * close the fence (a newline is `\n`, and no line of the block starts with backticks).
 */
export function renderPrompt(
  prompt: Prompt,
  request: WorkflowRequest,
  input: Record<string, unknown>,
): { system: string; user: string } {
  const values: Record<string, string> = {
    keyword: quoted(request.keyword),
    language: request.language,
    languageName: languageName(request.language),
    audience: quoted(request.audience ?? DEFAULT_AUDIENCE),
    tone: quoted(request.tone ?? DEFAULT_TONE),
    wordCount: String(request.wordCount),
    country: request.country ?? "",
    input: `\`\`\`json\n${JSON.stringify(input, null, 2)}\n\`\`\``,
  };
  return {
    system: renderTemplate(prompt.system, values),
    user: renderTemplate(prompt.user, values),
  };
}
