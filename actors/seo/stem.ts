/**
 * Stemmers per language, so "boty", "botách" and "botami" (or "shoes" and "shoe") count as one
 * term. English uses Porter's algorithm (the `stemmer` package), Czech the light stemmer in
 * stem-cs.ts; other languages are only lower-cased, so their inflected forms stay apart.
 */
import { stemmer as porter } from "stemmer";
import { stemCzech } from "./stem-cs.ts";
import { primaryLanguage } from "./stopwords.ts";
import { lowerCase } from "./tokenise.ts";

/** Maps one word to its stem. Pure and deterministic. */
export type Stemmer = (word: string) => string;

function stemEnglish(word: string): string {
  // Porter keeps the apostrophe of a possessive (runner's → runner'), so drop it first.
  const w = word.toLowerCase().replace(/'s$|s'$|'$/, (m) => (m === "s'" ? "s" : ""));
  return /^[a-z]+$/.test(w) ? porter(w) : w;
}

/** Applies `stem` to each part of a hyphenated word (trail-running → trail-run). */
function byParts(stem: Stemmer): Stemmer {
  return (word) => (word.includes("-") ? word.split("-").map(stem).join("-") : stem(word));
}

/** Whether `stemmerFor(language)` does more than lower-case. */
export function hasStemmer(language: string): boolean {
  const l = primaryLanguage(language);
  return l === "en" || l === "cs";
}

/**
 * The stemmer for a BCP 47 language tag: `en` → Porter, `cs` → light Czech stemmer, anything
 * else → lower-casing by the language's rules.
 */
export function stemmerFor(language: string): Stemmer {
  switch (primaryLanguage(language)) {
    case "en":
      return byParts(stemEnglish);
    case "cs":
      return byParts(stemCzech);
    default:
      return (word) => lowerCase(word, language);
  }
}
