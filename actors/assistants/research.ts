/** Research: related keywords, search intent, the questions searchers ask, entities. */

import { parseJsonObject, stringList, text } from "./json-output.ts";
import type { Assistant } from "./types.ts";

export interface ResearchOutput {
  keywords: string[];
  intent: string;
  questions: string[];
  entities: string[];
  summary: string;
}

const INTENTS = new Set(["informational", "commercial", "transactional", "navigational"]);

export const research: Assistant = {
  needsPrompt: true,
  async run(ctx): Promise<ResearchOutput> {
    const { request } = ctx.envelope;
    const raw = parseJsonObject(
      await ctx.ask(
        {
          keyword: request.keyword,
          language: request.language,
          country: request.country,
          audience: request.audience,
        },
        { json: true },
      ),
    );
    const keywords = stringList(raw.keywords, 20);
    if (!keywords.some((k) => k.toLocaleLowerCase() === request.keyword.toLocaleLowerCase())) {
      keywords.unshift(request.keyword);
    }
    const intent = text(raw.intent).toLowerCase();
    return {
      keywords,
      intent: INTENTS.has(intent) ? intent : "informational",
      questions: stringList(raw.questions, 12).filter((q) => q.length <= 200),
      entities: stringList(raw.entities, 20),
      summary: text(raw.summary),
    };
  },
};
