/**
 * From ranking pages to what the writer cites: a handful of factual sentences per page,
 * chosen deterministically (same page, same facts) so stage memos and tests stay stable.
 */
import type { GroundingSource, ReadablePage } from "./types.ts";

/** Facts taken from one page. */
export const FACTS_PER_SOURCE = 3;
/** A fact is a sentence of this many characters. */
export const MIN_FACT_CHARS = 40;
export const MAX_FACT_CHARS = 240;

/** Splits text into sentences: ends at . ! ? followed by a space and an upper-case letter or digit. */
export function sentencesOf(text: string): string[] {
  return text
    .replace(/\s+/g, " ")
    .split(/(?<=[.!?])\s+(?=[\p{Lu}\p{N}„"])/u)
    .map((s) => s.trim())
    .filter(Boolean);
}

function wordsOf(text: string): string[] {
  return text.toLocaleLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * The sentences of a page worth citing: of a sensible length, not a question, and carrying
 * a number or a word of the keyword (a crude but language-neutral sign of substance). Ties
 * keep the page's order.
 */
export function factsOf(page: ReadablePage, keyword: string, max = FACTS_PER_SOURCE): string[] {
  // Word prefixes, so inflected forms count (Czech "botách" for "boty").
  const stems = wordsOf(keyword)
    .filter((w) => w.length >= 3)
    .map((w) => w.slice(0, Math.max(3, Math.min(5, w.length - 1))));
  const scored = sentencesOf(page.text)
    .filter((s) => s.length >= MIN_FACT_CHARS && s.length <= MAX_FACT_CHARS && !s.endsWith("?"))
    .filter((s) => /[.!]$/.test(s) && !/\[\d+\]/.test(s))
    .map((s, i) => {
      const words = wordsOf(s);
      const hasNumber = /\p{N}/u.test(s) ? 2 : 0;
      const onTopic = stems.some((st) => words.some((w) => w.startsWith(st))) ? 1 : 0;
      return { s, i, score: hasNumber + onTopic };
    })
    .filter((x) => x.score > 0);
  const seen = new Set<string>();
  const picked: typeof scored = [];
  for (const x of [...scored].sort((a, b) => b.score - a.score || a.i - b.i)) {
    const key = x.s.toLocaleLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    picked.push(x);
    if (picked.length >= max) break;
  }
  return picked.sort((a, b) => a.i - b.i).map((x) => x.s);
}

/** Numbered sources from the pages read, in rank order; pages with nothing to cite are left out. */
export function sourcesFrom(pages: readonly ReadablePage[], keyword: string): GroundingSource[] {
  const out: GroundingSource[] = [];
  for (const page of pages) {
    const facts = factsOf(page, keyword);
    if (facts.length === 0) continue;
    out.push({
      id: out.length + 1,
      url: page.url,
      title: page.title,
      facts,
      headings: page.headings.filter((h) => h.level >= 2 && h.level <= 3).map((h) => h.text),
      wordCount: page.wordCount,
    });
  }
  return out;
}

/** The questions the pages ask, each once (case-insensitive), in page order, at most `max`. */
export function questionsFrom(pages: readonly ReadablePage[], max = 12): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const q of pages.flatMap((p) => p.questions)) {
    const text = q.replace(/\s+/g, " ").trim();
    const key = text.toLocaleLowerCase();
    if (text.length < 8 || text.length > 200 || seen.has(key)) continue;
    seen.add(key);
    out.push(text);
    if (out.length >= max) break;
  }
  return out;
}
