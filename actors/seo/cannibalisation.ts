/**
 * Cannibalisation check: would an article for a new keyword compete with one the site already
 * has? Flagged before any money is spent on writing it.
 *
 * Measure: the overlap coefficient (Szymkiewicz–Simpson) of stemmed term sets,
 * |A ∩ B| / min(|A|, |B|), where A is the candidate's keyword (plus its extra terms) and B an
 * existing article's title plus its keyword. Jaccard would divide by the union, so a short
 * keyword against a long title ("běžecké boty" against "Nejlepší běžecké boty pro
 * začátečníky") would look unrelated (2/4); the overlap coefficient asks whether the shorter
 * side is contained in the longer one (2/2). Stopwords, numbers and words under three letters
 * are not terms; stemming makes inflected forms meet (boty/botách, shoe/shoes).
 *
 * An existing article's text, when given, adds a second, weaker signal: the share of the
 * candidate's terms among the text's most frequent terms, times TEXT_SIGNAL_WEIGHT, so a page
 * whose body is all about the candidate's topic is found even under an unrelated title.
 */
import { type LanguageTools, languageTools, termCounts, termStems } from "./terms.ts";
import { markdownToText } from "./tokenise.ts";

/** Similarity at or above which an existing article is reported. */
export const DEFAULT_OVERLAP_THRESHOLD = 0.6;
/** Most frequent terms of an existing article's text that count as its topic. */
export const TEXT_TOP_TERMS = 15;
/** The text signal can reach at most this similarity. */
export const TEXT_SIGNAL_WEIGHT = 0.75;

export interface CannibalisationCandidate {
  keyword: string;
  /** BCP 47; decides stemming and stopwords for both sides. */
  language: string;
  /** Further terms of the planned article (from research), added to the keyword's. */
  terms?: string[];
}

export interface ExistingArticle {
  url: string;
  title: string;
  keyword?: string;
  /** Plain text or Markdown of the article. */
  text?: string;
}

export interface OverlapOptions {
  /**
   * Similarity (0–1) at or above which an article is reported.
   * @default DEFAULT_OVERLAP_THRESHOLD (0.6)
   */
  threshold?: number;
}

export interface Overlap {
  url: string;
  title: string;
  /** 0–1, three decimals. */
  similarity: number;
}

/** |A ∩ B| / min(|A|, |B|); 0 when either set is empty. */
export function overlapCoefficient(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let common = 0;
  for (const x of a) if (b.has(x)) common++;
  return common / Math.min(a.size, b.size);
}

/** The most frequent term stems of a text (ties: alphabetical), each used at least twice. */
function topTerms(text: string, tools: LanguageTools): Set<string> {
  const counts = termCounts(markdownToText(text), tools).unigrams;
  return new Set(
    [...counts]
      .filter(([, n]) => n >= 2)
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, TEXT_TOP_TERMS)
      .map(([stem]) => fold(stem)),
  );
}

/**
 * Diacritics dropped: a sitemap's titles often come from URL slugs ("bezecke-boty"), which
 * lose them. Stems are taken from the text as written (the Czech stemmer reads endings by
 * their diacritics: -ých, -ách) and from the folded text (as a slug spells it), then folded.
 */
function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "");
}

function foldedStems(text: string, tools: LanguageTools): string[] {
  const stems = [...termStems(text, tools), ...termStems(fold(text), tools)].map(fold);
  return [...new Set(stems)];
}

/** Similarity of a candidate's term set to one existing article. */
function similarity(candidate: Set<string>, page: ExistingArticle, tools: LanguageTools): number {
  const own = new Set(foldedStems(`${page.title}\n${page.keyword ?? ""}`, tools));
  let best = overlapCoefficient(candidate, own);
  if (page.text) {
    const top = topTerms(page.text, tools);
    let common = 0;
    for (const x of candidate) if (top.has(x)) common++;
    if (candidate.size > 0) best = Math.max(best, (TEXT_SIGNAL_WEIGHT * common) / candidate.size);
  }
  return Math.round(best * 1000) / 1000;
}

/**
 * Existing articles that a new article for `candidate` would overlap, most similar first (ties:
 * by URL). See the file header for the measure.
 */
export function findOverlaps(
  candidate: CannibalisationCandidate,
  existing: ExistingArticle[],
  opts: OverlapOptions = {},
): Overlap[] {
  if (typeof candidate?.keyword !== "string" || candidate.keyword.trim() === "") {
    throw new TypeError("candidate.keyword must be a non-empty string");
  }
  if (typeof candidate.language !== "string" || candidate.language === "") {
    throw new TypeError("candidate.language must be a BCP 47 tag");
  }
  if (!Array.isArray(existing)) throw new TypeError("existing must be an array of articles");
  const threshold = opts.threshold ?? DEFAULT_OVERLAP_THRESHOLD;
  if (!(threshold >= 0 && threshold <= 1)) {
    throw new RangeError(`threshold must be between 0 and 1 (got ${threshold})`);
  }
  const tools = languageTools(candidate.language);
  const terms = new Set(foldedStems(candidate.keyword, tools));
  for (const t of candidate.terms ?? []) for (const s of foldedStems(t, tools)) terms.add(s);
  return existing
    .map((page) => ({
      url: page.url,
      title: page.title,
      similarity: similarity(terms, page, tools),
    }))
    .filter((o) => o.similarity > 0 && o.similarity >= threshold)
    .sort((a, b) => b.similarity - a.similarity || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}
