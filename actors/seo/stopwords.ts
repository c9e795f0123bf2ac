/** Stopword sets per language: Czech and English have lists, other languages none. */
import { STOPWORDS_CS } from "./stopwords-cs.ts";
import { STOPWORDS_EN } from "./stopwords-en.ts";

const SETS: Record<string, ReadonlySet<string>> = {
  cs: new Set(STOPWORDS_CS),
  en: new Set(STOPWORDS_EN),
};
const EMPTY: ReadonlySet<string> = new Set();

/** The primary language subtag of a BCP 47 tag, lower case: `cs-CZ` → `cs`. */
export function primaryLanguage(language: string): string {
  return (language.split(/[-_]/)[0] ?? "").toLowerCase();
}

/**
 * The stopwords of a language (lower case), by its BCP 47 tag. Languages without a list get an
 * empty set: their terms then include function words, which lowers the quality of term
 * coverage for them (see docs/content-score.md).
 */
export function stopwordsFor(language: string): ReadonlySet<string> {
  return SETS[primaryLanguage(language)] ?? EMPTY;
}
