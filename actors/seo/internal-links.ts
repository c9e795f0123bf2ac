/**
 * Internal links: a few links from a new article to relevant pages of the same site, on
 * words the article already uses.
 *
 * Candidates come from the site's sitemap (with titles, or titles made from their URLs).
 * A candidate is relevant when the article's body paragraphs contain most of the words of
 * its title and URL slug; a link is placed on a phrase of 1–6 words of one paragraph made of
 * such words and stopwords only, starting and ending with such a word ("běžeckých botách" for
 * a page titled "Běžecké boty", "plán na maraton"), so the anchor is the article's own text
 * and names the target's topic. Nothing is rewritten:
 * the phrase becomes `[phrase](url)`.
 *
 * How words compare (diacritics folded, Czech endings cut, English stemmed) is in
 * link-match.ts. Words shared by many candidates ("blog", the brand) weigh less (IDF over the
 * candidates), so a candidate is not linked for the words every page has.
 *
 * Score of a link, 0–1: the mean of (a) the weighted share of the target's words found in
 * the article's body and (b) the weighted share found in the anchor phrase. Ties are broken
 * by paragraph, position and URL, so the same input always gives the same links.
 */
import { parseCitationMarker, referencesSections } from "./citations.ts";
import { type MatchWord, wordsOf } from "./link-match.ts";
import { applyEdits, scanInline, scanMarkdown } from "./markdown-regions.ts";
import { titleFromUrl } from "./sitemap.ts";

/** A page of the site that may be linked to. */
export interface LinkCandidate {
  url: string;
  /** The page's title; empty means "make one from the URL" (`titleFromUrl`). */
  title: string;
}

export interface AddInternalLinksOptions {
  /** BCP 47 language of the article: decides how words are compared. */
  language: string;
  /**
   * The article's own URL, never linked. Compared without scheme, query, fragment and
   * trailing slash, host case-insensitively. Also resolves relative links already in the text.
   */
  selfUrl?: string;
  /**
   * At most this many links are added.
   * @default 3
   */
  max?: number;
  /**
   * The least score (0–1, see the file header) a link needs.
   * @default 0.5
   */
  minScore?: number;
}

/** One link that was added. */
export interface InternalLink {
  /** The candidate's URL, as given (trimmed). */
  url: string;
  /** The article's words the link was put on. */
  anchor: string;
  /** 0–1, rounded to three decimals. */
  score: number;
}

export interface InternalLinksResult {
  markdown: string;
  /** The links added, in document order. */
  links: InternalLink[];
}

export const DEFAULT_MAX_INTERNAL_LINKS = 3;
export const DEFAULT_MIN_LINK_SCORE = 0.5;
/** The longest anchor, in words. */
const MAX_ANCHOR_WORDS = 6;

/**
 * A URL as compared for "is this the same page": host (lowercased by `URL`) and path
 * without a trailing slash; scheme, query and fragment ignored. Undefined unless http(s).
 */
export function pageKey(url: string, base?: string): string | undefined {
  try {
    const u = base === undefined ? new URL(url.trim()) : new URL(url.trim(), base);
    if (u.protocol !== "http:" && u.protocol !== "https:") return undefined;
    return u.host + u.pathname.replace(/\/+$/, "");
  } catch {
    return undefined;
  }
}

interface Paragraph {
  /** Index into the scan's blocks. */
  block: number;
  text: string;
  /** `text` with links, code, HTML and citation markers replaced by `\u0000`. */
  masked: string;
  words: MatchWord[];
}

interface Candidate {
  url: string;
  key: string;
  terms: Map<string, number>; // term key → weight
  total: number;
  relevance: number;
}

interface Placement {
  candidate: Candidate;
  paragraph: number;
  from: number;
  to: number;
  score: number;
}

/**
 * Adds up to `max` links from the article to relevant candidates (see the file header).
 * Only body paragraphs and list items get links: never headings, quotes, tables, code,
 * existing links or the references section. Each target at most once, at most one new link
 * per paragraph, never to `selfUrl` nor to a page the article already links to.
 * @throws {RangeError} when `max` or `minScore` is out of range.
 */
export function addInternalLinks(
  markdown: string,
  candidates: readonly LinkCandidate[],
  opts: AddInternalLinksOptions,
): InternalLinksResult {
  const max = opts.max ?? DEFAULT_MAX_INTERNAL_LINKS;
  const minScore = opts.minScore ?? DEFAULT_MIN_LINK_SCORE;
  if (!Number.isInteger(max) || max < 0) {
    throw new RangeError(`max must be an integer ≥ 0 (got ${max})`);
  }
  if (!(minScore >= 0 && minScore <= 1)) {
    throw new RangeError(`minScore must be between 0 and 1 (got ${minScore})`);
  }
  if (max === 0 || candidates.length === 0) return { markdown, links: [] };

  const scan = scanMarkdown(markdown);
  const inReferences = new Uint8Array(scan.lines.length);
  for (const r of referencesSections(scan)) inReferences.fill(1, r.start, r.end);

  // Body paragraphs, and every link the article already has (from any block).
  const linked = new Set<string>();
  for (const d of scan.definitionUrls) {
    const key = pageKey(d, opts.selfUrl);
    if (key !== undefined) linked.add(key);
  }
  const paragraphs: Paragraph[] = [];
  for (const [index, block] of scan.blocks.entries()) {
    const text = scan.lines.slice(block.start, block.end).join("\n");
    const inline = scanInline(text, scan.labels);
    for (const d of inline.destinations) {
      const key = pageKey(d, opts.selfUrl);
      if (key !== undefined) linked.add(key);
    }
    if (block.kind !== "paragraph" && block.kind !== "list-item") continue;
    if (inReferences[block.start]) continue;
    const masked = maskCitations(inline.masked, inline.plainBrackets);
    paragraphs.push({ block: index, text, masked, words: wordsOf(masked, opts.language) });
  }
  const articleKeys = new Set<string>();
  for (const p of paragraphs) for (const w of p.words) if (!w.stop) articleKeys.add(w.key);

  const pool = candidatePool(candidates, opts, linked);
  const relevant = pool.filter((c) => {
    let found = 0;
    for (const [term, weight] of c.terms) if (articleKeys.has(term)) found += weight;
    c.relevance = found / c.total;
    return c.relevance >= minScore;
  });

  const placements: Placement[] = [];
  for (const candidate of relevant) {
    for (const [pi, p] of paragraphs.entries()) {
      const best = bestPhrase(p, candidate);
      if (!best) continue;
      const score = (candidate.relevance + best.coverage) / 2;
      if (score < minScore) continue;
      placements.push({ candidate, paragraph: pi, from: best.from, to: best.to, score });
    }
  }
  placements.sort(
    (a, b) =>
      b.score - a.score ||
      a.paragraph - b.paragraph ||
      a.from - b.from ||
      compare(a.candidate.url, b.candidate.url),
  );

  const chosen: Placement[] = [];
  const usedTargets = new Set<string>();
  const usedParagraphs = new Set<number>();
  for (const pl of placements) {
    if (chosen.length >= max) break;
    if (usedTargets.has(pl.candidate.key) || usedParagraphs.has(pl.paragraph)) continue;
    usedTargets.add(pl.candidate.key);
    usedParagraphs.add(pl.paragraph);
    chosen.push(pl);
  }
  if (chosen.length === 0) return { markdown, links: [] };
  chosen.sort((a, b) => a.paragraph - b.paragraph);

  const lines = [...scan.lines];
  const links: InternalLink[] = [];
  for (const pl of chosen) {
    const p = paragraphs[pl.paragraph]!;
    const block = scan.blocks[p.block]!;
    const anchor = p.text.slice(pl.from, pl.to);
    const linkText = `[${anchor}](${destination(pl.candidate.url)})`;
    const text = applyEdits(p.text, [{ from: pl.from, to: pl.to, text: linkText }]);
    // An anchor never spans lines (words are joined by spaces or a hyphen only).
    lines.splice(block.start, block.end - block.start, ...text.split("\n"));
    links.push({ url: pl.candidate.url, anchor, score: Math.round(pl.score * 1000) / 1000 });
  }
  // `\r\n` input comes back as `\n`, as scanMarkdown reads it.
  return { markdown: lines.join("\n"), links };
}

/** Citation markers are prose to the scanner but no place for a link: masked too. */
function maskCitations(masked: string, brackets: { open: number; close: number }[]): string {
  const edits: { from: number; to: number; text: string }[] = [];
  for (const { open, close } of brackets) {
    if (parseCitationMarker(masked.slice(open + 1, close)) === undefined) continue;
    edits.push({ from: open, to: close + 1, text: "\u0000".repeat(close + 1 - open) });
  }
  return applyEdits(masked, edits);
}

/** The candidates worth scoring: valid, not the article, not yet linked, each page once. */
function candidatePool(
  candidates: readonly LinkCandidate[],
  opts: AddInternalLinksOptions,
  linked: ReadonlySet<string>,
): Candidate[] {
  const self = opts.selfUrl === undefined ? undefined : pageKey(opts.selfUrl);
  const seen = new Set<string>();
  const pool: { url: string; key: string; words: Set<string> }[] = [];
  for (const c of candidates) {
    const url = c.url.trim();
    const key = pageKey(url);
    // A URL that would need escaping to sit in `[…](…)` is not worth the risk.
    if (key === undefined || /[\s<>]/.test(url)) continue;
    if (key === self || linked.has(key) || seen.has(key)) continue;
    seen.add(key);
    const slug = titleFromUrl(url);
    const words = new Set<string>();
    for (const w of wordsOf(c.title.trim() || slug, opts.language)) if (!w.stop) words.add(w.key);
    // The slug adds words a short title leaves out; its bare numbers (ids, years) do not count.
    for (const w of wordsOf(slug, opts.language)) {
      if (!w.stop && !/^\p{N}+$/u.test(w.key)) words.add(w.key);
    }
    if (words.size > 0) pool.push({ url, key, words });
  }
  // Inverse document frequency over the candidates: a word every page has says little.
  const df = new Map<string, number>();
  for (const c of pool) for (const w of c.words) df.set(w, (df.get(w) ?? 0) + 1);
  return pool.map((c) => {
    const terms = new Map<string, number>();
    let total = 0;
    for (const w of c.words) {
      const weight = Math.log(1 + pool.length / df.get(w)!);
      terms.set(w, weight);
      total += weight;
    }
    return { url: c.url, key: c.key, terms, total, relevance: 0 };
  });
}

/**
 * The phrase of a paragraph that carries most of a candidate's words: 1–6 words joined by
 * spaces (or one hyphen), starting and ending with one of its words, with only its words
 * and stopwords between. Ties: fewer words, then earlier.
 */
function bestPhrase(
  p: Paragraph,
  c: Candidate,
): { from: number; to: number; coverage: number } | undefined {
  let best: { from: number; to: number; coverage: number; words: number } | undefined;
  const { words, masked } = p;
  for (let i = 0; i < words.length; i++) {
    const first = words[i]!;
    if (first.stop || !c.terms.has(first.key) || !canStartLink(masked[first.start - 1])) continue;
    const covered = new Set<string>();
    for (let j = i; j < words.length && j < i + MAX_ANCHOR_WORDS; j++) {
      const w = words[j]!;
      if (j > i && !/^(?:[ \t]+|-)$/.test(masked.slice(words[j - 1]!.end, w.start))) break;
      if (w.stop) continue; // a function word may join the phrase ("plan na maraton")…
      if (!c.terms.has(w.key)) break; // …another content word may not ("vest runners carry")
      if (masked[w.end] === "-") continue;
      covered.add(w.key);
      let weight = 0;
      for (const k of covered) weight += c.terms.get(k)!;
      const coverage = weight / c.total;
      const n = j - i + 1;
      if (!best || coverage > best.coverage || (coverage === best.coverage && n < best.words)) {
        best = { from: first.start, to: w.end, coverage, words: n };
      }
    }
  }
  return best;
}

/**
 * Whether a link may start after this character: not inside a hyphenated compound
 * ("trail-[running](…)" reads badly), not after "!" (that would make an image) or "]" (that
 * could make a reference link).
 */
function canStartLink(before: string | undefined): boolean {
  return before !== "-" && before !== "!" && before !== "]";
}

/** A link destination for `[…](…)`: parentheses escaped so they cannot end it early. */
function destination(url: string): string {
  return url.replace(/\(/g, "%28").replace(/\)/g, "%29");
}

/** Code-unit order: the same in every runtime and locale, unlike `localeCompare`. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
