/**
 * The content score: 0–100, deterministic, explained factor by factor. A draft is measured
 * against the pages that rank today (terms, entities, length) and against rules that hold
 * without them (heading structure, readability, keyword density). No clock, no randomness, no
 * I/O: the same input gives the same score, so the review stage can record a score and a
 * retry's score and compare them. docs/content-score.md explains every factor.
 */
import { analyseCompetitors, type CompetitorPage } from "./competitors.ts";
import {
  entityCoverage,
  type FactorResult,
  headingStructure,
  keywordDensity,
  lengthFactor,
  readabilityFactor,
  termCoverage,
} from "./content-factors.ts";
import { languageTools, stemSequence, termCounts } from "./terms.ts";
import { parseMarkdown } from "./tokenise.ts";

export type ContentFactorId =
  | "term-coverage"
  | "entity-coverage"
  | "headings"
  | "length"
  | "readability"
  | "keyword-density";

/**
 * Base weights, in points of 100. Factors that do not apply (no competitors, no entities, no
 * length target) drop out and the others are scaled up to fill 100.
 */
export const CONTENT_SCORE_WEIGHTS: Readonly<Record<ContentFactorId, number>> = {
  "term-coverage": 25,
  "entity-coverage": 10,
  headings: 15,
  length: 15,
  readability: 15,
  "keyword-density": 20,
};

/** Changes whenever a weight, a factor or a factor's thresholds change. */
export const CONTENT_SCORE_VERSION = "1";

const LABELS: Record<ContentFactorId, string> = {
  "term-coverage": "Term coverage",
  "entity-coverage": "Entity coverage",
  headings: "Heading structure",
  length: "Length",
  readability: "Readability",
  "keyword-density": "Keyword density",
};

/** Factors in the order they are reported. */
const ORDER: readonly ContentFactorId[] = [
  "term-coverage",
  "entity-coverage",
  "headings",
  "length",
  "readability",
  "keyword-density",
];

export interface ContentScoreInput {
  /** The draft. */
  markdown: string;
  /** The article's keyword (phrase). */
  keyword: string;
  /** BCP 47 language of the draft and the competitor pages. */
  language: string;
  /** Pages that rank for the keyword; may be empty (coverage factors then do not apply). */
  competitors: CompetitorPage[];
  /** Entities from research, added to those found on the competitor pages. */
  entities?: string[];
  /** The requested length in words; used when no competitor page has a word count. */
  wordCountTarget?: number;
}

export interface ContentFactor {
  id: ContentFactorId;
  label: string;
  /** 0–100, integer (0 when not applicable). */
  score: number;
  /** Effective weight, 0–1, after scaling; 0 when not applicable. Weights of a score add up to 1. */
  weight: number;
  /** False when the factor could not be measured (no competitors, entities or target). */
  applicable: boolean;
  /** The measured quantity; null when not applicable. */
  value: number | null;
  target: string;
  detail: string;
  /** Concrete changes that would raise this factor. */
  suggestions: string[];
}

export interface ContentScore {
  /** Integer 0–100: Σ weight × factor score, rounded. */
  score: number;
  factors: ContentFactor[];
  version: string;
}

function validate(input: ContentScoreInput): void {
  if (input === null || typeof input !== "object") {
    throw new TypeError("scoreContent needs an input object");
  }
  if (typeof input.markdown !== "string") throw new TypeError("markdown must be a string");
  if (typeof input.keyword !== "string" || input.keyword.trim() === "") {
    throw new TypeError(
      `keyword must be a non-empty string (got ${JSON.stringify(input.keyword)})`,
    );
  }
  if (
    typeof input.language !== "string" ||
    !/^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*$/.test(input.language)
  ) {
    throw new TypeError(`language must be a BCP 47 tag (got ${JSON.stringify(input.language)})`);
  }
  if (!Array.isArray(input.competitors)) throw new TypeError("competitors must be an array");
  if (input.entities !== undefined && !Array.isArray(input.entities)) {
    throw new TypeError("entities must be an array of strings");
  }
  const t = input.wordCountTarget;
  if (t !== undefined && !(Number.isFinite(t) && t > 0)) {
    throw new RangeError(`wordCountTarget must be a positive number (got ${t})`);
  }
}

/** Scores a draft 0–100 against its keyword, language and competitors. */
export function scoreContent(input: ContentScoreInput): ContentScore {
  validate(input);
  const { markdown, keyword, language, competitors } = input;
  const tools = languageTools(language);
  const parsed = parseMarkdown(markdown);
  const draftStems = stemSequence(parsed.text, tools);
  const analysis = analyseCompetitors(competitors, {
    language,
    keyword,
    ...(input.entities ? { entities: input.entities } : {}),
  });

  const results: Partial<Record<ContentFactorId, FactorResult>> = {};
  const notApplicable: Partial<Record<ContentFactorId, string>> = {};
  if (analysis.terms.length > 0) {
    results["term-coverage"] = termCoverage(termCounts(parsed.text, tools), analysis.terms);
  } else {
    notApplicable["term-coverage"] = "no competitor pages to compare with";
  }
  if (analysis.entities.length > 0) {
    results["entity-coverage"] = entityCoverage(draftStems, analysis.entities, analysis.pages);
  } else {
    notApplicable["entity-coverage"] = "no entities from competitors or research";
  }
  results.headings = headingStructure(parsed.headings, keyword, tools);
  const lengthTarget = analysis.medianWordCount ?? input.wordCountTarget;
  if (lengthTarget !== undefined) {
    const source =
      analysis.medianWordCount !== undefined ? "competitors' median" : "requested length";
    results.length = lengthFactor(draftStems.length, lengthTarget, source);
  } else {
    notApplicable.length = "no competitor word counts and no requested length";
  }
  results.readability = readabilityFactor(markdown, language);
  results["keyword-density"] = keywordDensity(draftStems, parsed.headings, keyword, tools);

  const applicableWeight = ORDER.reduce(
    (sum, id) => sum + (results[id] ? CONTENT_SCORE_WEIGHTS[id] : 0),
    0,
  );
  let total = 0;
  const factors = ORDER.map((id): ContentFactor => {
    const r = results[id];
    if (!r) {
      return {
        id,
        label: LABELS[id],
        score: 0,
        weight: 0,
        applicable: false,
        value: null,
        target: "",
        detail: `not applicable: ${notApplicable[id]}`,
        suggestions: [],
      };
    }
    const weight = CONTENT_SCORE_WEIGHTS[id] / applicableWeight;
    total += weight * r.score;
    return {
      id,
      label: LABELS[id],
      score: r.score,
      weight: Math.round(weight * 1000) / 1000,
      applicable: true,
      value: r.value,
      target: r.target,
      detail: r.detail,
      suggestions: r.suggestions,
    };
  });
  return { score: Math.round(total), factors, version: CONTENT_SCORE_VERSION };
}
