/**
 * What the pages that rank today have in common: their important terms, entities, headings and
 * questions, and their median length. The content score measures a draft against this.
 *
 * Term weights. Each term's weight is BM25's saturated, length-normalised term frequency
 * (k1 = 1.2, b = 0.75), averaged over all competitor pages (a page without the term adds 0):
 *
 *   weight(t) = 1/N · Σ_p tf(t,p)·(k1+1) / (tf(t,p) + k1·(1 − b + b·len(p)/avglen))
 *
 * so document frequency across the competitors enters as prevalence, not as an inverse: among
 * a handful of pages ranking for one query, a term every page uses is the topic's core (an
 * inverse document frequency over those same pages would rank it last). Words that are common
 * in any text are removed by the stopword lists instead of by IDF; languages without a list
 * (see stopwords.ts) keep them. Terms on at least two pages are kept (all terms when there is
 * only one page); weights are scaled so the largest is 1.
 */
import {
  countSequence,
  displayForm,
  type LanguageTools,
  languageTools,
  stemSequence,
  termCounts,
  termStems,
} from "./terms.ts";
import { lowerCase, sentences, wordTokens } from "./tokenise.ts";

/** A competitor page as the fetcher's readable extraction gives it. */
export interface CompetitorPage {
  url: string;
  title: string;
  /** Readable text of the page (Readability's text content). */
  text: string;
  headings: { level: number; text: string }[];
  wordCount: number;
}

export interface WeightedTerm {
  /** Stemmed key: one stem, or two stems joined by a space. */
  term: string;
  /** The most frequent lower-case surface form on the pages. */
  display: string;
  kind: "unigram" | "bigram";
  /** 0–1; the heaviest term of the analysis has 1. */
  weight: number;
  /** Competitor pages that use the term. */
  pages: number;
}

export interface CompetitorEntity {
  /** As written on the pages (most frequent form) or as passed in from research. */
  text: string;
  /** Stem sequence used for matching inflected forms, words joined by a space. */
  key: string;
  /** Competitor pages that mention it. */
  pages: number;
  source: "competitors" | "research";
}

export interface CommonHeading {
  /** The first form seen (in page order). */
  text: string;
  /** Competitor pages with this heading or one close to it. */
  pages: number;
}

export interface CompetitorAnalysis {
  /** Number of competitor pages analysed. */
  pages: number;
  /** Heaviest first (ties: by term). */
  terms: WeightedTerm[];
  /** Most pages first (research entities included whatever their count). */
  entities: CompetitorEntity[];
  /** Headings (H2 and below) that several pages share, most pages first. */
  headings: CommonHeading[];
  /** Questions from headings and text, most pages first. */
  questions: CommonHeading[];
  /** Median `wordCount` of pages with text; undefined without any. */
  medianWordCount: number | undefined;
}

export interface CompetitorAnalysisOptions {
  /** BCP 47 language of the pages; decides stemming and stopwords. */
  language: string;
  /** The article's keyword: its own stems are not listed as terms (density scores them). */
  keyword?: string;
  /** Entities from research, always listed. */
  entities?: string[];
  /** @default 40 */
  maxUnigrams?: number;
  /** @default 20 */
  maxBigrams?: number;
  /** @default 30 */
  maxEntities?: number;
  /** @default 20 */
  maxQuestions?: number;
}

export const DEFAULT_MAX_UNIGRAMS = 40;
export const DEFAULT_MAX_BIGRAMS = 20;
export const DEFAULT_MAX_ENTITIES = 30;
export const DEFAULT_MAX_QUESTIONS = 20;
/** BM25 parameters (the usual values). */
export const BM25_K1 = 1.2;
export const BM25_B = 0.75;
/** Headings whose term-stem sets overlap at least this much (Jaccard) count as one. */
export const HEADING_SIMILARITY = 0.5;

/** Median of positive numbers, rounded; undefined for none. */
export function median(values: number[]): number | undefined {
  const v = values.filter((n) => Number.isFinite(n) && n > 0).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const mid = Math.floor(v.length / 2);
  return Math.round(v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2);
}

function weighTerms(
  pages: CompetitorPage[],
  tools: LanguageTools,
  excluded: ReadonlySet<string>,
  opts: CompetitorAnalysisOptions,
): WeightedTerm[] {
  const counts = pages.map((p) => termCounts(`${p.title}\n${p.text}`, tools));
  const avgLen = counts.reduce((s, c) => s + c.words, 0) / Math.max(1, counts.length) || 1;
  const minPages = Math.min(2, pages.length);
  const collect = (kind: "unigram" | "bigram", max: number): WeightedTerm[] => {
    const sum = new Map<string, { weight: number; pages: number }>();
    const surfaces = new Map<string, Map<string, number>>();
    for (const c of counts) {
      const norm = BM25_K1 * (1 - BM25_B + (BM25_B * c.words) / avgLen);
      for (const [term, tf] of kind === "unigram" ? c.unigrams : c.bigrams) {
        if (excluded.has(term)) continue;
        const s = sum.get(term) ?? { weight: 0, pages: 0 };
        s.weight += (tf * (BM25_K1 + 1)) / (tf + norm);
        s.pages++;
        sum.set(term, s);
        const forms = c.surfaces.get(term);
        if (forms) {
          const all = surfaces.get(term) ?? new Map<string, number>();
          for (const [f, n] of forms) all.set(f, (all.get(f) ?? 0) + n);
          surfaces.set(term, all);
        }
      }
    }
    return [...sum]
      .filter(([, s]) => s.pages >= minPages)
      .map(([term, s]) => ({
        term,
        display: displayForm(surfaces.get(term), term),
        kind,
        weight: s.weight / pages.length,
        pages: s.pages,
      }))
      .sort(byWeight)
      .slice(0, max);
  };
  const all = [
    ...collect("unigram", opts.maxUnigrams ?? DEFAULT_MAX_UNIGRAMS),
    ...collect("bigram", opts.maxBigrams ?? DEFAULT_MAX_BIGRAMS),
  ];
  const top = all.reduce((m, t) => Math.max(m, t.weight), 0) || 1;
  return all
    .map((t) => ({ ...t, weight: Math.round((1000 * t.weight) / top) / 1000 }))
    .sort(byWeight);
}

function byWeight(a: WeightedTerm, b: WeightedTerm): number {
  return b.weight - a.weight || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0);
}

// A number and its unit: 10 mm, 3,5 km, 280 g, 25 %, 3 000 Kč, $120.
const NUMBER_WITH_UNIT =
  /(?<![\p{L}\p{N}])(\d{1,3}(?:[  ]\d{3})+|\d+(?:[.,]\d+)?)\s?(km\/h|km|cm|mm|m|kg|g|mg|ml|l|kcal|mph|miles|mi|min|h|%|Kč|EUR|USD|€|\$|£)(?![\p{L}\p{N}])|([$€£])\s?(\d+(?:[.,]\d+)?)/gu;

function numberEntities(sentence: string): string[] {
  const out: string[] = [];
  for (const m of sentence.matchAll(NUMBER_WITH_UNIT)) {
    if (m[3]) out.push(`${m[3]}${m[4]}`);
    else out.push(`${m[1]!.replace(/[  ]/g, " ")} ${m[2]}`);
  }
  return out;
}

const UNIT = /^(?:Kč|EUR|USD|CZK|GBP|km|kg|kcal|mph)$/u;
const isCapitalised = (token: string) => /^\p{Lu}/u.test(token);
const isNumber = (token: string) => /^\p{N}+(?:[.,]\p{N}+)*$/u.test(token);

/**
 * Candidate names in one sentence: runs of capitalised words (numbers may follow: Pegasus 40),
 * without leading stopwords (The, Pokud). At the start of a sentence a capital means nothing,
 * so there a run needs two capitalised words, and its first word is dropped when the pages use
 * it in lower case elsewhere (an ordinary word: "Ask Garmin" → Garmin). An ordinary word the
 * pages never write in lower case stays part of the name: a known limit of the heuristic.
 */
function nameEntities(
  sentence: string,
  tools: LanguageTools,
  lowerCaseWords: ReadonlySet<string>,
): string[] {
  const out: string[] = [];
  let position = 0;
  // Punctuation (commas, brackets, dashes) ends a name.
  for (const run of sentence.split(/[^\p{L}\p{M}\p{N}\s'’‐-]+/u)) {
    let current: string[] = [];
    let atStart = false;
    const flush = () => {
      const lower = () => lowerCase(current[0]!, tools.language);
      while (current.length > 0 && tools.stopwords.has(lower())) {
        current.shift();
        atStart = false;
      }
      if (atStart && current.length > 1 && lowerCaseWords.has(lower())) {
        current.shift();
        atStart = false;
      }
      const capitals = current.filter(isCapitalised).length;
      const single = current.length === 1 && UNIT.test(current[0]!);
      if (!single && capitals >= (atStart ? 2 : 1)) out.push(current.join(" "));
      current = [];
    };
    for (const token of wordTokens(run)) {
      if (isCapitalised(token)) {
        if (current.length === 0) atStart = position === 0;
        current.push(token);
      } else if (isNumber(token) && current.length > 0) {
        current.push(token);
      } else {
        flush();
      }
      position++;
    }
    flush();
  }
  return out;
}

/** Words the pages write in lower case somewhere (so they are ordinary words, not names). */
function lowerCaseVocabulary(pages: CompetitorPage[], tools: LanguageTools): Set<string> {
  const out = new Set<string>();
  for (const p of pages) {
    for (const token of wordTokens(p.text)) {
      if (/^\p{Ll}/u.test(token)) out.add(lowerCase(token, tools.language));
    }
  }
  return out;
}

interface Tally {
  display: Map<string, number>;
  pages: Set<number>;
  firstSeen: number;
}

function tally(map: Map<string, Tally>, key: string, surface: string, page: number, seq: number) {
  const t = map.get(key) ?? { display: new Map(), pages: new Set(), firstSeen: seq };
  t.display.set(surface, (t.display.get(surface) ?? 0) + 1);
  t.pages.add(page);
  map.set(key, t);
}

function findEntities(
  pages: CompetitorPage[],
  tools: LanguageTools,
  keywordKey: string,
  opts: CompetitorAnalysisOptions,
): CompetitorEntity[] {
  const found = new Map<string, Tally>();
  const lowerCaseWords = lowerCaseVocabulary(pages, tools);
  let seq = 0;
  pages.forEach((page, i) => {
    for (const sentence of sentences(page.text)) {
      for (const name of [
        ...nameEntities(sentence, tools, lowerCaseWords),
        ...numberEntities(sentence),
      ]) {
        const key = stemSequence(name, tools).join(" ");
        if (key && key !== keywordKey) tally(found, key, name, i, seq++);
      }
    }
  });
  const minPages = Math.min(2, pages.length);
  const fromPages: CompetitorEntity[] = [...found]
    .filter(([, t]) => t.pages.size >= minPages)
    .sort(
      ([ka, a], [kb, b]) =>
        b.pages.size - a.pages.size || a.firstSeen - b.firstSeen || (ka < kb ? -1 : 1),
    )
    .slice(0, opts.maxEntities ?? DEFAULT_MAX_ENTITIES)
    .map(([key, t]) => ({
      text: displayForm(t.display, key),
      key,
      pages: t.pages.size,
      source: "competitors" as const,
    }));
  const pageStems = pages.map((p) => stemSequence(`${p.title}\n${p.text}`, tools));
  const research: CompetitorEntity[] = [];
  const seen = new Set(fromPages.map((e) => e.key));
  for (const raw of opts.entities ?? []) {
    const text = raw.trim();
    const stems = stemSequence(text, tools);
    const key = stems.join(" ");
    if (!key || seen.has(key)) continue;
    seen.add(key);
    const onPages = pageStems.filter((s) => countSequence(s, stems) > 0).length;
    research.push({ text, key, pages: onPages, source: "research" });
  }
  return [...research, ...fromPages];
}

/**
 * Groups texts (headings, questions) whose term stems overlap by HEADING_SIMILARITY or more,
 * in order of appearance; each group counts the pages it occurs on.
 */
function groupSimilar(
  items: { text: string; page: number }[],
  tools: LanguageTools,
  ignore: ReadonlySet<string>,
): { text: string; pages: number; order: number }[] {
  const groups: { text: string; stems: Set<string>; pages: Set<number>; order: number }[] = [];
  items.forEach((item, order) => {
    // The keyword's stems are in many headings; they would make unrelated headings similar.
    const all = termStems(item.text, tools);
    const own = all.filter((s) => !ignore.has(s));
    const stems = new Set(own.length > 0 ? own : all);
    if (stems.size === 0) return;
    const group = groups.find((g) => jaccard(g.stems, stems) >= HEADING_SIMILARITY);
    if (group) group.pages.add(item.page);
    else groups.push({ text: item.text, stems, pages: new Set([item.page]), order });
  });
  return groups
    .map((g) => ({ text: g.text, pages: g.pages.size, order: g.order }))
    .sort((a, b) => b.pages - a.pages || a.order - b.order);
}

/** |A ∩ B| / |A ∪ B| of two sets (0 for two empty sets). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let common = 0;
  for (const x of a) if (b.has(x)) common++;
  const union = a.size + b.size - common;
  return union === 0 ? 0 : common / union;
}

const MAX_QUESTION_WORDS = 20;

/** The important terms, entities, headings, questions and median length of competitor pages. */
export function analyseCompetitors(
  pages: CompetitorPage[],
  opts: CompetitorAnalysisOptions,
): CompetitorAnalysis {
  if (!Array.isArray(pages)) throw new TypeError("pages must be an array of competitor pages");
  pages.forEach((p, i) => {
    if (typeof p?.text !== "string" || typeof p.title !== "string" || !Array.isArray(p.headings)) {
      throw new TypeError(`pages[${i}] must have a string title and text and a headings array`);
    }
  });
  const tools = languageTools(opts.language);
  const keywordStems = opts.keyword ? termStems(opts.keyword, tools) : [];
  const excluded = new Set(keywordStems);
  if (keywordStems.length === 2) excluded.add(keywordStems.join(" "));
  const keywordKey = opts.keyword ? stemSequence(opts.keyword, tools).join(" ") : "";

  const headingItems = pages.flatMap((p, page) =>
    p.headings.filter((h) => h.level >= 2).map((h) => ({ text: h.text, page })),
  );
  const minPages = Math.min(2, pages.length);
  const headings = groupSimilar(headingItems, tools, excluded)
    .filter((g) => g.pages >= minPages)
    .map(({ text, pages: n }) => ({ text, pages: n }));

  const questionItems = pages.flatMap((p, page) => [
    ...p.headings
      .filter((h) => h.text.trim().endsWith("?"))
      .map((h) => ({ text: h.text.trim(), page })),
    ...sentences(p.text)
      .filter((s) => s.endsWith("?") && wordTokens(s).length <= MAX_QUESTION_WORDS)
      .map((text) => ({ text, page })),
  ]);
  const questions = groupSimilar(questionItems, tools, excluded)
    .slice(0, opts.maxQuestions ?? DEFAULT_MAX_QUESTIONS)
    .map(({ text, pages: n }) => ({ text, pages: n }));

  return {
    pages: pages.length,
    terms: pages.length > 0 ? weighTerms(pages, tools, excluded, opts) : [],
    entities: findEntities(pages, tools, keywordKey, opts),
    headings,
    questions,
    medianWordCount: median(pages.map((p) => p.wordCount)),
  };
}
