/**
 * The little Markdown structure the pipeline needs: an article is an intro plus `##`
 * sections. Raw HTML in LLM output is neutralised here, before it can reach a page.
 */

export interface MarkdownSection {
  heading: string;
  body: string;
}

export interface ParsedArticle {
  h1: string | undefined;
  intro: string;
  sections: MarkdownSection[];
}

/** Splits Markdown into its H1, the text before the first `##`, and the `##` sections. */
export function parseArticle(markdown: string): ParsedArticle {
  let h1: string | undefined;
  const intro: string[] = [];
  const sections: { heading: string; lines: string[] }[] = [];
  let inFence = false;
  for (const line of markdown.replace(/\r\n/g, "\n").split("\n")) {
    if (/^\s*```/.test(line)) inFence = !inFence;
    const h1m = !inFence && /^#\s+(.+?)\s*#*\s*$/.exec(line);
    const h2m = !inFence && /^##\s+(.+?)\s*#*\s*$/.exec(line);
    if (h1m && h1 === undefined && sections.length === 0) {
      h1 = h1m[1]!;
    } else if (h2m) {
      sections.push({ heading: h2m[1]!, lines: [] });
    } else if (sections.length > 0) {
      sections[sections.length - 1]!.lines.push(line);
    } else if (!h1m) {
      intro.push(line);
    }
  }
  return {
    h1,
    intro: intro.join("\n").trim(),
    sections: sections.map((s) => ({ heading: s.heading, body: s.lines.join("\n").trim() })),
  };
}

/** The `##` headings of a Markdown document, in order. */
export function h2Headings(markdown: string): string[] {
  return parseArticle(markdown).sections.map((s) => s.heading);
}

/** Heading comparison that ignores case, punctuation and spacing. */
export function sameHeading(a: string, b: string): boolean {
  const norm = (s: string) =>
    s
      .toLocaleLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ")
      .trim();
  return norm(a) === norm(b);
}

/**
 * Neutralises raw HTML in Markdown text: `<tag`, `</tag` and `<!` become literal text.
 * Markdown itself (emphasis, lists, links) is kept.
 */
export function escapeRawHtml(markdown: string): string {
  return markdown.replace(/<(?=[a-zA-Z/!?])/g, "&lt;");
}

/** Text safe inside a single Markdown heading line. */
export function headingText(s: string): string {
  return escapeRawHtml(
    s
      .replace(/[\r\n]+/g, " ")
      .replace(/^#+\s*/, "")
      .trim(),
  );
}
