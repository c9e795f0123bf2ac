/** Small text helpers shared by the generators. */

/**
 * Words of a Markdown text, counted the way the pipeline's SEO checks count them
 * (`actors/article/text.ts`), so a draft aimed at N words is N words to the reviewer too.
 */
export function countWords(markdown: string): number {
  const text = markdown
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/\]\([^)]*\)/g, "] ")
    .replace(/[#>*_`|[\]()!-]+/g, " ")
    .trim();
  if (!text) return 0;
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** How often `needle` occurs in `text`, case-insensitively and without overlaps. */
export function occurrences(text: string, needle: string): number {
  if (!needle) return 0;
  const hay = text.toLocaleLowerCase();
  const n = needle.toLocaleLowerCase();
  let count = 0;
  for (let i = hay.indexOf(n); i !== -1; i = hay.indexOf(n, i + n.length)) count++;
  return count;
}

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
