/**
 * Deterministic SEO checks of a draft: length, keyword use, heading structure and the meta
 * fields. Pure, so they are table-tested and the review score is reproducible.
 */
import { h2Headings, parseArticle, sameHeading } from "./markdown.ts";
import {
  containsKeyword,
  countWords,
  keywordDensity,
  MAX_META_LENGTH,
  MAX_TITLE_LENGTH,
} from "./text.ts";

export interface CheckResult {
  id: string;
  ok: boolean;
  detail: string;
}

export interface ChecksInput {
  keyword: string;
  wordCountTarget: number;
  markdown: string;
  outlineHeadings: string[];
  title: string;
  metaDescription: string;
}

/** Acceptable density of the keyword phrase. Below: under-optimised; above: stuffing. */
export const DENSITY_RANGE = { min: 0.003, max: 0.03 };
/** Acceptable length against the target. */
export const LENGTH_RANGE = { min: 0.7, max: 1.5 };

export function reviewChecks(i: ChecksInput): CheckResult[] {
  const words = countWords(i.markdown);
  const article = parseArticle(i.markdown);
  const firstParagraph = article.intro.split(/\n\s*\n/)[0] ?? "";
  const density = keywordDensity(i.markdown, i.keyword);
  const h2s = h2Headings(i.markdown);
  const headingsMatch =
    i.outlineHeadings.length > 0 &&
    i.outlineHeadings.every((h, idx) => h2s[idx] !== undefined && sameHeading(h, h2s[idx]!));
  return [
    {
      id: "word-count",
      ok:
        words >= i.wordCountTarget * LENGTH_RANGE.min &&
        words <= i.wordCountTarget * LENGTH_RANGE.max,
      detail: `${words} words for a target of ${i.wordCountTarget}`,
    },
    {
      id: "keyword-in-title",
      ok: containsKeyword(i.title, i.keyword),
      detail: `title: ${i.title}`,
    },
    {
      id: "keyword-in-h1",
      ok: article.h1 !== undefined && containsKeyword(article.h1, i.keyword),
      detail: `h1: ${article.h1 ?? "(none)"}`,
    },
    {
      id: "keyword-in-intro",
      ok: containsKeyword(firstParagraph, i.keyword),
      detail: "the keyword should appear in the first paragraph",
    },
    {
      id: "keyword-density",
      ok: density >= DENSITY_RANGE.min && density <= DENSITY_RANGE.max,
      detail: `${(density * 100).toFixed(2)} % (aim for ${DENSITY_RANGE.min * 100}–${DENSITY_RANGE.max * 100} %)`,
    },
    {
      id: "headings-follow-outline",
      ok: headingsMatch,
      detail: `${h2s.length} H2 headings, ${i.outlineHeadings.length} in the outline`,
    },
    {
      id: "title-length",
      ok: i.title.length > 0 && i.title.length <= MAX_TITLE_LENGTH,
      detail: `${i.title.length} characters (max ${MAX_TITLE_LENGTH})`,
    },
    {
      id: "meta-description-length",
      ok: i.metaDescription.length >= 50 && i.metaDescription.length <= MAX_META_LENGTH,
      detail: `${i.metaDescription.length} characters (50–${MAX_META_LENGTH})`,
    },
  ];
}

/** Share of passed checks, 0–100. */
export function checksScore(checks: CheckResult[]): number {
  if (checks.length === 0) return 0;
  return Math.round((100 * checks.filter((c) => c.ok).length) / checks.length);
}
