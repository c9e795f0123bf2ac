/** Research: related keywords, search intent, the questions searchers ask, entities. */

import { ground } from "../grounding/ground.ts";
import type { Grounding } from "../grounding/types.ts";
import { parseJsonObject, stringList, text } from "./json-output.ts";
import type { Assistant } from "./types.ts";

export interface ResearchOutput {
  keywords: string[];
  intent: string;
  questions: string[];
  entities: string[];
  summary: string;
  /** The pages that rank for the keyword, when a search provider is configured. */
  grounding?: Grounding;
}

/** Competitor headings the LLM sees (the most it needs to see what ranking pages cover). */
const MAX_HEADINGS_SHOWN = 40;

const INTENTS = new Set(["informational", "commercial", "transactional", "navigational"]);

export const research: Assistant = {
  needsPrompt: true,
  async run(ctx): Promise<ResearchOutput> {
    const { request, workflowId } = ctx.envelope;
    // Search first, so the LLM's research starts from what ranks today.
    const grounding = ctx.grounding
      ? (
          await ground(
            ctx.grounding,
            {
              workflowId,
              keyword: request.keyword,
              language: request.language,
              ...(request.country ? { country: request.country } : {}),
            },
            ctx.signal,
            {},
            ctx.artifacts,
          )
        ).grounding
      : undefined;
    const raw = parseJsonObject(
      await ctx.ask(
        {
          keyword: request.keyword,
          language: request.language,
          country: request.country,
          audience: request.audience,
          ...(grounding && grounding.sources.length > 0
            ? {
                rankingPages: grounding.sources.map((s) => ({ title: s.title, url: s.url })),
                rankingHeadings: grounding.sources
                  .flatMap((s) => s.headings)
                  .slice(0, MAX_HEADINGS_SHOWN),
                searcherQuestions: grounding.questions,
              }
            : {}),
        },
        { json: true },
      ),
    );
    const keywords = stringList(raw.keywords, 20);
    if (!keywords.some((k) => k.toLocaleLowerCase() === request.keyword.toLocaleLowerCase())) {
      keywords.unshift(request.keyword);
    }
    const intent = text(raw.intent).toLowerCase();
    // The questions the ranking pages answer come first: searchers demonstrably ask them.
    const questions = [...(grounding?.questions ?? []), ...stringList(raw.questions, 12)]
      .filter((q) => q.length <= 200)
      .filter(
        (q, i, all) => all.findIndex((x) => x.toLocaleLowerCase() === q.toLocaleLowerCase()) === i,
      )
      .slice(0, 12);
    const out: ResearchOutput = {
      keywords,
      intent: INTENTS.has(intent) ? intent : "informational",
      questions,
      entities: stringList(raw.entities, 20),
      summary: text(raw.summary),
    };
    if (grounding) out.grounding = grounding;
    return out;
  },
};
