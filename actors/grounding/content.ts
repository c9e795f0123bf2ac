/**
 * The content score of a draft in a workflow: against the pages that rank for its keyword
 * (the research stage's artifact) when there are any, else against the request alone.
 */
import type { WorkflowRequest } from "../../core/request.ts";
import type { CompetitorPage } from "../seo/competitors.ts";
import { type ContentScore, scoreContent } from "../seo/content-score.ts";
import type { ArtifactStore, Grounding, ReadablePage } from "./types.ts";

/** The ranking pages a research stage stored; empty when there are none. */
export async function competitorPages(
  artifacts: ArtifactStore | undefined,
  grounding: Grounding | undefined,
): Promise<CompetitorPage[]> {
  if (!artifacts || !grounding?.pagesArtifact) return [];
  const pages = (await artifacts.get<ReadablePage[]>(grounding.pagesArtifact)) ?? [];
  return pages.map((p) => ({
    url: p.url,
    title: p.title,
    text: p.text,
    headings: p.headings,
    wordCount: p.wordCount,
  }));
}

export function scoreDraft(
  markdown: string,
  request: WorkflowRequest,
  competitors: CompetitorPage[],
  entities: string[] | undefined,
): ContentScore {
  return scoreContent({
    markdown,
    keyword: request.keyword,
    language: request.language,
    competitors,
    ...(entities && entities.length > 0 ? { entities } : {}),
    wordCountTarget: request.wordCount,
  });
}
