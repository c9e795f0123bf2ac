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
import { competitorPages, scoreDraft } from "../grounding/content.ts";
import { type Citation, resolveCitations } from "../seo/citations.ts";
import type { ContentScore } from "../seo/content-score.ts";
import { addInternalLinks, type InternalLink } from "../seo/internal-links.ts";
import { checkLanguage, type LanguageCheck } from "../seo/language-detect.ts";
import type { DraftOutput } from "./draft.ts";
import type { ImportOutput } from "./import-article.ts";
import type { OptimiseOutput } from "./optimise.ts";
import type { OutlineOutput } from "./outline.ts";
import type { ResearchOutput } from "./research.ts";
import type { ReviewOutput } from "./review.ts";
import type { Assistant, AssistantContext } from "./types.ts";

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
  /** The finished article's content score, factor by factor. */
  contentScore?: ContentScore;
  /** The review's content scores: of the draft it passed, and of the one it sent back. */
  review?: { score: number; contentScore: number; previous?: ReviewOutput["previous"] };
  /** Every `[n]` of the article resolved to a fetched page; unresolvable ones removed. */
  citations?: { sources: Citation[]; removed: number; unresolved: string[] };
  /** Links into the request's site, from its sitemap. */
  internalLinks?: InternalLink[];
  /** Why there are no internal links although the site has a sitemap (it could not be read). */
  internalLinksError?: string;
  /** Each section, the FAQ and the meta fields checked to be in the requested language. */
  languageCheck?: LanguageCheck;
  /** A refresh: the existing article's content score, and the refreshed one's. */
  refresh?: { origin: string; before: ContentScore; after: number };
  /** Pages of the site this article overlaps (cannibalisation), found before it was written. */
  overlaps?: ResearchOutput["overlaps"];
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
    const slug = meta?.slug ?? slugify(request.keyword);
    const linked = await withLinks(ctx, `${parts.filter(Boolean).join("\n\n")}\n`, slug);
    const markdown = linked.markdown;
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
      slug,
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
    if (review) {
      article.reviewScore = review.score;
      article.review = {
        score: review.score,
        contentScore: review.content?.score ?? review.score,
        ...(review.previous ? { previous: review.previous } : {}),
      };
    }
    article.contentScore = scoreDraft(
      markdown,
      request,
      await competitorPages(ctx.artifacts, research?.grounding),
      research?.entities,
    );
    if (research?.overlaps) article.overlaps = research.overlaps;
    const imported = ctx.outputOf<ImportOutput>("import");
    if (imported) {
      article.refresh = {
        origin: imported.origin,
        before: imported.before,
        after: article.contentScore.score,
      };
    }
    if (linked.citations) article.citations = linked.citations;
    if (linked.links) article.internalLinks = linked.links;
    if (linked.linksError) article.internalLinksError = linked.linksError;
    article.languageCheck = checkLanguage(
      [
        ...sectionsOf(markdown),
        { id: "title", text: title },
        { id: "metaDescription", text: metaDescription },
        ...faq.map((f, i) => ({ id: `faq.${i + 1}`, text: `${f.question} ${f.answer}` })),
      ],
      request.language,
    );
    return article;
  },
};

/** The article's parts for the language check: the introduction and each H2 section. */
function sectionsOf(markdown: string): Array<{ id: string; text: string }> {
  const out: Array<{ id: string; text: string }> = [];
  let id = "intro";
  let lines: string[] = [];
  const flush = () => {
    const text = lines.join("\n").trim();
    if (text) out.push({ id, text });
  };
  for (const line of markdown.split("\n")) {
    const h2 = /^## (.+)$/.exec(line);
    if (h2) {
      flush();
      id = `section: ${h2[1]!.trim()}`;
      lines = [];
    } else if (!line.startsWith("# ")) lines.push(line);
  }
  flush();
  return out;
}

/**
 * Citations resolved against the research stage's sources (a references list appended), then
 * links into the request's site. A sitemap that cannot be read costs the links, not the
 * article: the reason is kept beside it.
 */
async function withLinks(
  ctx: AssistantContext,
  markdown: string,
  slug: string,
): Promise<{
  markdown: string;
  citations?: ArticleOutput["citations"];
  links?: InternalLink[];
  linksError?: string;
}> {
  const { request } = ctx.envelope;
  const research = ctx.outputOf<ResearchOutput>("research");
  const out: Awaited<ReturnType<typeof withLinks>> = { markdown };
  const sources = research?.grounding?.sources;
  if (sources) {
    const resolved = resolveCitations(out.markdown, sources, { language: request.language });
    out.markdown = resolved.markdown;
    out.citations = {
      sources: resolved.citations,
      removed: resolved.removed,
      unresolved: resolved.unresolved,
    };
  }
  const site = ctx.site;
  if (site?.config.sitemap) {
    try {
      // The article's own future address is not known; a page with its slug is itself.
      const pages = (await site.pages(ctx.signal)).filter(
        (p) => !new URL(p.url).pathname.replace(/\/+$/, "").endsWith(`/${slug}`),
      );
      const max = site.config.internalLinks?.max;
      const linked = addInternalLinks(out.markdown, pages, {
        language: request.language,
        ...(max !== undefined ? { max } : {}),
      });
      out.markdown = linked.markdown;
      out.links = linked.links;
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      out.linksError = err instanceof Error ? err.message : String(err);
      out.links = [];
    }
  }
  return out;
}
