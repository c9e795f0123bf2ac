/**
 * Keywords as the emulator sees them: normalised for matching, the result language from a
 * wire's language parameter, and page slugs that carry the keyword (so a generated page is
 * served from its URL alone).
 */
import type { PageLanguage } from "./pages/types.ts";

/** Trimmed, single-spaced, lower-case, NFC. */
export function normalizeKeyword(text: string): string {
  return text.normalize("NFC").trim().replace(/\s+/g, " ").toLocaleLowerCase();
}

/** `cs` for a Czech language tag or code (`cs`, `cs-CZ`, DataForSEO's `cs`), else `en`. */
export function pageLanguageOf(tag: string | undefined | null): PageLanguage {
  return (tag ?? "").trim().toLowerCase().split(/[-_]/)[0] === "cs" ? "cs" : "en";
}

/** Longest keyword a generated slug carries. */
export const MAX_SLUG_KEYWORD = 200;

/**
 * The slug of a generated page: the keyword as typed (case, diacritics and punctuation kept,
 * spaces as `_`), then `--`, then the angle: `běžecké boty` → `běžecké_boty--pruvodce`. It
 * is percent-encoded in URLs. The slug alone gives the keyword back, so a page is the same
 * whether or not anyone searched for it first, also after a restart.
 */
export function generatedSlug(keyword: string, angle: string): string {
  const part = keyword.normalize("NFC").trim().replace(/\s+/g, "_").slice(0, MAX_SLUG_KEYWORD);
  return `${part || "_"}--${angle}`;
}

/** `<keyword>--<angle>` → the keyword (spaces back) and the angle; undefined for another form. */
export function parseGeneratedSlug(slug: string): { keyword: string; angle: string } | undefined {
  const at = slug.lastIndexOf("--");
  if (at <= 0) return undefined;
  return { keyword: slug.slice(0, at).replace(/_/g, " ").trim(), angle: slug.slice(at + 2) };
}
