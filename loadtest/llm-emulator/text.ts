/** Small text helpers shared by the generators. */

// One way of counting for the pipeline's SEO checks and the emulator's length targets, so a
// draft aimed at N words is N words to the reviewer too.
export { countOccurrences as occurrences, countWords } from "../../core/words.ts";

export function capitalize(s: string): string {
  const first = s.charAt(0);
  return first && first !== first.toLocaleUpperCase() ? first.toLocaleUpperCase() + s.slice(1) : s;
}

export function lowerFirst(s: string): string {
  return s.charAt(0).toLocaleLowerCase() + s.slice(1);
}

export function normalizeSpace(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

/** Cuts at a word boundary to at most `max` characters. */
export function cutAtWord(s: string, max: number): string {
  const text = normalizeSpace(s);
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1);
  const space = cut.lastIndexOf(" ");
  return (space > 0 ? cut.slice(0, space) : text.slice(0, max)).replace(/[\s,;:–—-]+$/u, "");
}

/** Heading identity: case, punctuation and spacing ignored. */
export function headingKey(s: string): string {
  return s
    .toLocaleLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}
