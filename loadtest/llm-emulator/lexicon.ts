/** Picks the lexicon for a language: Czech and English are written; others fall back to English. */
import { CZECH } from "./lexicon-cs.ts";
import { ENGLISH } from "./lexicon-en.ts";
import type { Lexicon } from "./lexicon-types.ts";

/** "cs-CZ" → "cs"; anything unusable → "en". */
export function primaryLanguage(tag: unknown): string {
  if (typeof tag !== "string") return "en";
  const primary = tag.trim().split(/[-_]/)[0]?.toLowerCase() ?? "";
  return /^[a-z]{2,3}$/.test(primary) ? primary : "en";
}

export function lexiconFor(language: string): Lexicon {
  return primaryLanguage(language) === "cs" ? CZECH : ENGLISH;
}

export type * from "./lexicon-types.ts";
