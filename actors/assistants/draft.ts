/** Draft: the article body in Markdown, following the outline's sections in order. */
import { LlmOutputInvalidError } from "../../core/errors.ts";
import { escapeRawHtml } from "../article/markdown.ts";
import { countWords } from "../article/text.ts";
import type { ImportOutput } from "./import-article.ts";
import type { OutlineOutput } from "./outline.ts";
import type { ResearchOutput } from "./research.ts";
import type { ReviewOutput } from "./review.ts";
import type { Assistant } from "./types.ts";

export interface DraftOutput {
  markdown: string;
  wordCount: number;
}

export const draft: Assistant = {
  needsPrompt: true,
  async run(ctx): Promise<DraftOutput> {
    const { request } = ctx.envelope;
    const outline = ctx.outputOf<OutlineOutput>("outline");
    const research = ctx.outputOf<ResearchOutput>("research");
    const sources = research?.grounding?.sources ?? [];
    const imported = ctx.outputOf<ImportOutput>("import");
    // A revision: the review that sent the draft back says what to improve.
    const revision = ctx.envelope.revision;
    const reviewed =
      revision?.stage === ctx.stage.name
        ? (ctx.envelope.outputs[revision.from] as ReviewOutput | undefined)
        : undefined;
    let markdown = await ctx.ask(
      {
        keyword: request.keyword,
        language: request.language,
        audience: request.audience,
        tone: request.tone,
        wordCount: request.wordCount,
        outline,
        research: research
          ? { keywords: research.keywords, questions: research.questions }
          : undefined,
        // A refresh: the existing article is the draft to improve.
        ...(imported && !(revision && reviewed)
          ? {
              revise: {
                reason: "refresh an existing article",
                previousDraft: imported.markdown.slice(0, 8000),
                improve: imported.before.factors
                  .flatMap((f) => (f.applicable && f.score < 80 ? f.suggestions : []))
                  .slice(0, 12),
              },
            }
          : {}),
        ...(revision && reviewed
          ? {
              revise: {
                reason: revision.reason,
                previousDraft: ctx.envelope.outputs[ctx.stage.name]
                  ? (ctx.envelope.outputs[ctx.stage.name] as DraftOutput).markdown.slice(0, 8000)
                  : undefined,
                improve: [
                  ...(reviewed.content?.factors ?? []).flatMap((f) =>
                    f.applicable && f.score < 80 ? f.suggestions : [],
                  ),
                  ...reviewed.critique.suggestions,
                ].slice(0, 12),
              },
            }
          : {}),
        // Numbered sources to build on and cite as [n]; assemble resolves the numbers.
        ...(sources.length > 0
          ? { sources: sources.map((s) => ({ id: s.id, title: s.title, facts: s.facts })) }
          : {}),
      },
      { json: false, stream: true },
    );
    // Some models wrap the whole answer in a ```markdown fence.
    const fenced = /^```(?:markdown|md)?\s*\n([\s\S]*?)\n```\s*$/.exec(markdown.trim());
    if (fenced) markdown = fenced[1]!;
    markdown = escapeRawHtml(markdown.trim());
    const wordCount = countWords(markdown);
    if (wordCount < 50) {
      throw new LlmOutputInvalidError(`the draft has only ${wordCount} words`);
    }
    return { markdown, wordCount };
  },
};
