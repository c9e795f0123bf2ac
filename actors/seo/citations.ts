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
 * Where prose is (and code, links, HTML are not) comes from markdown-regions.ts.
 */
import {
  applyEdits,
  headingText,
  type InlineScan,
  type MarkdownScan,
  scanInline,
  scanMarkdown,
} from "./markdown-regions.ts";

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
    .replace(/\[[\d\s,;–—-]{0,50}\]/g, "") // "Sources [1]" is still the references heading
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

/**
 * The line ranges of references sections: from a heading `isReferencesHeading` accepts to
 * the next heading (of any level, so a section can never swallow the article's next part,
 * e.g. an FAQ one level down), or the end.
 */
export function referencesSections(scan: MarkdownScan): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const headings = scan.blocks.filter((b) => b.kind === "heading");
  for (const [k, h] of headings.entries()) {
    if (!isReferencesHeading(headingText(scan, h))) continue;
    out.push({ start: h.start, end: headings[k + 1]?.start ?? scan.lines.length });
  }
  return out;
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
  const index = indexSources(sources);
  let result = resolvePass(markdown, index, opts.language);
  // A removal can, rarely, change the block structure around it (a line that held only a
  // marker goes, and the line after it now starts a paragraph). Passing again until nothing
  // changes keeps the promise that the output is a fixed point; normally that is one extra
  // pass that finds nothing to do.
  for (let pass = 0; pass < 3; pass++) {
    const again = resolvePass(result.markdown, index, opts.language);
    if (again.markdown === result.markdown) break;
    result = {
      ...again,
      removed: result.removed + again.removed,
      unresolved: [...new Set([...result.unresolved, ...again.unresolved])],
      droppedFromHeadings: result.droppedFromHeadings + again.droppedFromHeadings,
    };
  }
  return result;
}

/** Sources by id, and their titles by canonical URL (two ids may be one page: one entry). */
interface SourceIndex {
  /** `null`: the id exists but its URL is not http(s), so citing it resolves nothing. */
  byId: Map<number, { key: string } | null>;
  titleByKey: Map<string, string>;
}

function indexSources(sources: readonly CitationSource[]): SourceIndex {
  const byId = new Map<number, { key: string } | null>();
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
    // The first non-empty title of a page names it.
    if (!titleByKey.get(key)) titleByKey.set(key, s.title.replace(/\s+/g, " ").trim());
    byId.set(s.id, { key });
  }
  return { byId, titleByKey };
}

function resolvePass(markdown: string, index: SourceIndex, language: string): ResolvedCitations {
  const { byId, titleByKey } = index;
  const whole = scanMarkdown(markdown);
  const sections = referencesSections(whole);
  const inSection = new Uint8Array(whole.lines.length);
  // An earlier run's list (or a draft's in the same shape) says what its numbers mean.
  let listed = new Map<number, string>();
  for (const { start, end } of sections) {
    inSection.fill(1, start, end);
    const items = new Map<number, string>();
    let parses = true;
    for (const line of whole.lines.slice(start + 1, end)) {
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
  // The body is scanned again without those sections: a reference definition inside one
  // must not make a `[n]` of the body a link on this run but not on the next.
  const scan =
    sections.length === 0
      ? whole
      : scanMarkdown(whole.lines.filter((_, k) => !inSection[k]).join("\n"));
  const { lines } = scan;

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
    const kept = keptLines(original.split("\n"), text.split("\n"));
    // A setext heading left without text loses its underline too (or it would turn the
    // paragraph above into a heading).
    const end = kept.length === 0 && textEnd < block.end ? block.end : textEnd;
    lines.splice(block.start, end - block.start, ...padTo(kept, end - block.start));
  }

  const citations: Citation[] = [...numberOf].map(([url, n]) => ({
    n,
    url,
    title: titleByKey.get(url) || url,
  }));
  const body = lines.filter((l) => l !== REMOVED_LINE).join("\n");
  let out = body;
  if (citations.length > 0) {
    const items = citations.map((c) => `${c.n}. [${escapeLinkText(c.title)}](${c.url})`);
    const heading = `## ${referencesHeading(language)}`;
    // A code fence the draft left open would swallow the section: close it first.
    const unclosed = scanMarkdown(body).unclosed;
    const closed = unclosed === undefined ? body.trimEnd() : `${body.trimEnd()}\n${unclosed}`;
    out = `${closed}\n\n${heading}\n\n${items.join("\n")}\n`;
  } else if (sections.length > 0) {
    out = body.trimEnd() === "" ? "" : `${body.trimEnd()}\n`;
  }
  return { markdown: out, citations, removed, unresolved: [...unresolved], droppedFromHeadings };
}

/**
 * The lines of an edited block worth keeping: a line that held nothing but a removed marker
 * and block syntax ("[9]", "- [9]", "> [9]", "## [1]") goes, rather than leaving an empty
 * list item, or a bare "-" that would read as a heading underline. A line the edits did not
 * change always stays.
 */
function keptLines(before: string[], after: string[]): string[] {
  if (before.length !== after.length) return after.filter((l) => !empty(l));
  return after.filter((l, k) => l === before[k] || !empty(l));
}

/** Whether a line holds block syntax only: spaces, `>`, a list marker or `#`s. No regex: linear. */
function empty(line: string): boolean {
  let i = 0;
  while (i < line.length && (line[i] === " " || line[i] === "\t" || line[i] === ">")) i++;
  const marker = /^(?:[-*+]|\d{1,9}[.)]|#{1,6})/.exec(line.slice(i, i + 10));
  if (marker) i += marker[0].length;
  while (i < line.length && (line[i] === " " || line[i] === "\t" || line[i] === "#")) i++;
  return i === line.length;
}

/** A placeholder keeping line indices stable when a block lost lines; filtered out at the end. */
const REMOVED_LINE = "\u0000removed";

/** Edits never add lines (a marker holds no line break, removals only take), so this pads. */
function padTo(lines: string[], length: number): string[] {
  const out = lines.slice(0, length);
  while (out.length < length) out.push(REMOVED_LINE);
  return out;
}
