/**
 * Assemble: the finished article. The outline decides the H2s and their order; the draft
 * supplies their text; optimise supplies title, meta, slug and FAQ. Output: Markdown,
 * sanitised HTML and JSON-LD. No LLM call.
 */
import { primaryLanguage } from "../../core/request.ts";
import { slugify } from "../../core/slug.ts";
import { renderHtml } from "../article/html.ts";
import { articleJsonLd, type FaqItem } from "../article/json-ld.ts";
import { escapeRawHtml, headingText, parseArticle, sameHeading } from "../article/markdown.ts";
import { countWords, fitMetaDescription, fitTitle, withKeyword } from "../article/text.ts";
import type { DraftOutput } from "./draft.ts";
import type { OptimiseOutput } from "./optimise.ts";
import type { OutlineOutput } from "./outline.ts";
import type { ResearchOutput } from "./research.ts";
import type { ReviewOutput } from "./review.ts";
import type { Assistant } from "./types.ts";

export interface ArticleOutput {
  keyword: string;
  language: string;
  title: string;
  metaDescription: string;
  slug: string;
  h1: string;
  markdown: string;
  html: string;
  jsonLd: Record<string, unknown>;
  faq: FaqItem[];
  /** The outline's H2 headings, in order (the article's H2s, before the FAQ). */
  outline: string[];
  wordCount: number;
  reviewScore?: number;
}

const FAQ_HEADING: Record<string, string> = {
  en: "Frequently asked questions",
  cs: "Často kladené otázky",
};

export const assemble: Assistant = {
  needsPrompt: false,
  async run(ctx): Promise<ArticleOutput> {
    const { request, submittedAt } = ctx.envelope;
    const outline = ctx.outputOf<OutlineOutput>("outline");
    const draft = ctx.outputOf<DraftOutput>("draft");
    const meta = ctx.outputOf<OptimiseOutput>("optimise");
    const research = ctx.outputOf<ResearchOutput>("research");
    const review = ctx.outputOf<ReviewOutput>("review");
    const parsed = parseArticle(draft?.markdown ?? "");
    // The keyword is user text: escaped like every heading, so a keyword carrying markup
    // stays text in the Markdown too (not only in the HTML rendered from it).
    const h1 = withKeyword(
      headingText(outline?.h1 ?? parsed.h1 ?? request.keyword),
      headingText(request.keyword),
    );

    // The outline's headings, in its order, are the article's H2s; each takes the draft
    // section with the same heading, else the draft section in the same position.
    const used = new Set<number>();
    const sections = (
      outline?.sections ?? parsed.sections.map((s) => ({ heading: s.heading, points: [] }))
    ).map((s, idx) => {
      let at = parsed.sections.findIndex(
        (d, i) => !used.has(i) && sameHeading(d.heading, s.heading),
      );
      if (at === -1 && idx < parsed.sections.length && !used.has(idx)) at = idx;
      if (at !== -1) used.add(at);
      const body =
        at !== -1 && parsed.sections[at]!.body
          ? parsed.sections[at]!.body
          : s.points.map((p) => `- ${escapeRawHtml(p)}`).join("\n");
      return `## ${headingText(s.heading)}\n\n${body}`.trim();
    });

    const faq = meta?.faq ?? [];
    const lang = primaryLanguage(request.language);
    const parts = [`# ${h1}`, parsed.intro, ...sections];
    if (faq.length > 0) {
      parts.push(
        `## ${FAQ_HEADING[lang] ?? FAQ_HEADING.en}\n\n${faq.map((f) => `### ${headingText(f.question)}\n\n${f.answer}`).join("\n\n")}`,
      );
    }
    const markdown = `${parts.filter(Boolean).join("\n\n")}\n`;
    const title = fitTitle(meta?.title ?? h1, request.keyword);
    const metaDescription = fitMetaDescription(
      meta?.metaDescription ?? research?.summary ?? h1,
      request.keyword,
    );
    const wordCount = countWords(markdown);
    const article: ArticleOutput = {
      keyword: request.keyword,
      language: request.language,
      title,
      metaDescription,
      slug: meta?.slug ?? slugify(request.keyword),
      h1,
      markdown,
      html: renderHtml(markdown),
      jsonLd: articleJsonLd({
        title,
        metaDescription,
        language: request.language,
        keywords: research?.keywords.slice(0, 10) ?? [request.keyword],
        wordCount,
        datePublished: new Date(submittedAt).toISOString(),
        faq,
      }),
      faq,
      outline: (outline?.sections ?? parsed.sections).map((s) => headingText(s.heading)),
      wordCount,
    };
    if (review) article.reviewScore = review.score;
    return article;
  },
};
