/** Optimise: SEO title (≤ 60 chars), meta description (≤ 155), slug and FAQ. */
import { primaryLanguage } from "../../core/request.ts";
import { slugify } from "../../core/slug.ts";
import type { FaqItem } from "../article/json-ld.ts";
import { escapeRawHtml } from "../article/markdown.ts";
import { fitMetaDescription, fitTitle } from "../article/text.ts";
import type { DraftOutput } from "./draft.ts";
import { parseJsonObject, text } from "./json-output.ts";
import type { OutlineOutput } from "./outline.ts";
import type { ResearchOutput } from "./research.ts";
import type { Assistant } from "./types.ts";

export interface OptimiseOutput {
  title: string;
  metaDescription: string;
  slug: string;
  faq: FaqItem[];
}

export const MAX_FAQ = 8;

export const optimise: Assistant = {
  needsPrompt: true,
  async run(ctx): Promise<OptimiseOutput> {
    const { request } = ctx.envelope;
    const research = ctx.outputOf<ResearchOutput>("research");
    const outline = ctx.outputOf<OutlineOutput>("outline");
    const draft = ctx.outputOf<DraftOutput>("draft");
    const raw = parseJsonObject(
      await ctx.ask(
        {
          keyword: request.keyword,
          language: request.language,
          outline: outline
            ? { h1: outline.h1, sections: outline.sections.map((s) => s.heading) }
            : undefined,
          questions: research?.questions,
          draft: draft?.markdown.slice(0, 6000),
        },
        { json: true },
      ),
    );
    const faq: FaqItem[] = [];
    for (const item of Array.isArray(raw.faq) ? raw.faq : []) {
      if (typeof item !== "object" || item === null) continue;
      const rec = item as Record<string, unknown>;
      const question = escapeRawHtml(text(rec.question));
      const answer = escapeRawHtml(text(rec.answer));
      if (question && answer) faq.push({ question, answer });
      if (faq.length >= MAX_FAQ) break;
    }
    const fallbackTitle = outline?.h1 ?? request.keyword;
    return {
      title: fitTitle(text(raw.title, fallbackTitle) || fallbackTitle, request.keyword),
      metaDescription: fitMetaDescription(text(raw.metaDescription), request.keyword),
      slug: slugify(request.keyword) || slugify(fallbackTitle) || primaryLanguage(request.language),
      faq,
    };
  },
};
