/**
 * A light Czech stemmer, written for seo-farm after the approach of Dolamic & Savoy ("Indexing
 * and stemming approaches for the Czech language", Information Processing & Management, 2009):
 * strip one case ending, then one possessive suffix, and undo the consonant change a front
 * vowel causes (ruka → ruce, noha → noze, sestra → sestře) so the forms of a word meet.
 *
 * "Light" means inflection only: derivation is left alone (běh, běžec and běžecký stay three
 * stems), and so are vowel-length and fleeting-e changes (dům/domu, běžec/běžce). Known
 * conflations of a light stemmer: a z that is not an alternating h (analýza/analýze) and a c
 * that is not an alternating k (ulice → ulik) are rewritten all the same.
 */

/** Minimum length a word must exceed before a suffix of that group is removed. */
interface SuffixGroup {
  longerThan: number;
  /** Endings removed whole. */
  cut: readonly string[];
  /** Endings whose first letter (a front vowel) stays, to be read by `palatalise`. */
  palatal: readonly string[];
}

// Longest endings first; the first group whose ending matches decides.
const CASE_ENDINGS: readonly SuffixGroup[] = [
  { longerThan: 7, cut: ["atech"], palatal: [] },
  { longerThan: 6, cut: ["atům"], palatal: ["ětem"] },
  {
    longerThan: 5,
    cut: ["ách", "ata", "aty", "ých", "ama", "ami", "ové", "ovi", "ými"],
    palatal: ["ech", "ich", "ích", "ého", "ěmi", "emi", "ému", "ěte", "ěti", "ete", "eti"].concat([
      "iho",
      "ího",
      "ími",
      "imu",
    ]),
  },
  { longerThan: 4, cut: ["ům", "ám", "ým", "mi", "ou"], palatal: ["em", "ém", "ím"] },
  { longerThan: 3, cut: ["u", "y", "ů", "a", "o", "á", "é", "ý"], palatal: ["e", "i", "í", "ě"] },
];

const POSSESSIVES: SuffixGroup = { longerThan: 5, cut: ["ov", "ův"], palatal: ["in"] };

// Consonant + front vowel endings and the consonant they come from.
const ALTERNATIONS: ReadonlyArray<readonly [readonly string[], string]> = [
  [["čtě", "čti", "čtí"], "ck"],
  [["ště", "šti", "ští"], "sk"],
  [["ce", "ci", "cí", "cě", "če", "či", "čí", "čě"], "k"],
  [["ze", "zi", "zí", "že", "ži", "ží"], "h"],
  [["ře", "ři", "ří"], "r"],
];

/** A word ending in a front vowel, with the vowel removed and the consonant before restored. */
function palatalise(word: string): string {
  for (const [endings, base] of ALTERNATIONS) {
    for (const e of endings) if (word.endsWith(e)) return word.slice(0, -e.length) + base;
  }
  return word.slice(0, -1);
}

function stripGroup(word: string, groups: readonly SuffixGroup[]): string {
  for (const g of groups) {
    if (word.length <= g.longerThan) continue;
    for (const e of g.cut) if (word.endsWith(e)) return word.slice(0, -e.length);
    // Keep the ending's front vowel: palatalise reads the consonant before it.
    for (const e of g.palatal) {
      if (word.endsWith(e)) return palatalise(word.slice(0, word.length - e.length + 1));
    }
  }
  return word;
}

/**
 * The light stem of a Czech word (lower-cased with Czech rules first). Words with digits or
 * without letters are returned lower-cased only.
 */
export function stemCzech(word: string): string {
  const w = word.toLocaleLowerCase("cs");
  if (!/^\p{L}+$/u.test(w)) return w;
  return stripGroup(stripGroup(w, CASE_ENDINGS), [POSSESSIVES]);
}
