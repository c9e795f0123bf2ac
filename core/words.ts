/**
 * Counting words and phrases in Markdown, one way for everyone: the review's SEO checks and
 * the LLM emulator's length targets must agree on what "1,200 words" means.
 */

/** Words of a Markdown text, with syntax (headings, emphasis, link targets, code) ignored. */
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
export function countOccurrences(text: string, needle: string): number {
  if (!needle) return 0;
  const hay = text.toLocaleLowerCase();
  const n = needle.toLocaleLowerCase();
  let count = 0;
  for (let i = hay.indexOf(n); i !== -1; i = hay.indexOf(n, i + n.length)) count++;
  return count;
}
