/**
 * The factors of the content score, each a pure function from a measured draft to a 0–100
 * sub-score with the value it measured, its target and what to change. content-score.ts weighs
 * them; docs/content-score.md explains each one.
 */
import type { CompetitorEntity, WeightedTerm } from "./competitors.ts";
import { readabilityOf } from "./readability.ts";
import {
  countSequence,
  type LanguageTools,
  stemSequence,
  type TermCounts,
  termStems,
} from "./terms.ts";
import type { MarkdownHeading } from "./tokenise.ts";

/** One factor's result before weighting. */
export interface FactorResult {
  /** 0–100, integer. */
  score: number;
  /** The measured quantity (a share, a count, a percentage: see `target`). */
  value: number;
  /** The target, in words. */
  target: string;
  /** What was measured, in words. */
  detail: string;
  /** Concrete changes that would raise the score (missing terms, failed heading checks). */
  suggestions: string[];
}

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));
const round = (n: number, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits;
const percent = (share: number) => `${round(share * 100)} %`;

/** Weighted term coverage that scores 100. */
export const TERM_COVERAGE_TARGET = 0.6;
/** Missing terms listed as suggestions. */
export const MAX_SUGGESTIONS = 10;

/**
 * Share of the competitors' term weight the draft covers: a term counts once it occurs at all
 * (its stem, or both stems of a bigram next to each other). 100 at TERM_COVERAGE_TARGET or
 * more, linear below.
 */
export function termCoverage(draft: TermCounts, terms: readonly WeightedTerm[]): FactorResult {
  let total = 0;
  let covered = 0;
  const missing: WeightedTerm[] = [];
  for (const t of terms) {
    total += t.weight;
    const present = (t.kind === "unigram" ? draft.unigrams : draft.bigrams).has(t.term);
    if (present) covered += t.weight;
    else missing.push(t);
  }
  const share = total > 0 ? covered / total : 0;
  return {
    score: Math.round(100 * clamp(share / TERM_COVERAGE_TARGET, 0, 1)),
    value: round(share, 3),
    target: `≥ ${percent(TERM_COVERAGE_TARGET)} of the competitors' term weight`,
    detail: `covers ${percent(share)} of the weight of ${terms.length} terms (${terms.length - missing.length} used)`,
    suggestions: missing.slice(0, MAX_SUGGESTIONS).map((t) => t.display),
  };
}

/** Weighted entity coverage that scores 100. */
export const ENTITY_COVERAGE_TARGET = 0.6;

/**
 * Share of the entities the draft mentions, in any inflected form (stem sequences match).
 * Research entities weigh 1, competitor entities the share of pages that mention them.
 */
export function entityCoverage(
  draftStems: readonly string[],
  entities: readonly CompetitorEntity[],
  competitorPages: number,
): FactorResult {
  let total = 0;
  let covered = 0;
  const missing: string[] = [];
  for (const e of entities) {
    const w = e.source === "research" ? 1 : e.pages / Math.max(1, competitorPages);
    total += w;
    if (countSequence(draftStems, e.key.split(" ")) > 0) covered += w;
    else missing.push(e.text);
  }
  const share = total > 0 ? covered / total : 0;
  return {
    score: Math.round(100 * clamp(share / ENTITY_COVERAGE_TARGET, 0, 1)),
    value: round(share, 3),
    target: `≥ ${percent(ENTITY_COVERAGE_TARGET)} of the entities' weight`,
    detail: `mentions ${entities.length - missing.length} of ${entities.length} entities (${percent(share)} of their weight)`,
    suggestions: missing.slice(0, MAX_SUGGESTIONS),
  };
}

/** Points of each heading check; they add up to 100. */
export const HEADING_CHECK_POINTS = {
  oneH1: 25,
  enoughH2: 20,
  noSkippedLevels: 15,
  keywordInH1: 15,
  keywordInH2: 15,
  h2NotStuffed: 10,
} as const;
/** H2 headings a full article has. */
export const MIN_H2 = 3;

/** Whether every term stem of the keyword occurs among a heading's stems. */
function headingHasKeyword(heading: string, keywordStems: readonly string[], tools: LanguageTools) {
  if (keywordStems.length === 0) return false;
  const stems = new Set(termStems(heading, tools));
  return keywordStems.every((s) => stems.has(s));
}

/**
 * Heading structure: exactly one H1, at least MIN_H2 H2s, no skipped level (H2 → H4), the
 * keyword (any inflected form) in the H1 and in at least one H2, but in no more than half of
 * the H2s. Each check has its points (HEADING_CHECK_POINTS); too few H2s get partial points.
 */
export function headingStructure(
  headings: readonly MarkdownHeading[],
  keyword: string,
  tools: LanguageTools,
): FactorResult {
  const P = HEADING_CHECK_POINTS;
  const kw = termStems(keyword, tools);
  const h1 = headings.filter((h) => h.level === 1);
  const h2 = headings.filter((h) => h.level === 2);
  const h2WithKeyword = h2.filter((h) => headingHasKeyword(h.text, kw, tools)).length;
  const skips: string[] = [];
  let previous = 1;
  for (const h of headings) {
    if (h.level > previous + 1) skips.push(`H${previous} → H${h.level} ("${h.text}")`);
    previous = h.level;
  }
  const suggestions: string[] = [];
  let points = 0;
  let passed = 0;
  const check = (ok: boolean, pts: number, fix: string, partial?: number) => {
    if (ok) {
      points += pts;
      passed++;
    } else {
      points += partial ?? 0;
      suggestions.push(fix);
    }
  };
  check(
    h1.length === 1,
    P.oneH1,
    h1.length === 0 ? "add one H1" : `keep one H1 (found ${h1.length})`,
  );
  check(
    h2.length >= MIN_H2,
    P.enoughH2,
    `use at least ${MIN_H2} H2 sections (found ${h2.length})`,
    (P.enoughH2 * h2.length) / MIN_H2,
  );
  check(skips.length === 0, P.noSkippedLevels, `do not skip heading levels: ${skips.join(", ")}`);
  check(
    h1.some((h) => headingHasKeyword(h.text, kw, tools)),
    P.keywordInH1,
    `put "${keyword}" in the H1`,
  );
  check(h2WithKeyword >= 1, P.keywordInH2, `put "${keyword}" in at least one H2`);
  check(
    h2.length < 2 || h2WithKeyword <= h2.length / 2,
    P.h2NotStuffed,
    `"${keyword}" is in ${h2WithKeyword} of ${h2.length} H2s: keep it to at most half`,
  );
  return {
    score: Math.round(points),
    value: passed,
    target:
      "all 6 checks: one H1, ≥ 3 H2, no skipped level, keyword in H1 and an H2, in ≤ half of the H2s",
    detail: `${h1.length} H1, ${h2.length} H2, keyword in ${h2WithKeyword} H2; ${passed} of 6 checks pass`,
    suggestions,
  };
}

/** Length band (share of the target) that scores 100. */
export const LENGTH_BAND = { min: 0.8, max: 1.5 } as const;
/** Share of the target at which a short draft scores 0. */
export const LENGTH_ZERO = 0.3;
/** Score of a draft three times the target or longer (long is not wrong, only padded). */
export const LENGTH_LONG_FLOOR = 50;

/** Words against a target: 100 within LENGTH_BAND, linear to 0 at LENGTH_ZERO, gentle above. */
export function lengthFactor(words: number, target: number, source: string): FactorResult {
  const r = words / target;
  let score: number;
  if (r < LENGTH_ZERO) score = 0;
  else if (r < LENGTH_BAND.min) score = (100 * (r - LENGTH_ZERO)) / (LENGTH_BAND.min - LENGTH_ZERO);
  else if (r <= LENGTH_BAND.max) score = 100;
  else
    score = Math.max(
      LENGTH_LONG_FLOOR,
      100 - ((100 - LENGTH_LONG_FLOOR) * (r - LENGTH_BAND.max)) / 1.5,
    );
  const lo = Math.round(target * LENGTH_BAND.min);
  const hi = Math.round(target * LENGTH_BAND.max);
  return {
    score: Math.round(score),
    value: words,
    target: `${lo}–${hi} words (${source}: ${target})`,
    detail: `${words} words, ${round(r * 100)} % of ${target}`,
    suggestions:
      r < LENGTH_BAND.min
        ? [`add about ${lo - words} words`]
        : r > LENGTH_BAND.max
          ? [`cut about ${words - hi} words`]
          : [],
  };
}

/** Readability sub-score of readability.ts, as a factor. */
export function readabilityFactor(markdown: string, language: string): FactorResult {
  const r = readabilityOf(markdown, language);
  const name = r.measure === "lix" ? "LIX" : "Flesch reading ease";
  const easier = r.band.higherIsEasier ? "higher" : "lower";
  return {
    score: r.score,
    value: r.value,
    target: `${name} ${r.band.min}–${r.band.max}`,
    detail: `${name} ${r.value}: ${r.wordsPerSentence} words per sentence over ${r.sentences} sentences`,
    suggestions:
      r.score < 100 && (r.band.higherIsEasier ? r.value < r.band.min : r.value > r.band.max)
        ? [`shorter sentences and plainer words (${easier} ${name} is easier)`]
        : [],
  };
}

/** Keyword density (percent of words) that scores 100. */
export const DENSITY_BAND = { min: 0.5, max: 2.5 } as const;
/** Above DENSITY_BAND.max the score falls to DENSITY_GUARD_SCORE at DENSITY_GUARD_AT… */
export const DENSITY_GUARD_AT = 3;
export const DENSITY_GUARD_SCORE = 70;
/** …and from there steeply to 0 at DENSITY_ZERO_AT: over-optimisation. */
export const DENSITY_ZERO_AT = 5;
/** Taken off for each H2–H6 heading beyond the first that is just the keyword. */
export const EXACT_HEADING_PENALTY = 20;

/** The density sub-score (before the heading penalty) of a density in percent. */
export function densityScore(densityPercent: number): number {
  const d = densityPercent;
  if (d <= 0) return 0;
  if (d < DENSITY_BAND.min) return Math.round((100 * d) / DENSITY_BAND.min);
  if (d <= DENSITY_BAND.max) return 100;
  if (d <= DENSITY_GUARD_AT) {
    const t = (d - DENSITY_BAND.max) / (DENSITY_GUARD_AT - DENSITY_BAND.max);
    return Math.round(100 - (100 - DENSITY_GUARD_SCORE) * t);
  }
  const t = (d - DENSITY_GUARD_AT) / (DENSITY_ZERO_AT - DENSITY_GUARD_AT);
  return Math.round(Math.max(0, DENSITY_GUARD_SCORE * (1 - t)));
}

/**
 * Keyword density: occurrences of the keyword phrase in any inflected form (its stem sequence)
 * × its words / all words, headings included. Too low is penalised, DENSITY_BAND is ideal,
 * above DENSITY_GUARD_AT the score falls steeply; headings (H2 and below) that are just the
 * keyword cost EXACT_HEADING_PENALTY each beyond the first.
 */
export function keywordDensity(
  draftStems: readonly string[],
  headings: readonly MarkdownHeading[],
  keyword: string,
  tools: LanguageTools,
): FactorResult {
  const kw = stemSequence(keyword, tools);
  const occurrences = countSequence(draftStems, kw);
  const density = draftStems.length > 0 ? (100 * occurrences * kw.length) / draftStems.length : 0;
  const exact = headings.filter((h) => {
    if (h.level < 2) return false;
    const s = stemSequence(h.text, tools);
    return s.length === kw.length && countSequence(s, kw) === 1;
  }).length;
  const penalty = EXACT_HEADING_PENALTY * Math.max(0, exact - 1);
  const suggestions: string[] = [];
  if (density < DENSITY_BAND.min) suggestions.push(`use "${keyword}" a little more often`);
  if (density > DENSITY_BAND.max) {
    suggestions.push(`use "${keyword}" less often; vary the wording`);
  }
  if (exact > 1) suggestions.push(`${exact} headings are just "${keyword}": reword them`);
  return {
    score: Math.max(0, densityScore(density) - penalty),
    value: round(density, 2),
    target: `${DENSITY_BAND.min}–${DENSITY_BAND.max} % of words; steep penalty above ${DENSITY_GUARD_AT} %`,
    detail: `${occurrences}× in ${draftStems.length} words (${round(density, 2)} %)${exact > 1 ? `; ${exact} headings are just the keyword (−${penalty})` : ""}`,
    suggestions,
  };
}
