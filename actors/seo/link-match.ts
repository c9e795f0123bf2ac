/**
 * Deliberately crude word matching for internal links, private to internal-links.ts.
 *
 * A target's title says "běžecké boty"; the article says "v běžeckých botách". Czech inflects
 * nouns and adjectives through seven cases, so words are compared by a key, not as written:
 * lowercased, diacritics folded, then
 * - Czech and Slovak: a common case ending stripped (keeping at least 3 letters), then cut to
 *   its first 5 letters ("běžeckých" and "běžecké" → "bezec", "botách" and "boty" → "bot");
 * - English: the Porter stemmer ("shoes" → "shoe", "running" → "run");
 * - any other language: cut to the first 5 letters, for words of 5 letters or more.
 * It errs towards matching too much; the scoring in internal-links.ts (share of a title's
 * words found, a natural phrase required) keeps that from becoming a bad link. The shared
 * stemmer of the content score may replace this later; only `matchKey` would change.
 */
import { stemmer } from "stemmer";

/** One word of a text, with where it is and how it compares. */
export interface MatchWord {
  /** The word as written. */
  text: string;
  /** Its offsets in the text: `text.slice(start, end)` is the word. */
  start: number;
  end: number;
  /** What it is compared by (see `matchKey`). */
  key: string;
  /** A stopword or a one-letter word: never a term, only filler inside a phrase. */
  stop: boolean;
}

/** Letters and digits, with an inner apostrophe ("don't", "l'eau"); marks after letters. */
const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['’][\p{L}\p{M}]+)*/gu;

/** The words of `text`, in order, each with its match key. */
export function wordsOf(text: string, language: string): MatchWord[] {
  const lang = primaryLanguage(language);
  const out: MatchWord[] = [];
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    const folded = fold(word);
    out.push({
      text: word,
      start: m.index,
      end: m.index + word.length,
      key: keyOf(folded, lang),
      stop: folded.length < 2 || stopwordsOf(lang).has(folded),
    });
  }
  return out;
}

/** The key a word is compared by (see the file header). */
export function matchKey(word: string, language: string): string {
  return keyOf(fold(word), primaryLanguage(language));
}

/** `cs-CZ` → `cs`. */
export function primaryLanguage(language: string): string {
  return (language.trim().toLowerCase().split(/[-_]/)[0] ?? "") || "en";
}

/** Lowercase, diacritics removed: "Běžecké" → "bezecke". */
function fold(word: string): string {
  return word
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}+/gu, "");
}

const PREFIX_LENGTH = 5;

function keyOf(folded: string, lang: string): string {
  if (/^\p{N}+$/u.test(folded)) return folded;
  if (lang === "en") return stemmer(folded.replace(/['’]/g, ""));
  const stem = lang === "cs" || lang === "sk" ? stripCzechEnding(folded) : folded;
  return stem.length >= PREFIX_LENGTH ? stem.slice(0, PREFIX_LENGTH) : stem;
}

/**
 * Case endings of Czech adjectives and nouns, folded, longest first so "ych" wins over "y".
 * Not a grammar: enough that the forms of one word usually share a key.
 */
const CZECH_ENDINGS = [
  "eho",
  "emu",
  "iho",
  "imu",
  "ych",
  "ymi",
  "ich",
  "imi",
  "ami",
  "ach",
  "ech",
  "emi",
  "ove",
  "ovi",
  "ym",
  "im",
  "ou",
  "um",
  "em",
  "a",
  "e",
  "i",
  "o",
  "u",
  "y",
];
const MIN_STEM = 3;

function stripCzechEnding(word: string): string {
  for (const ending of CZECH_ENDINGS) {
    if (word.endsWith(ending) && word.length - ending.length >= MIN_STEM) {
      return word.slice(0, -ending.length);
    }
  }
  return word;
}

/** Short lists of function words, folded; enough to keep "of" and "na" from being terms. */
const STOPWORDS: Record<string, ReadonlySet<string>> = {
  en: new Set(
    (
      "a about after all also an and any are as at be because been before but by can could do " +
      "does for from had has have how if in into is it its just more most no not of on or our " +
      "out over so than that the their them then there these they this those to up us vs was " +
      "we were what when where which while who why will with without you your"
    ).split(" "),
  ),
  cs: new Set(
    (
      "a aby ale ani ano asi az bez bude budou by byl byla byli bylo byt co do i jak jaka jake " +
      "jaky jako je jeho jej jeji jejich jen jeste ji jsem jsi jsme jsou jste k kam kde kdo kdy " +
      "kdyz ke ktera ktere ktery kteri ma maji mezi mit muze na nad nas nase nebo nez o od pak " +
      "po pod pokud pro proc proto pri s se si sve svuj ta tak take tam tato te ten tento to " +
      "toto tu ty tyto u uz v vas vase ve vice z za ze"
    ).split(" "),
  ),
};
STOPWORDS["sk"] = STOPWORDS["cs"]!;
const NO_STOPWORDS: ReadonlySet<string> = new Set();

function stopwordsOf(lang: string): ReadonlySet<string> {
  return STOPWORDS[lang] ?? NO_STOPWORDS;
}
