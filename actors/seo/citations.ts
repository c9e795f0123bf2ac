/**
 * Citations an article can stand behind: every `[n]` the draft wrote either points at a page
 * the research stage fetched, or is gone.
 *
 * The draft cites sources by their ids (`[1]`, `[2, 3]`, `[1][2]`, `[1-3]`, `[1–3]`). Here
 * each marker is resolved against the fetched sources; what resolves is renumbered 1, 2, 3…
 * in order of first appearance (a reader's list starts at 1, not at the research stage's
 * ids), what does not is removed and counted, and a references section ("Sources",
 * "Zdroje") listing each cited URL once is appended.
 *
 * Decisions worth knowing:
 * - Markers in headings are dropped, not moved: a heading names a topic, and the sentences
 *   under it carry their own citations; moving a marker would attach it to a sentence it
 *   may not support. They are counted in `droppedFromHeadings`.
 * - Only Markdown prose is touched: never code (fenced, indented, inline), links, images,
 *   reference definitions, HTML, or a `[n]` inside link text. A `[n]` that is a defined
 *   reference label (`[1]: https://…` exists) is a link, not a citation.
 * - A bracketed number of 1000 or more that is no source id (`[2024]`, `[2019–2023]`) is
 *   read as text, not as a citation: SEO titles say "Best shoes [2024]".
 * - An existing references section (a heading titled Sources, References, Zdroje…) is
 *   replaced. If it lists `n. [title](url)` items (this function's own output, or a draft
 *   that wrote it that way), its numbers mean those URLs, and each URL must still be one of
 *   the sources. That is what makes the function idempotent: run on its own output, it
 *   returns it unchanged.
 *
 * The Markdown scanner (`scanMarkdown`, `scanInline`) is shared with internal-links.ts.
 * It is a line-based approximation of CommonMark, not a full parser: it knows what an LLM's
 * Markdown contains and errs on the side of leaving text alone. Every pass is linear in the
 * input, so long articles cannot trigger regex backtracking.
 */

/** A page the research stage fetched, as the draft's prompt numbered it. */
export interface CitationSource {
  id: number;
  url: string;
  title: string;
}

/** One entry of the references section. */
export interface Citation {
  /** The number the reader sees, 1-based, in order of first appearance. */
  n: number;
  url: string;
  title: string;
}

export interface ResolveCitationsOptions {
  /** BCP 47 language of the article; picks the references heading (English if unknown). */
  language: string;
}

export interface ResolvedCitations {
  /** The article with markers renumbered and a references section at the end. */
  markdown: string;
  /** The references section's entries, by `n`. */
  citations: Citation[];
  /** How many citation numbers in the body were removed because no source matched them. */
  removed: number;
  /** Those numbers as the draft wrote them, each once, in order of first appearance. */
  unresolved: string[];
  /** How many citation numbers were dropped from headings (resolvable or not). */
  droppedFromHeadings: number;
}

/** The references heading per language (primary subtag); English is the fallback. */
export const REFERENCES_HEADINGS: Readonly<Record<string, string>> = {
  cs: "Zdroje",
  de: "Quellen",
  en: "Sources",
  es: "Fuentes",
  fr: "Sources",
  it: "Fonti",
  nl: "Bronnen",
  pl: "Źródła",
  pt: "Fontes",
  sk: "Zdroje",
};

/** Headings recognised as a references section to replace (compared by `normalizeTitle`). */
const RECOGNISED_REFERENCES = new Set(
  [
    ...Object.values(REFERENCES_HEADINGS),
    "References",
    "Citations",
    "Bibliography",
    "Použité zdroje",
  ].map(normalizeTitle),
);

/** Whether a heading's text names a references section ("Sources", "Zdroje:", "**References**"). */
export function isReferencesHeading(text: string): boolean {
  return RECOGNISED_REFERENCES.has(normalizeTitle(text));
}

function normalizeTitle(text: string): string {
  return text
    .replace(/[*_]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/:$/, "")
    .trim()
    .toLowerCase();
}

/** The references heading for a BCP 47 language. */
export function referencesHeading(language: string): string {
  const primary = language.trim().toLowerCase().split(/[-_]/)[0] ?? "";
  return REFERENCES_HEADINGS[primary] ?? REFERENCES_HEADINGS["en"]!;
}

// ---------------------------------------------------------------------------------------
// Markdown scanning (shared with internal-links.ts)
// ---------------------------------------------------------------------------------------

/** A run of lines that inline text lives in; everything else (code, HTML…) is left alone. */
export interface MarkdownBlock {
  kind: "heading" | "paragraph" | "list-item" | "quote" | "table";
  /** First line index. */
  start: number;
  /** One past the last line index. For a setext heading, the underline is included. */
  end: number;
  /** 1–6 for headings, 0 otherwise. */
  level: number;
}

export interface MarkdownScan {
  /** The input's lines (`\r\n` read as `\n`). */
  lines: string[];
  /** Text blocks in document order. */
  blocks: MarkdownBlock[];
  /** Reference-definition labels (`[label]: url`), normalised by `normalizeLabel`. */
  labels: ReadonlySet<string>;
}

type LineKind = "blank" | "text" | "heading" | "code" | "other" | "table";

/** Splits Markdown into blocks of inline text (see `MarkdownBlock`). Linear in the input. */
export function scanMarkdown(markdown: string): MarkdownScan {
  const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
  const n = lines.length;
  const kinds: LineKind[] = new Array<LineKind>(n).fill("text");
  const listStart: boolean[] = new Array<boolean>(n).fill(false);
  const quote: boolean[] = new Array<boolean>(n).fill(false);
  const headings = new Map<number, MarkdownBlock>();
  const labels = new Set<string>();

  let i = 0;
  // YAML front matter: `---` on the first line, closed by `---` or `...`.
  if (lines[0]?.trimEnd() === "---") {
    for (let j = 1; j < Math.min(n, 200); j++) {
      const l = lines[j]!.trimEnd();
      if (l === "---" || l === "...") {
        for (let k = 0; k <= j; k++) kinds[k] = "other";
        i = j + 1;
        break;
      }
    }
  }

  let fence: { char: string; len: number } | undefined;
  let inComment = false;
  let inList = false;
  let prevBlank = true;
  let prevIndentedCode = false;
  for (; i < n; i++) {
    const line = lines[i]!;
    if (fence) {
      kinds[i] = "code";
      if (closesFence(line, fence)) fence = undefined;
      continue;
    }
    if (inComment) {
      kinds[i] = "other";
      if (line.includes("-->")) inComment = false;
      continue;
    }
    if (line.trim() === "") {
      kinds[i] = "blank";
      prevBlank = true;
      continue;
    }
    const wasBlank = prevBlank;
    prevBlank = false;
    const indent = indentOf(line);
    // Indented code needs a blank line (or more code) before it, and is not a list's
    // continuation paragraph.
    if (indent >= 4 && !inList && (wasBlank || prevIndentedCode)) {
      kinds[i] = "code";
      prevIndentedCode = true;
      continue;
    }
    prevIndentedCode = false;
    const opened = fenceOpen(line);
    if (opened) {
      kinds[i] = "code";
      fence = opened;
      inList = false;
      continue;
    }
    const trimmed = line.trim();
    if (trimmed.startsWith("<!--")) {
      kinds[i] = "other";
      inComment = !trimmed.slice(4).includes("-->");
      continue;
    }
    const def = indent < 4 ? /^ {0,3}\[((?:\\.|[^\\\]]){1,999})\]:/.exec(line) : null;
    if (def) {
      kinds[i] = "other";
      labels.add(normalizeLabel(def[1]!));
      continue;
    }
    const atx = indent < 4 ? /^ {0,3}(#{1,6})(?:[ \t]|$)/.exec(line) : null;
    if (atx) {
      kinds[i] = "heading";
      headings.set(i, { kind: "heading", start: i, end: i + 1, level: atx[1]!.length });
      inList = false;
      continue;
    }
    const setext = indent < 4 ? /^ {0,3}(=+|-+)[ \t]*$/.exec(line) : null;
    if (setext && i > 0 && kinds[i - 1] === "text" && !listStart[i - 1] && !quote[i - 1]) {
      // The paragraph above is the heading's text.
      let j = i - 1;
      while (j > 0 && kinds[j - 1] === "text" && !listStart[j - 1] && !quote[j - 1]) j--;
      for (let k = j; k <= i; k++) kinds[k] = "heading";
      headings.set(j, {
        kind: "heading",
        start: j,
        end: i + 1,
        level: setext[1]![0] === "=" ? 1 : 2,
      });
      continue;
    }
    if (isThematicBreak(line)) {
      kinds[i] = "other";
      inList = false;
      continue;
    }
    if (line.includes("|") && i + 1 < n && isTableDelimiter(lines[i + 1]!)) {
      let j = i;
      while (j < n && lines[j]!.trim() !== "" && (j <= i + 1 || lines[j]!.includes("|"))) {
        kinds[j] = "table";
        j++;
      }
      i = j - 1;
      continue;
    }
    quote[i] = /^ {0,3}>/.test(line);
    if (/^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/.test(line)) {
      listStart[i] = true;
      inList = true;
    } else if (wasBlank && indent === 0) {
      inList = false;
    }
  }

  const blocks: MarkdownBlock[] = [];
  for (let s = 0; s < n; ) {
    const heading = headings.get(s);
    if (heading) {
      blocks.push(heading);
      s = heading.end;
      continue;
    }
    const kind = kinds[s];
    if (kind === "table") {
      let e = s + 1;
      while (e < n && kinds[e] === "table") e++;
      blocks.push({ kind: "table", start: s, end: e, level: 0 });
      s = e;
    } else if (kind === "text") {
      let e = s + 1;
      while (e < n && kinds[e] === "text" && !listStart[e] && quote[e] === quote[s]) e++;
      const blockKind = quote[s] ? "quote" : listStart[s] ? "list-item" : "paragraph";
      blocks.push({ kind: blockKind, start: s, end: e, level: 0 });
      s = e;
    } else {
      s++;
    }
  }
  return { lines, blocks, labels };
}

/** A reference label as CommonMark compares them: trimmed, inner whitespace collapsed, case-folded. */
export function normalizeLabel(label: string): string {
  return label.trim().replace(/\s+/g, " ").toLowerCase();
}

/** The text of a heading block without its `#` markers or setext underline. */
export function headingText(scan: MarkdownScan, block: MarkdownBlock): string {
  const first = scan.lines[block.start]!;
  if (/^ {0,3}#/.test(first)) {
    return first
      .replace(/^ {0,3}#{1,6}/, "")
      .replace(/[ \t]#+[ \t]*$/, "")
      .trim();
  }
  return scan.lines
    .slice(block.start, block.end - 1)
    .map((l) => l.trim())
    .join(" ");
}

/**
 * The line ranges of references sections: from a heading `isReferencesHeading` accepts to
 * the next heading of the same or a higher level, or the end.
 */
export function referencesSections(scan: MarkdownScan): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const headings = scan.blocks.filter((b) => b.kind === "heading");
  for (const [k, h] of headings.entries()) {
    if (!isReferencesHeading(headingText(scan, h))) continue;
    const next = headings.slice(k + 1).find((o) => o.level <= h.level);
    out.push({ start: h.start, end: next ? next.start : scan.lines.length });
  }
  // Nested matches (a "References" under "Sources") are inside the outer range already.
  return out.filter((r, k) => !out.slice(0, k).some((o) => r.start < o.end));
}

function indentOf(line: string): number {
  let width = 0;
  for (const c of line) {
    if (c === " ") width++;
    else if (c === "\t") width += 4 - (width % 4);
    else break;
  }
  return width;
}

/** A code fence, possibly inside a blockquote or list item (`> ```ts`, `- ~~~`). */
function fenceOpen(line: string): { char: string; len: number } | undefined {
  const rest = stripContainers(line);
  const m = /^(`{3,}|~{3,})(.*)$/.exec(rest);
  if (!m) return undefined;
  const run = m[1]!;
  // A backtick fence's info string has no backticks: ```` ```x``` ```` is inline code.
  if (run[0] === "`" && m[2]!.includes("`")) return undefined;
  return { char: run[0]!, len: run.length };
}

function closesFence(line: string, fence: { char: string; len: number }): boolean {
  const rest = stripContainers(line).trimEnd();
  if (rest.length < fence.len) return false;
  for (const c of rest) if (c !== fence.char) return false;
  return true;
}

/** Leading whitespace, blockquote markers and one list marker, without a regex. */
function stripContainers(line: string): string {
  let i = 0;
  for (;;) {
    while (i < line.length && (line[i] === " " || line[i] === "\t")) i++;
    if (line[i] === ">") {
      i++;
      continue;
    }
    break;
  }
  const list = /^(?:[-*+]|\d{1,9}[.)])[ \t]+/.exec(line.slice(i, i + 12));
  return line.slice(i + (list ? list[0].length : 0));
}

function isThematicBreak(line: string): boolean {
  const s = line.replace(/[ \t]/g, "");
  if (s.length < 3 || indentOf(line) >= 4) return false;
  const c = s[0]!;
  if (c !== "-" && c !== "*" && c !== "_") return false;
  for (const x of s) if (x !== c) return false;
  return true;
}

function isTableDelimiter(line: string): boolean {
  let s = line.trim();
  if (!s.includes("-")) return false;
  if (s.startsWith("|")) s = s.slice(1);
  if (s.endsWith("|")) s = s.slice(0, -1);
  const cells = s.split("|");
  return cells.length > 0 && cells.every((c) => /^:?-+:?$/.test(c.trim()));
}

/** What inline scanning found in a block's text. */
export interface InlineScan {
  /**
   * The text with code spans, HTML tags and comments, autolinks, links and images (their
   * text included) replaced by `\u0000`, at the same offsets. What is left is prose.
   */
  masked: string;
  /** `[…]` pairs that are plain text: no link, image or reference. Sorted by `open`. */
  plainBrackets: { open: number; close: number }[];
  /** Destinations of the links and autolinks found, as written. */
  destinations: string[];
}

const MASK = "\u0000";

/**
 * Finds the protected parts of one block's inline text. Linear: code-span closers are looked
 * up in per-length lists, brackets and parentheses are matched with stacks.
 */
export function scanInline(text: string, labels: ReadonlySet<string>): InlineScan {
  const n = text.length;
  const masked = new Uint8Array(n);
  const destinations: string[] = [];
  const protect = (from: number, to: number) => masked.fill(1, Math.max(0, from), to);

  // Backtick runs by length, for finding a code span's closer in amortised O(1).
  const runsByLength = new Map<number, number[]>();
  for (let i = 0; i < n; ) {
    if (text[i] !== "`") {
      i++;
      continue;
    }
    let j = i;
    while (j < n && text[j] === "`") j++;
    const list = runsByLength.get(j - i) ?? [];
    list.push(i);
    runsByLength.set(j - i, list);
    i = j;
  }
  const runCursor = new Map<number, number>();
  const nextRun = (length: number, from: number): number => {
    const list = runsByLength.get(length);
    if (!list) return -1;
    let k = runCursor.get(length) ?? 0;
    while (k < list.length && list[k]! < from) k++;
    runCursor.set(length, k);
    return k < list.length ? list[k]! : -1;
  };

  let gt = -1; // the next ">" at or after the cursor (cached: the scan only moves forward)
  let anchorClose = -1; // the next "</a>" (same)
  const closeAnchor = /<\/a\s*>/gi;
  for (let i = 0; i < n; ) {
    const c = text[i];
    if (c === "\\") {
      i += 2;
      continue;
    }
    if (c === "`") {
      let j = i;
      while (j < n && text[j] === "`") j++;
      const len = j - i;
      const close = nextRun(len, j);
      if (close >= 0 && runLengthAt(text, close) === len) {
        protect(i, close + len);
        i = close + len;
      } else {
        i = j;
      }
      continue;
    }
    if (c === "<") {
      if (text.startsWith("<!--", i)) {
        const end = text.indexOf("-->", i + 4);
        const to = end < 0 ? n : end + 3;
        protect(i, to);
        i = to;
        continue;
      }
      const next = text[i + 1] ?? "";
      if (/[A-Za-z/!?]/.test(next)) {
        if (gt < i) gt = text.indexOf(">", i);
        if (gt < 0) gt = n + 1;
        if (gt < n && gt - i <= 2000) {
          let to = gt + 1;
          const inner = text.slice(i + 1, gt);
          if (/^[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*$/.test(inner)) destinations.push(inner);
          // An HTML anchor: its text is a link's text, so it is protected to `</a>`.
          if (/^a(?:\s|$)/i.test(inner)) {
            const href = /href\s*=\s*["']?([^"'\s>]+)/i.exec(inner);
            if (href) destinations.push(href[1]!);
            if (anchorClose < to) {
              closeAnchor.lastIndex = to;
              const m = closeAnchor.exec(text);
              anchorClose = m ? m.index + m[0].length : n + 1;
            }
            if (anchorClose <= n) to = anchorClose;
          }
          protect(i, to);
          i = to;
          continue;
        }
      }
    }
    i++;
  }

  // Brackets and parentheses outside the protected parts, matched with stacks.
  const bracketClose = new Map<number, number>();
  const parenClose = new Map<number, number>();
  const brackets: number[] = [];
  const parens: number[] = [];
  const pairs: { open: number; close: number }[] = [];
  for (let i = 0; i < n; i++) {
    if (masked[i]) continue;
    const c = text[i];
    if (c === "\\") {
      i++;
    } else if (c === "[") {
      brackets.push(i);
    } else if (c === "]") {
      const open = brackets.pop();
      if (open !== undefined) {
        bracketClose.set(open, i);
        pairs.push({ open, close: i });
      }
    } else if (c === "(") {
      parens.push(i);
    } else if (c === ")") {
      const open = parens.pop();
      if (open !== undefined) parenClose.set(open, i);
    }
  }
  pairs.sort((a, b) => a.open - b.open);

  const plainBrackets: { open: number; close: number }[] = [];
  for (const { open, close } of pairs) {
    if (masked[open]) continue; // inside a link found earlier (an outer pair comes first)
    const from = open > 0 && text[open - 1] === "!" ? open - 1 : open;
    const after = close + 1;
    const destClose = parenClose.get(after);
    if (text[after] === "(" && destClose !== undefined) {
      const dest = /^\s*<?([^\s>]*)/.exec(text.slice(after + 1, destClose));
      if (dest?.[1]) destinations.push(dest[1]);
      protect(from, destClose + 1);
      continue;
    }
    const labelClose = bracketClose.get(after);
    if (text[after] === "[" && labelClose !== undefined) {
      const second = text.slice(after + 1, labelClose);
      const label = second.trim() === "" ? text.slice(open + 1, close) : second;
      if (labels.has(normalizeLabel(label))) {
        protect(from, labelClose + 1);
        continue;
      }
    }
    if (labels.has(normalizeLabel(text.slice(open + 1, close)))) {
      protect(from, close + 1);
      continue;
    }
    plainBrackets.push({ open, close });
  }

  let out = "";
  let runStart = 0;
  for (let i = 0; i <= n; i++) {
    if (i === n || masked[i]) {
      out += text.slice(runStart, i);
      if (i < n) out += MASK;
      runStart = i + 1;
    }
  }
  return { masked: out, plainBrackets, destinations };
}

function runLengthAt(text: string, at: number): number {
  let j = at;
  while (j < text.length && text[j] === "`") j++;
  return j - at;
}

// ---------------------------------------------------------------------------------------
// Citation markers
// ---------------------------------------------------------------------------------------

/** Citations of more numbers than this in one range (`[1-500]`) are not citations. */
const MAX_RANGE = 100;

/**
 * The numbers of a citation marker's inner text, in written order: `1`, `2, 3`, `1-3`,
 * `1–3`, `1; 4-5`. Anything else (words, `^1`, a backwards range) is no marker.
 */
export function parseCitationMarker(inner: string): number[] | undefined {
  if (inner.length === 0 || inner.length > 200) return undefined;
  const numbers: number[] = [];
  for (const part of inner.split(/[,;]/)) {
    const m = /^\s*(\d{1,6})\s*(?:[-–—]\s*(\d{1,6})\s*)?$/.exec(part);
    if (!m) return undefined;
    const a = Number(m[1]);
    if (m[2] === undefined) {
      numbers.push(a);
      continue;
    }
    const b = Number(m[2]);
    if (b <= a || b - a >= MAX_RANGE) return undefined;
    for (let k = a; k <= b; k++) numbers.push(k);
  }
  return numbers;
}

/** Adjacent markers (`[1][2]`, `[1] [2]`) with the numbers they cite. */
interface MarkerCluster {
  start: number;
  end: number;
  numbers: number[];
}

/** Numbers at or above this are only citations when they are a source's id. */
const YEAR_LIKE = 1000;

function clustersOf(
  text: string,
  scan: InlineScan,
  isCitation: (numbers: number[]) => boolean,
): MarkerCluster[] {
  const clusters: MarkerCluster[] = [];
  for (const { open, close } of scan.plainBrackets) {
    const numbers = parseCitationMarker(scan.masked.slice(open + 1, close));
    if (!numbers || !isCitation(numbers)) continue;
    const last = clusters[clusters.length - 1];
    if (last && open >= last.end && /^[ \t]*$/.test(text.slice(last.end, open))) {
      last.end = close + 1;
      last.numbers.push(...numbers);
    } else if (!last || open >= last.end) {
      clusters.push({ start: open, end: close + 1, numbers: [...numbers] });
    }
  }
  return clusters;
}

/** Punctuation a removed marker's leading space must not be left before. */
const CLOSING = new Set([".", ",", ";", ":", "!", "?", ")", "]", "}", "»", '"', "”", "’", "…"]);

/**
 * The range to cut when a marker at [start, end) goes entirely, so no stray space is left:
 * "shoes [9]." → "shoes.", "shoes [9] are" → "shoes are", a line's "[9] Text" → "Text".
 */
function removalRange(text: string, start: number, end: number): [number, number] {
  let ws = start;
  while (ws > 0 && (text[ws - 1] === " " || text[ws - 1] === "\t")) ws--;
  let we = end;
  while (we < text.length && (text[we] === " " || text[we] === "\t")) we++;
  const prev = ws > 0 ? text[ws - 1]! : "\n";
  const next = we < text.length ? text[we]! : "\n";
  if (next === "\n") return [ws, we];
  if (prev === "\n") return [start, we];
  if (CLOSING.has(next)) return [ws, we];
  if (ws < start && we > end) return [start, we];
  return [start, end];
}

/** `[1, 2, 3, 5]` → "[1–3, 5]": sorted, runs of three or more as an en-dash range. */
function renderMarker(numbers: number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let k = 0; k < sorted.length; ) {
    let j = k;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    if (j - k >= 2) parts.push(`${sorted[k]}–${sorted[j]}`);
    else for (let m = k; m <= j; m++) parts.push(String(sorted[m]));
    k = j + 1;
  }
  return `[${parts.join(", ")}]`;
}

/** A URL as the references list writes it: normalised by `URL`, parentheses escaped. */
function linkDestination(href: string): string {
  return href.replace(/\(/g, "%28").replace(/\)/g, "%29");
}

function canonicalUrl(url: string): string | undefined {
  try {
    const u = new URL(url.trim());
    return u.protocol === "http:" || u.protocol === "https:" ? linkDestination(u.href) : undefined;
  } catch {
    return undefined;
  }
}

/** Link text that cannot break out of its brackets or start other Markdown. */
function escapeLinkText(title: string): string {
  return title
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[\\[\]*_`<>]/g, "\\$&");
}

/** `12. [Title](https://…)`: one item of a references list as this module writes it. */
const REFERENCE_ITEM =
  /^ {0,3}(\d{1,6})[.)][ \t]+\[(?:\\.|[^\\\]])*\]\([ \t]*<?([^\s<>()]+)>?[ \t]*\)[ \t]*$/;

/**
 * Resolves the draft's citation markers against the fetched sources, renumbers them in order
 * of first appearance and appends a references section. See the file header for the rules.
 * @throws {TypeError} when two sources share an id but not a URL, or an id is no integer.
 */
export function resolveCitations(
  markdown: string,
  sources: readonly CitationSource[],
  opts: ResolveCitationsOptions,
): ResolvedCitations {
  // Sources by id, and by canonical URL (two ids may be the same page: one entry).
  const byId = new Map<number, { key: string; title: string } | null>();
  const titleByKey = new Map<string, string>();
  for (const s of sources) {
    if (!Number.isInteger(s.id)) throw new TypeError(`source id must be an integer (got ${s.id})`);
    const key = canonicalUrl(s.url) ?? null;
    const had = byId.get(s.id);
    if (had !== undefined && had?.key !== key) {
      throw new TypeError(`two sources have id ${s.id} with different URLs`);
    }
    if (key === null) {
      byId.set(s.id, null); // not an http(s) URL: markers citing it cannot resolve
      continue;
    }
    if (!titleByKey.has(key)) titleByKey.set(key, s.title.replace(/\s+/g, " ").trim());
    byId.set(s.id, { key, title: titleByKey.get(key)! });
  }

  const scan = scanMarkdown(markdown);
  const { lines } = scan;
  const sections = referencesSections(scan);
  const removedLine = new Uint8Array(lines.length);
  // An earlier run's list (or a draft's in the same shape) says what its numbers mean.
  let listed = new Map<number, string>();
  for (const { start, end } of sections) {
    removedLine.fill(1, start, end);
    const items = new Map<number, string>();
    let parses = true;
    for (const line of lines.slice(start + 1, end)) {
      if (line.trim() === "" || /^ {0,3}(?:=+|-+)[ \t]*$/.test(line)) continue;
      const m = REFERENCE_ITEM.exec(line);
      if (!m) {
        parses = false;
        break;
      }
      items.set(Number(m[1]), m[2]!);
    }
    if (parses && items.size > 0) listed = items;
  }

  const keyOf = (n: number): string | undefined => {
    const fromList = listed.get(n);
    if (fromList !== undefined) {
      const key = canonicalUrl(fromList);
      return key !== undefined && titleByKey.has(key) ? key : undefined;
    }
    return byId.get(n)?.key;
  };
  const isCitation = (numbers: number[]) =>
    numbers.every((k) => k < YEAR_LIKE || byId.has(k) || listed.has(k));

  const numberOf = new Map<string, number>();
  const unresolved = new Set<string>();
  let removed = 0;
  let droppedFromHeadings = 0;

  for (const block of scan.blocks) {
    if (removedLine[block.start]) continue;
    const isHeading = block.kind === "heading";
    const textEnd = isHeading && block.end - block.start > 1 ? block.end - 1 : block.end;
    const original = lines.slice(block.start, textEnd).join("\n");
    const inline = scanInline(original, scan.labels);
    const clusters = clustersOf(original, inline, isCitation);
    if (clusters.length === 0) continue;

    const edits: { from: number; to: number; text: string }[] = [];
    for (const cluster of clusters) {
      const kept: number[] = [];
      for (const k of cluster.numbers) {
        if (isHeading) {
          droppedFromHeadings++;
          continue;
        }
        const key = keyOf(k);
        if (key === undefined) {
          removed++;
          unresolved.add(String(k));
          continue;
        }
        let assigned = numberOf.get(key);
        if (assigned === undefined) {
          assigned = numberOf.size + 1;
          numberOf.set(key, assigned);
        }
        kept.push(assigned);
      }
      if (kept.length > 0) {
        edits.push({ from: cluster.start, to: cluster.end, text: renderMarker(kept) });
      } else {
        const [from, to] = removalRange(original, cluster.start, cluster.end);
        edits.push({ from, to, text: "" });
      }
    }
    const text = applyEdits(original, edits);
    if (text === original) continue;
    // A line that held only a removed marker goes, rather than splitting its paragraph.
    const newLines = text.split("\n").filter((l) => l.trim() !== "");
    lines.splice(block.start, textEnd - block.start, ...padTo(newLines, textEnd - block.start));
  }

  const citations: Citation[] = [...numberOf].map(([url, n]) => ({
    n,
    url,
    title: titleByKey.get(url) || url,
  }));
  const body = lines.filter((l, k) => l !== REMOVED_LINE && !removedLine[k]).join("\n");
  let out = body;
  if (citations.length > 0) {
    const items = citations.map((c) => `${c.n}. [${escapeLinkText(c.title)}](${c.url})`);
    const heading = `## ${referencesHeading(opts.language)}`;
    out = `${body.trimEnd()}\n\n${heading}\n\n${items.join("\n")}\n`;
  } else if (sections.length > 0) {
    out = body.trimEnd() === "" ? "" : `${body.trimEnd()}\n`;
  }
  return { markdown: out, citations, removed, unresolved: [...unresolved], droppedFromHeadings };
}

/** A placeholder keeping line indices stable when a block lost lines; filtered out at the end. */
const REMOVED_LINE = "\u0000removed";

/** Edits never add lines (a marker holds no line break, removals only take), so this pads. */
function padTo(lines: string[], length: number): string[] {
  const out = lines.slice(0, length);
  while (out.length < length) out.push(REMOVED_LINE);
  return out;
}

/** Applies non-overlapping edits, sorted by position, in one pass. */
export function applyEdits(
  text: string,
  edits: { from: number; to: number; text: string }[],
): string {
  const parts: string[] = [];
  let at = 0;
  for (const e of edits) {
    parts.push(text.slice(at, e.from), e.text);
    at = e.to;
  }
  parts.push(text.slice(at));
  return parts.join("");
}
