/**
 * Markdown-ish text for property tests of the Markdown scanners (citations, internal links):
 * headings, lists, quotes, fences, link definitions, comments and tables, with citation
 * markers and links in odd places.
 */
import fc from "fast-check";

export const markdownPieces = (() => {
  const prefix = fc.constantFrom(
    ...["", "", "", "# ", "## ", "## Sources", "- ", "> ", "1. ", "    ", "```", "~~~", "| "],
    ...["[x]: https://y/", "<!-- ", "---", "===", "1. [T](https://s2.example/p)"],
  );
  const inline = fc.constantFrom(
    ...[" [1]", " [2, 3]", " [9]", "[1-3]", "[1][2]", " ", "word", "trail", "shoes", "."],
    ...["trail shoes", ",", "`", "`x`", "[", "]", "(", ")", "!", "<a>", "</a>", "<", ">", "-"],
    ...["|", "*", "**", "[x]", "[t](https://u/)", "2024", "\\", " -->"],
  );
  const line = fc.tuple(prefix, fc.array(inline, { maxLength: 8 })).map(([p, a]) => p + a.join(""));
  return fc
    .array(fc.tuple(line, fc.constantFrom("\n", "\n\n", "\r\n")), { maxLength: 14 })
    .map((ls) => ls.map(([l, sep]) => l + sep).join(""));
})();
