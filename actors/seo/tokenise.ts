/**
 * Text from Markdown and words from text, one way for every SEO measure: term coverage,
 * keyword density, readability and the language check must agree on what a word, a sentence
 * and a paragraph are, or their numbers contradict each other.
 *
 * Markdown is read line by line, not by a full CommonMark parser: the drafts come from LLMs and
 * use headings, paragraphs, lists, emphasis, links, tables, quotes and fenced code. Indented
 * code blocks are not recognised (an indented line is read as text).
 */

/** A heading of a Markdown document: `level` 1–6, `text` without Markdown syntax. */
export interface MarkdownHeading {
  level: number;
  text: string;
}

/** What a Markdown document says, with its syntax removed. */
export interface ParsedMarkdown {
  /** ATX (`## x`) and setext (`x\n---`) headings, in order. */
  headings: MarkdownHeading[];
  /**
   * Body blocks (paragraphs, lists, quotes, tables), headings excluded. A paragraph's soft line
   * breaks become spaces; the items of a list and the rows of a table stay on lines of their
   * own, so `sentences` reads each as a unit.
   */
  paragraphs: string[];
  /** Headings and paragraphs in document order, blocks separated by a blank line. */
  text: string;
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const ATX_HEADING = /^\s{0,3}(#{1,6})(?:\s+(.*?))?\s*$/;
const SETEXT_H1 = /^\s{0,3}=+\s*$/;
const SETEXT_H2 = /^\s{0,3}-+\s*$/;
const THEMATIC_BREAK = /^\s{0,3}([-*_])(?:\s*\1){2,}\s*$/;
const LIST_ITEM = /^\s*(?:[-*+]|\d{1,9}[.)])\s+/;
const QUOTE = /^\s{0,3}>\s?/;
const LINK_DEFINITION = /^\s{0,3}\[[^\]]+\]:\s*\S+.*$/;
const TABLE_DELIMITER = /^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$/;
const HTML_COMMENT = /<!--[\s\S]*?-->/g;
const HTML_RAW_BLOCK = /<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;

const CITATION = /^\[\d+(?:\s*[,;–-]\s*\d+)*\]$/;
const CITATIONS = /\[\d+(?:\s*[,;–-]\s*\d+)*\]/g;

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  ndash: "–",
  mdash: "—",
  hellip: "…",
};

/**
 * Markdown inline syntax removed from one line: links keep their text, images, inline code,
 * URLs, HTML tags and citation markers (`[1]`, `[^2]`) go, emphasis markers go.
 */
export function stripInlineMarkdown(line: string): string {
  return (
    line
      .replace(/`+[^`]*`+/g, " ")
      .replace(/!\[[^\]]*\]\([^)]*\)/g, " ")
      .replace(/!\[[^\]]*\]\[[^\]]*\]/g, " ")
      // [text](url "title") and [text][ref] keep their text.
      .replace(/\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)/g, "$1")
      // …unless the "text" is itself a citation marker: [1][2].
      .replace(/\[([^\]]+)\]\[[^\]]*\]/g, (m, text: string) =>
        CITATION.test(`[${text}]`) ? m : text,
      )
      // Citation and footnote markers: [1], [1, 2], [2–4], [^note].
      .replace(/\[\^[^\]]*\]/g, " ")
      .replace(CITATIONS, " ")
      .replace(/<(?:https?|mailto):[^>]*>/gi, " ")
      .replace(/\b(?:https?:\/\/|www\.)[^\s<>()]+/gi, " ")
      .replace(/<\/?[A-Za-z][^>]*>/g, " ")
      .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, name: string) => decodeEntity(m, name))
      .replace(/\\([\\`*_{}[\]()#+\-.!|~<>])/g, "$1")
      .replace(/[*~]+/g, "")
      // Underscores mark emphasis at word edges; inside a word (snake_case) they stay.
      .replace(/(?<![\p{L}\p{N}])_+|_+(?![\p{L}\p{N}])/gu, "")
      .replace(/\s+/g, " ")
      .trim()
  );
}

function decodeEntity(match: string, name: string): string {
  const lower = name.toLowerCase();
  if (lower.startsWith("#x")) return safeCodePoint(Number.parseInt(lower.slice(2), 16), match);
  if (lower.startsWith("#")) return safeCodePoint(Number.parseInt(lower.slice(1), 10), match);
  return ENTITIES[lower] ?? match;
}

function safeCodePoint(n: number, fallback: string): string {
  return Number.isInteger(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : fallback;
}

/** Splits Markdown into headings and body paragraphs, with all Markdown syntax removed. */
export function parseMarkdown(markdown: string): ParsedMarkdown {
  const lines = markdown
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .replace(HTML_COMMENT, " ")
    .replace(HTML_RAW_BLOCK, " ")
    .split("\n");
  const headings: MarkdownHeading[] = [];
  const paragraphs: string[] = [];
  const order: string[] = [];
  let fence: string | undefined;
  // The block being collected: its lines and whether they are units (list items, table rows).
  let block: string[] = [];
  let unitLines = false;

  const flush = () => {
    const texts = block.map(stripInlineMarkdown).filter((t) => /[\p{L}\p{N}]/u.test(t));
    if (texts.length > 0) {
      const text = texts.join(unitLines ? "\n" : " ");
      paragraphs.push(text);
      order.push(text);
    }
    block = [];
    unitLines = false;
  };
  const heading = (level: number, raw: string) => {
    const text = stripInlineMarkdown(raw);
    if (!text) return;
    headings.push({ level, text });
    order.push(text);
  };

  for (const line of lines) {
    const fenceMatch = FENCE.exec(line);
    if (fence !== undefined) {
      if (fenceMatch && fenceMatch[1]!.startsWith(fence)) fence = undefined;
      continue;
    }
    if (fenceMatch) {
      flush();
      fence = fenceMatch[1]![0]!.repeat(fenceMatch[1]!.length);
      continue;
    }
    if (/^\s*$/.test(line)) {
      flush();
      continue;
    }
    const atx = ATX_HEADING.exec(line);
    if (atx) {
      flush();
      heading(atx[1]!.length, (atx[2] ?? "").replace(/\s+#+$/, ""));
      continue;
    }
    // A setext underline turns the paragraph line above it into a heading.
    if (block.length > 0 && !unitLines && (SETEXT_H1.test(line) || SETEXT_H2.test(line))) {
      const raw = block.join(" ");
      block = [];
      heading(SETEXT_H1.test(line) ? 1 : 2, raw);
      continue;
    }
    if (THEMATIC_BREAK.test(line) || LINK_DEFINITION.test(line)) {
      flush();
      continue;
    }
    let content = line;
    while (QUOTE.test(content)) content = content.replace(QUOTE, "");
    if (TABLE_DELIMITER.test(content) && content.includes("-") && content.includes("|")) continue;
    if (/^\s*\|.*\|\s*$/.test(content)) {
      if (block.length > 0 && !unitLines) flush();
      unitLines = true;
      block.push(
        content
          .trim()
          .replace(/^\||\|$/g, "")
          .split("|")
          .map((cell) => cell.trim())
          .join(", "),
      );
      continue;
    }
    if (LIST_ITEM.test(content)) {
      if (block.length > 0 && !unitLines) flush();
      unitLines = true;
      block.push(content.replace(LIST_ITEM, ""));
      continue;
    }
    if (unitLines && /^\s+\S/.test(line) && block.length > 0) {
      // A list item's continuation line.
      block[block.length - 1] += ` ${content.trim()}`;
      continue;
    }
    if (unitLines) flush();
    block.push(content.trim());
  }
  flush();
  return { headings, paragraphs, text: order.join("\n\n") };
}

/** The readable text of a Markdown document: headings and paragraphs, syntax removed. */
export function markdownToText(markdown: string): string {
  return parseMarkdown(markdown).text;
}

/** The body paragraphs of a Markdown document (headings excluded), syntax removed. */
export function paragraphs(markdown: string): string[] {
  return parseMarkdown(markdown).paragraphs;
}

// A number with decimal or thousands separators (3,5 · 1.5 · 10,000) is one word; otherwise a
// word is letters, marks and digits, joined by inner apostrophes or hyphens (don't, e-mail).
const WORD = /\p{N}+(?:[.,]\p{N}+)+|[\p{L}\p{M}\p{N}]+(?:['’ʼ\-‐‑][\p{L}\p{M}\p{N}]+)*/gu;

/** The words of a text in their original case, apostrophes normalised to `'`. */
export function wordTokens(text: string): string[] {
  const out: string[] = [];
  for (const m of text.normalize("NFC").matchAll(WORD)) out.push(m[0].replace(/[’ʼ]/g, "'"));
  return out;
}

/**
 * The words of a text, lower-cased by the rules of `language` (a BCP 47 tag; Turkish dotted I,
 * for example). An unknown or malformed tag falls back to the default lower-casing.
 */
export function words(text: string, language?: string): string[] {
  return wordTokens(text).map((w) => lowerCase(w, language));
}

/**
 * Languages whose lower-casing differs from Unicode's default (ICU's special casing: the
 * Turkic dotted and dotless i, Lithuanian's kept dot above). Every other language lower-cases
 * exactly as `toLowerCase` does, which is several times faster than a locale-aware call per
 * word: that call was the engine's single busiest function.
 */
const LOCALE_LOWER_CASING = new Set(["tr", "az", "lt"]);

/** Lower-cases by the rules of `language`, falling back when the tag is not valid. */
export function lowerCase(s: string, language?: string): string {
  if (!language) return s.toLowerCase();
  const primary = language.slice(0, 3).split(/[-_]/)[0]!.toLowerCase();
  if (!LOCALE_LOWER_CASING.has(primary)) return s.toLowerCase();
  try {
    return s.toLocaleLowerCase(language);
  } catch {
    return s.toLowerCase();
  }
}

/** Abbreviations (lower case, without the final dot) after which a dot ends no sentence. */
const ABBREVIATIONS = new Set([
  // Czech
  "např",
  "tzv",
  "tj",
  "tzn",
  "atd",
  "apod",
  "resp",
  "cca",
  "mj",
  "př",
  "popř",
  "str",
  "č",
  "čj",
  "sv",
  "ing",
  "mudr",
  "mgr",
  "bc",
  "doc",
  "prof",
  "phdr",
  "judr",
  "rndr",
  "viz",
  "tel",
  "ul",
  "hod",
  "min",
  "max",
  "ks",
  "kč",
  "tis",
  "mil",
  "mld",
  // English
  "e.g",
  "i.e",
  "etc",
  "vs",
  "mr",
  "mrs",
  "ms",
  "dr",
  "st",
  "jr",
  "sr",
  "no",
  "fig",
  "approx",
  "inc",
  "ltd",
  "co",
  "dept",
  "est",
  "al",
]);

// Closing quotes and brackets after the mark stay with the sentence („…“ in Czech, “…” in English).
const SENTENCE_END = /([.!?…]+)["'”’“‘»)\]]*\s+/gu;

/**
 * The sentences of a plain text. A line break always ends a sentence (list items and table
 * rows are units); `.`, `!`, `?` and `…` end one when the next word starts with a capital, a
 * digit or a quote, except a dot after a known abbreviation (`např.`, `e.g.`) or an initial.
 */
export function sentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.normalize("NFC").split(/\n+/)) {
    let start = 0;
    for (const m of line.matchAll(SENTENCE_END)) {
      const end = m.index + m[0].length;
      const next = line.slice(end, end + 1);
      if (!/[\p{Lu}\p{N}"'„“‚«(]/u.test(next)) continue;
      if (m[1] === ".") {
        const before = line.slice(start, m.index).split(/\s+/).pop() ?? "";
        const bare = before.replace(/^[("'„“‚«[]+/u, "").toLowerCase();
        if (ABBREVIATIONS.has(bare) || /^\p{L}$/u.test(bare)) continue;
      }
      pushSentence(out, line.slice(start, end));
      start = end;
    }
    pushSentence(out, line.slice(start));
  }
  return out;
}

function pushSentence(out: string[], s: string): void {
  const t = s.trim();
  if (/[\p{L}\p{N}]/u.test(t)) out.push(t);
}
