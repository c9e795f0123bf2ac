/**
 * Review: the content score (deterministic, factor by factor, against the pages that rank),
 * the SEO checks, and an LLM critique, combined into one score. A draft whose content score
 * is under the pipeline's `revise.below` goes back to the draft stage once, on a stronger
 * model, with the factors' suggestions.
 */
import { type CheckResult, checksScore, reviewChecks } from "../article/checks.ts";
import { competitorPages, scoreDraft } from "../grounding/content.ts";
import type { ContentScore } from "../seo/content-score.ts";
import type { DraftOutput } from "./draft.ts";
import { parseJsonObject, stringList, text } from "./json-output.ts";
import type { OptimiseOutput } from "./optimise.ts";
import type { OutlineOutput } from "./outline.ts";
import type { ResearchOutput } from "./research.ts";
import type { Assistant } from "./types.ts";

export interface ReviewOutput {
  /** 0–100: the content score, the checks and the critique, weighted 50 / 30 / 20. */
  score: number;
  /**
   * The deterministic content score with its factors; `revise.below` applies to it. Always
   * given now, but absent in reviews recorded before it existed (a rerun may reuse one):
   * readers fall back to `score`.
   */
  content?: ContentScore;
  checksScore: number;
  checks: CheckResult[];
  critique: { verdict: "pass" | "revise"; score: number; issues: string[]; suggestions: string[] };
  /** Set when this review sent the draft back (the pipeline's `revise` rule). */
  revision?: { reason: string; below: number };
  /** The review of the draft before the revision: both scores stay on record. */
  previous?: { score: number; contentScore: number; iteration: number };
}

export const review: Assistant = {
  needsPrompt: true,
  async run(ctx): Promise<ReviewOutput> {
    const { request } = ctx.envelope;
    const draft = ctx.outputOf<DraftOutput>("draft");
    const outline = ctx.outputOf<OutlineOutput>("outline");
    const meta = ctx.outputOf<OptimiseOutput>("optimise");
    const checks = reviewChecks({
      keyword: request.keyword,
      wordCountTarget: request.wordCount,
      markdown: draft?.markdown ?? "",
      outlineHeadings: outline?.sections.map((s) => s.heading) ?? [],
      title: meta?.title ?? "",
      metaDescription: meta?.metaDescription ?? "",
    });
    const research = ctx.outputOf<ResearchOutput>("research");
    const content = scoreDraft(
      draft?.markdown ?? "",
      request,
      await competitorPages(ctx.artifacts, research?.grounding),
      research?.entities,
    );
    const weak = content.factors.filter((f) => f.applicable && f.score < 70);
    const raw = parseJsonObject(
      await ctx.ask(
        {
          keyword: request.keyword,
          language: request.language,
          title: meta?.title,
          metaDescription: meta?.metaDescription,
          draft: draft?.markdown.slice(0, 12_000),
          checks: [
            ...checks.filter((c) => !c.ok).map((c) => `${c.id}: ${c.detail}`),
            ...weak.map((f) => `${f.id}: ${f.detail}`),
          ],
        },
        { json: true },
      ),
    );
    const llmScore = typeof raw.score === "number" ? Math.max(0, Math.min(100, raw.score)) : 70;
    const fromChecks = checksScore(checks);
    const score = Math.round(content.score * 0.5 + fromChecks * 0.3 + llmScore * 0.2);
    // The review of the first draft, still in the envelope when this one reviews a revision.
    const before = ctx.envelope.outputs[ctx.stage.name] as ReviewOutput | undefined;
    const rule = ctx.stage.revise;
    let revision: ReviewOutput["revision"];
    if (rule && content.score < rule.below) {
      const reason = `content score ${content.score} is under ${rule.below}`;
      if (ctx.requestRevision(reason)) revision = { reason, below: rule.below };
    }
    return {
      ...(revision ? { revision } : {}),
      ...(before && ctx.envelope.iteration > 0
        ? {
            previous: {
              score: before.score,
              contentScore: before.content?.score ?? before.score,
              iteration: ctx.envelope.iteration - 1,
            },
          }
        : {}),
      score,
      content,
      checksScore: fromChecks,
      checks,
      critique: {
        verdict: text(raw.verdict) === "revise" ? "revise" : "pass",
        score: llmScore,
        issues: stringList(raw.issues, 10),
        suggestions: stringList(raw.suggestions, 10),
      },
    };
  },
};
