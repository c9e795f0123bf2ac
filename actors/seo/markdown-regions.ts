/**
 * Where prose is in a Markdown article, for the passes that edit prose and must leave
 * everything else alone (citations.ts, internal-links.ts).
 *
 * A line-based approximation of CommonMark, not a full parser: it knows what an LLM's
 * Markdown contains (ATX and setext headings, paragraphs, lists, quotes, GFM tables, fenced
 * and indented code, HTML comments, reference definitions, front matter) and, inside a block,
 * code spans, links, images, autolinks and HTML tags. When unsure it treats text as not
 * prose, so an edit is more likely skipped than misplaced. Every pass is linear in the input
 * (stacks for brackets, cached look-ups for closers), so no input can make it backtrack.
 */
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
  /** The destinations of those definitions, as written, in document order. */
  definitionUrls: string[];
  /**
   * The line that would close a code fence or HTML comment still open at the end ("```",
   * "-->"), so text appended after it is not swallowed; undefined when nothing is open.
   */
  unclosed: string | undefined;
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
  const definitionUrls: string[] = [];

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
    // Indented code cannot interrupt a paragraph (that is a continuation line), and inside a
    // list it is the item's continuation; anywhere else (after a blank line, a heading, other
    // code) it is code.
    const prevKind = i === 0 ? "blank" : kinds[i - 1];
    if (indent >= 4 && !inList && prevKind !== "text" && prevKind !== "table") {
      kinds[i] = "code";
      continue;
    }
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
      const url = /^[ \t]*<?([^\s>]+)/.exec(line.slice(def[0].length));
      if (url) definitionUrls.push(url[1]!);
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
  const unclosed = fence ? fence.char.repeat(fence.len) : inComment ? "-->" : undefined;
  return { lines, blocks, labels, definitionUrls, unclosed };
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
