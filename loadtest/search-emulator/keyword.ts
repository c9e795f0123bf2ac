/**
 * Keywords as the emulator sees them: normalised for matching, the result language from a
 * wire's language parameter, and page slugs that carry the keyword (so a generated page can
 * be served from its URL alone, also after a restart).
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

/** A keyword as a slug, diacritics kept: `běžecké boty do terénu` → `běžecké-boty-do-terénu`. */
export function keywordSlug(keyword: string): string {
  return (
    normalizeKeyword(keyword)
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean)
      .join("-")
      .slice(0, 80)
      .replace(/-+$/, "") || "keyword"
  );
}

/** The slug of a generated page: `<keyword-slug>--<angle>`. */
export function generatedSlug(keyword: string, angle: string): string {
  return `${keywordSlug(keyword)}--${angle}`;
}

/** `<keyword-slug>--<angle>` → its parts; undefined for a slug of another form. */
export function parseGeneratedSlug(
  slug: string,
): { keywordSlug: string; angle: string } | undefined {
  const at = slug.lastIndexOf("--");
  if (at <= 0) return undefined;
  return { keywordSlug: slug.slice(0, at), angle: slug.slice(at + 2) };
}
