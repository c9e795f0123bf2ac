/** Research: related keywords, search intent, the questions searchers ask, entities. */

import { CannibalisationError } from "../../core/errors.ts";
import { ground } from "../grounding/ground.ts";
import type { Grounding } from "../grounding/types.ts";
import { findOverlaps, type Overlap } from "../seo/cannibalisation.ts";
import { parseJsonObject, stringList, text } from "./json-output.ts";
import type { Assistant, AssistantContext } from "./types.ts";

export interface ResearchOutput {
  keywords: string[];
  intent: string;
  questions: string[];
  entities: string[];
  summary: string;
  /** The pages that rank for the keyword, when a search provider is configured. */
  grounding?: Grounding;
  /** Pages of the request's site the keyword overlaps (its sitemap; checked before any LLM call). */
  overlaps?: Overlap[];
}

/** Competitor headings the LLM sees (the most it needs to see what ranking pages cover). */
const MAX_HEADINGS_SHOWN = 40;

const INTENTS = new Set(["informational", "commercial", "transactional", "navigational"]);

export const research: Assistant = {
  needsPrompt: true,
  async run(ctx): Promise<ResearchOutput> {
    const { request, workflowId } = ctx.envelope;
    // Before any money is spent: does the site already have this article?
    const overlaps = await siteOverlaps(ctx, request.keyword, request.language);
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
    if (overlaps.length > 0) out.overlaps = overlaps;
    return out;
  },
};

/**
 * The site's pages (from its sitemap) that the keyword's article would overlap; with the
 * site's `cannibalisation.mode` `stop`, any overlap fails the workflow here.
 */
async function siteOverlaps(
  ctx: AssistantContext,
  keyword: string,
  language: string,
): Promise<Overlap[]> {
  const site = ctx.site;
  if (!site?.config.sitemap) return [];
  const pages = await site.pages(ctx.signal);
  const threshold = site.config.cannibalisation?.threshold;
  const overlaps = findOverlaps(
    { keyword, language },
    pages,
    threshold !== undefined ? { threshold } : {},
  );
  if (overlaps.length > 0 && site.config.cannibalisation?.mode === "stop") {
    throw new CannibalisationError(keyword, overlaps);
  }
  return overlaps;
}
