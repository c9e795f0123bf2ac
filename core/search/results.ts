/**
 * Turning a backend's result items into `SearchResult`s: plain text for titles and snippets
 * (Brave marks matches with `<strong>`, some engines send entities), absolute http(s) URLs
 * only. Pure functions; a provider validates its envelope and hands each item here.
 */
import type { SearchResult } from "./types.ts";

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  hellip: "…",
  ndash: "–",
  mdash: "—",
};

/** Text without tags, with entities decoded and whitespace collapsed. */
export function plainText(value: unknown): string {
  if (typeof value !== "string") return "";
  return value
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === "#") {
        const code =
          name[1] === "x" || name[1] === "X"
            ? Number.parseInt(name.slice(2), 16)
            : Number.parseInt(name.slice(1), 10);
        return Number.isInteger(code) && code > 0 && code <= 0x10ffff
          ? String.fromCodePoint(code)
          : whole;
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, " ")
    .trim();
}

/** The value as an absolute http(s) URL string, or undefined. */
export function httpUrlOf(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
}

/**
 * Items in the backend's order → results with 1-based positions. An item without a usable
 * URL is skipped (it keeps no position); `positionOf` may supply the backend's own rank.
 */
export function toSearchResults(
  items: readonly unknown[],
  pick: (item: Record<string, unknown>) => { url: unknown; title: unknown; snippet: unknown },
  limit: number,
  positionOf?: (item: Record<string, unknown>, index: number) => number | undefined,
): SearchResult[] {
  const out: SearchResult[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    if (out.length >= limit) break;
    if (!isRecord(item)) continue;
    const fields = pick(item);
    const url = httpUrlOf(fields.url);
    if (!url || seen.has(url)) continue;
    seen.add(url);
    const own = positionOf?.(item, out.length);
    out.push({
      url,
      title: plainText(fields.title) || url,
      snippet: plainText(fields.snippet),
      position: own !== undefined && Number.isInteger(own) && own >= 1 ? own : out.length + 1,
    });
  }
  return out;
}
