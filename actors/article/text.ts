/**
 * Pure text rules of an SEO article: word counts, keyword presence and density, and fitting
 * a title (≤ 60 characters) and a meta description (≤ 155) without losing the keyword.
 * LLMs break length rules often; these functions make the rules hold whatever they answer.
 */
import { countOccurrences, countWords } from "../../core/words.ts";

export { countWords };

export const MAX_TITLE_LENGTH = 60;
export const MAX_META_LENGTH = 155;

export function normalizeSpace(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

export function containsKeyword(text: string, keyword: string): boolean {
  return text.toLocaleLowerCase().includes(keyword.toLocaleLowerCase());
}

/** How often the keyword phrase occurs, as a share of all words (0.012 = 1.2 %). */
export function keywordDensity(markdown: string, keyword: string): number {
  const words = countWords(markdown);
  if (words === 0) return 0;
  return (countOccurrences(markdown, keyword) * keyword.split(/\s+/).length) / words;
}

export function capitalize(s: string): string {
  return s ? s.charAt(0).toLocaleUpperCase() + s.slice(1) : s;
}

/** Cuts at a word boundary to at most `max` characters, trimming dangling punctuation. */
export function cutAtWord(s: string, max: number): string {
  const text = normalizeSpace(s);
  if (text.length <= max) return text;
  let cut = text.slice(0, max + 1);
  const lastSpace = cut.lastIndexOf(" ");
  cut = lastSpace > 0 ? cut.slice(0, lastSpace) : text.slice(0, max);
  return cut.replace(/[\s,;:–—|-]+$/u, "");
}

/** A heading or title that contains the keyword: the given one, or the keyword put in front. */
export function withKeyword(text: string, keyword: string): string {
  const t = normalizeSpace(text);
  if (containsKeyword(t, keyword)) return t;
  return t ? `${capitalize(keyword)}: ${t}` : capitalize(keyword);
}

/** A title of at most 60 characters that contains the keyword whenever the keyword fits. */
export function fitTitle(title: string, keyword: string, max = MAX_TITLE_LENGTH): string {
  const t = normalizeSpace(title);
  const kw = normalizeSpace(keyword);
  if (t.length <= max && containsKeyword(t, kw)) return t;
  if (kw.length > max) return cutAtWord(capitalize(kw), max);
  const idx = t.toLocaleLowerCase().indexOf(kw.toLocaleLowerCase());
  if (idx !== -1 && idx + kw.length <= max) {
    const cut = cutAtWord(t, max);
    if (containsKeyword(cut, kw)) return cut;
  }
  const rest = idx === -1 ? t : normalizeSpace(t.slice(0, idx) + t.slice(idx + kw.length));
  const combined = cutAtWord(rest ? `${capitalize(kw)}: ${rest}` : capitalize(kw), max);
  return containsKeyword(combined, kw) ? combined : capitalize(kw);
}

/** A meta description of at most 155 characters, containing the keyword. */
export function fitMetaDescription(meta: string, keyword: string, max = MAX_META_LENGTH): string {
  const m = withKeyword(meta, keyword);
  if (m.length <= max) return m;
  return `${cutAtWord(m, max - 1)}…`;
}
