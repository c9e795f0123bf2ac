/**
 * Import: the existing article of a refresh (`existing` in the request) as a draft — its
 * Markdown as given, or its page fetched (refusing private addresses) and read back into
 * Markdown — with its content score before the refresh. No LLM call.
 */
import { InvalidRequestError } from "../../core/errors.ts";
import { escapeRawHtml } from "../article/markdown.ts";
import { countWords } from "../article/text.ts";
import { competitorPages, scoreDraft } from "../grounding/content.ts";
import type { ReadablePage } from "../grounding/types.ts";
import type { ContentScore } from "../seo/content-score.ts";
import type { DraftOutput } from "./draft.ts";
import type { ResearchOutput } from "./research.ts";
import type { Assistant } from "./types.ts";

export interface ImportOutput extends DraftOutput {
  /** Where the article came from: its URL, or "markdown". */
  origin: string;
  /** The existing article's content score, before the refresh. */
  before: ContentScore;
}

/**
 * A readable page as Markdown: its blocks in order, headings marked with their level (a
 * block that is the next heading in the page's list of headings).
 */
export function pageMarkdown(page: ReadablePage): string {
  const blocks = page.text
    .split(/\n\s*\n/)
    .map((b) => b.trim())
    .filter(Boolean);
  const headings = [...page.headings];
  const out: string[] = [];
  for (const block of blocks) {
    const next = headings[0];
    if (next && next.text.trim() === block) {
      headings.shift();
      out.push(`${"#".repeat(Math.min(6, Math.max(1, next.level)))} ${block}`);
    } else out.push(block);
  }
  if (!out[0]?.startsWith("# ") && page.title) out.unshift(`# ${page.title}`);
  return `${out.join("\n\n")}\n`;
}

export const importArticle: Assistant = {
  needsPrompt: false,
  async run(ctx): Promise<ImportOutput> {
    const { request } = ctx.envelope;
    const existing = request.existing;
    if (!existing) {
      throw new InvalidRequestError([
        { field: "existing", message: "a refresh needs the existing article: {url} or {markdown}" },
      ]);
    }
    let markdown: string;
    let origin: string;
    if ("url" in existing) {
      if (!ctx.web) throw new TypeError("this actor cannot read web pages");
      markdown = pageMarkdown(await ctx.web.readPage(existing.url, ctx.signal));
      origin = existing.url;
    } else {
      markdown = existing.markdown.trim();
      origin = "markdown";
    }
    // The existing article is user text, treated like a draft: raw HTML stays text.
    markdown = escapeRawHtml(markdown);
    const research = ctx.outputOf<ResearchOutput>("research");
    const before = scoreDraft(
      markdown,
      request,
      await competitorPages(ctx.artifacts, research?.grounding),
      research?.entities,
    );
    return { markdown, wordCount: countWords(markdown), origin, before };
  },
};
