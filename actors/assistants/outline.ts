/** Outline: the H1 and the H2 sections the draft will follow, in order. */
import { LlmOutputInvalidError } from "../../core/errors.ts";
import { headingText } from "../article/markdown.ts";
import { cutAtWord, withKeyword } from "../article/text.ts";
import { parseJsonObject, stringList, text } from "./json-output.ts";
import type { ResearchOutput } from "./research.ts";
import type { Assistant } from "./types.ts";

export interface OutlineSection {
  heading: string;
  points: string[];
}

export interface OutlineOutput {
  h1: string;
  sections: OutlineSection[];
}

export const MIN_SECTIONS = 2;
export const MAX_SECTIONS = 12;

export const outline: Assistant = {
  needsPrompt: true,
  async run(ctx): Promise<OutlineOutput> {
    const { request } = ctx.envelope;
    const research = ctx.outputOf<ResearchOutput>("research");
    const raw = parseJsonObject(
      await ctx.ask(
        {
          keyword: request.keyword,
          language: request.language,
          audience: request.audience,
          tone: request.tone,
          wordCount: request.wordCount,
          research: research && {
            keywords: research.keywords,
            intent: research.intent,
            questions: research.questions,
            entities: research.entities,
            summary: research.summary,
            // What the pages that rank cover: an outline that misses it will not compete.
            ...(research.grounding
              ? {
                  rankingHeadings: research.grounding.sources
                    .flatMap((s) => s.headings)
                    .slice(0, 40),
                }
              : {}),
          },
        },
        { json: true },
      ),
    );
    const seen = new Set<string>();
    const sections: OutlineSection[] = [];
    for (const s of Array.isArray(raw.sections) ? raw.sections : []) {
      if (typeof s !== "object" || s === null) continue;
      const rec = s as Record<string, unknown>;
      const heading = cutAtWord(headingText(text(rec.heading)), 120);
      const key = heading.toLocaleLowerCase();
      if (!heading || seen.has(key)) continue;
      seen.add(key);
      sections.push({ heading, points: stringList(rec.points, 8) });
    }
    if (sections.length < MIN_SECTIONS) {
      throw new LlmOutputInvalidError(
        `the outline has ${sections.length} usable sections (at least ${MIN_SECTIONS} needed)`,
      );
    }
    // The keyword is user text: escaped like the heading it joins.
    const h1 = withKeyword(headingText(text(raw.h1)), headingText(request.keyword));
    return { h1, sections: sections.slice(0, MAX_SECTIONS) };
  },
};
