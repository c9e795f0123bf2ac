/** The assistants a pipeline stage can name. */
import { assemble } from "./assemble.ts";
import { draft } from "./draft.ts";
import { importArticle } from "./import-article.ts";
import { optimise } from "./optimise.ts";
import { outline } from "./outline.ts";
import { prompt } from "./prompt.ts";
import { publish } from "./publish.ts";
import { research } from "./research.ts";
import { review } from "./review.ts";
import type { Assistant } from "./types.ts";

export const ASSISTANTS: Readonly<Record<string, Assistant>> = {
  research,
  outline,
  draft,
  optimise,
  review,
  assemble,
  prompt,
  publish,
  import: importArticle,
};

export const ASSISTANT_NAMES: ReadonlySet<string> = new Set(Object.keys(ASSISTANTS));

export function needsPrompt(assistant: string): boolean {
  return ASSISTANTS[assistant]?.needsPrompt ?? false;
}

export type { Assistant, AssistantContext } from "./types.ts";
