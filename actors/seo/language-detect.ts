/**
 * Which language a text is in, and whether each part of an article (sections, FAQ, meta
 * fields) is in the requested one. Trigram statistics come from `franc-min`; this module maps
 * its ISO 639-3 codes to the BCP 47 subtags requests use, refuses to judge texts too short for
 * trigrams, and separates Czech from Slovak, which franc-min cannot: it has no Slovak model,
 * so Slovak text comes out as Czech, and short Czech or Slovak text often as Serbian or
 * Croatian.
 */
import { francAll } from "franc-min";
import { primaryLanguage } from "./stopwords.ts";
import { markdownToText, words } from "./tokenise.ts";

/**
 * Fewest words a text needs before it is judged. franc's own floor is 10 characters, but below
 * about ten words trigram counts mislead: a correct 10-word Czech sentence of our fixtures came
 * out as Serbian. Headings and short FAQ questions therefore go unjudged.
 */
export const DEFAULT_MIN_WORDS = 10;

/**
 * Languages whose franc score is within this margin of the best one are reported as
 * `alternatives`: the text fits them nearly as well, so a part expected in one of them passes.
 */
export const ALTERNATIVE_MARGIN = 0.02;

export interface DetectOptions {
  /**
   * Fewest words a text needs to be judged.
   * @default DEFAULT_MIN_WORDS (10)
   */
  minWords?: number;
}

export interface DetectedLanguage {
  /** BCP 47 primary subtag (`cs`, `en`), or franc's ISO 639-3 code where none exists. */
  language: string;
  /**
   * 0–1: how clearly the language beats the runner-up. From franc, 1 minus the runner-up's
   * normalised score (franc's scores of close languages are close: Czech beats Serbian by
   * only 0.02–0.05 on a paragraph); when Czech and Slovak are told apart by their letters and
   * words, the share of that evidence that points to the winner.
   */
  confidence: number;
  /** Other languages the text fits nearly as well (franc within ALTERNATIVE_MARGIN, or cs/sk when the evidence is even). */
  alternatives: string[];
}

/** ISO 639-3 (franc) → BCP 47 primary subtag. Codes without a two-letter form map to themselves. */
const ISO_639_3_TO_BCP47: Record<string, string> = {
  arb: "ar",
  azj: "az",
  bel: "be",
  bos: "bs",
  bul: "bg",
  ces: "cs",
  deu: "de",
  eng: "en",
  fra: "fr",
  hau: "ha",
  hin: "hi",
  hrv: "hr",
  hun: "hu",
  ibo: "ig",
  ind: "id",
  ita: "it",
  jav: "jv",
  kaz: "kk",
  kin: "rw",
  lin: "ln",
  mar: "mr",
  nld: "nl",
  npi: "ne",
  nya: "ny",
  pes: "fa",
  plt: "mg",
  pol: "pl",
  por: "pt",
  ron: "ro",
  run: "rn",
  rus: "ru",
  slk: "sk",
  som: "so",
  srp: "sr",
  spa: "es",
  sun: "su",
  swe: "sv",
  swh: "sw",
  tgl: "tl",
  tur: "tr",
  ukr: "uk",
  urd: "ur",
  uzn: "uz",
  vie: "vi",
  yor: "yo",
  zlm: "ms",
  zul: "zu",
};

/** The BCP 47 primary subtag for an ISO 639-3 code (the code itself when there is none). */
export function bcp47FromIso6393(code: string): string {
  return ISO_639_3_TO_BCP47[code] ?? code;
}

// Latin-script Slavic languages that franc confuses with Czech and Slovak.
const WEST_SOUTH_SLAVIC = new Set(["ces", "slk", "hrv", "bos", "srp", "slv"]);

// Letters only one of the two languages writes.
const CZECH_LETTERS = /[ěřů]/giu;
const SLOVAK_LETTERS = /[äľĺŕô]/giu;
// Long vowels both write and Croatian, Serbian and Bosnian do not.
const CS_SK_VOWELS = /[áéíóúý]/giu;
// Letters of Croatian, Serbian and Bosnian that Czech and Slovak never write.
const SOUTH_SLAVIC_LETTERS = /[ćđ]/giu;

// Frequent function words that differ between the two languages (each side absent from the other).
const CZECH_WORDS = new Set([
  "jsem",
  "jsi",
  "jsme",
  "jste",
  "jsou",
  "byl",
  "byla",
  "bylo",
  "byli",
  "který",
  "která",
  "které",
  "kterou",
  "kteří",
  "nebo",
  "jako",
  "také",
  "když",
  "není",
  "jen",
  "mezi",
  "přes",
  "se",
  "pro",
  "proto",
  "protože",
  "co",
  "kdy",
  "jak",
  "tedy",
  "velmi",
  "může",
]);
const SLOVAK_WORDS = new Set([
  "som",
  "sme",
  "ste",
  "sú",
  "bol",
  "bola",
  "bolo",
  "boli",
  "ktorý",
  "ktorá",
  "ktoré",
  "ktorú",
  "ktorí",
  "alebo",
  "ako",
  "tiež",
  "keď",
  "nie",
  "len",
  "medzi",
  "cez",
  "sa",
  "pre",
  "preto",
  "pretože",
  "čo",
  "kedy",
  "teda",
  "veľmi",
  "môže",
  "aj",
]);

const count = (text: string, re: RegExp) => text.match(re)?.length ?? 0;

interface CzechSlovakEvidence {
  czech: number;
  slovak: number;
  /** The text writes Czech/Slovak long vowels or letters and no Croatian/Serbian ones. */
  westSlavic: boolean;
}

/** Letters count once, distinctive function words twice (they are rarer and surer). */
function czechSlovakEvidence(text: string, tokens: string[]): CzechSlovakEvidence {
  let czech = count(text, CZECH_LETTERS);
  let slovak = count(text, SLOVAK_LETTERS);
  for (const t of tokens) {
    if (CZECH_WORDS.has(t)) czech += 2;
    else if (SLOVAK_WORDS.has(t)) slovak += 2;
  }
  const westSlavic =
    count(text, SOUTH_SLAVIC_LETTERS) === 0 && czech + slovak + count(text, CS_SK_VOWELS) >= 2;
  return { czech, slovak, westSlavic };
}

/**
 * The language of a text (Markdown is stripped first), or `undefined` when the text has fewer
 * than `minWords` words or franc cannot tell.
 */
export function detectLanguage(
  text: string,
  opts: DetectOptions = {},
): DetectedLanguage | undefined {
  const minWords = opts.minWords ?? DEFAULT_MIN_WORDS;
  if (!Number.isFinite(minWords) || minWords < 1) {
    throw new RangeError(`minWords must be a number ≥ 1 (got ${minWords})`);
  }
  const plain = markdownToText(text);
  const tokens = words(plain);
  if (tokens.length < minWords) return undefined;
  const ranked = francAll(plain, { minLength: 1 });
  const [topCode, topScore] = ranked[0] ?? ["und", 0];
  if (topCode === "und") return undefined;

  if (WEST_SOUTH_SLAVIC.has(topCode)) {
    const ev = czechSlovakEvidence(plain, tokens);
    if (ev.westSlavic) return decideCzechSlovak(ev);
  }
  const runnerUp = ranked[1]?.[1] ?? 0;
  const alternatives = ranked
    .slice(1)
    .filter(([, score]) => score >= topScore - ALTERNATIVE_MARGIN)
    .map(([code]) => bcp47FromIso6393(code));
  return {
    language: bcp47FromIso6393(topCode),
    confidence: round(1 - runnerUp / (topScore || 1)),
    alternatives,
  };
}

/**
 * Czech or Slovak by their own letters and words. One side wins with at least twice the
 * other's evidence (and at least 2 points); otherwise the text is Czech (franc's answer) with
 * Slovak as an alternative, so neither expected language fails on it.
 */
function decideCzechSlovak(ev: CzechSlovakEvidence): DetectedLanguage {
  const total = ev.czech + ev.slovak;
  if (ev.slovak >= 2 && ev.slovak >= 2 * ev.czech) {
    return { language: "sk", confidence: round(ev.slovak / total), alternatives: [] };
  }
  if (ev.czech >= 2 && ev.czech >= 2 * ev.slovak) {
    return { language: "cs", confidence: round(ev.czech / total), alternatives: [] };
  }
  return { language: "cs", confidence: 0, alternatives: ["sk"] };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** One part of an article to check: a section, the FAQ, a meta field. */
export interface LanguagePart {
  id: string;
  /** Plain text or Markdown. */
  text: string;
}

export interface LanguagePartResult {
  id: string;
  /** The detected language; absent when the part was too short to judge. */
  detected?: string;
  /** In the expected language, or too short to judge. */
  ok: boolean;
  /** Words of the part, Markdown syntax excluded. */
  words: number;
}

export interface LanguageCheck {
  /** Every judged part is in the expected language. */
  ok: boolean;
  parts: LanguagePartResult[];
}

/**
 * Checks that each part is in `expected` (a BCP 47 tag; only its primary subtag counts). A part
 * passes when it is too short to judge, when it is detected as `expected`, or when `expected`
 * is one of the detection's alternatives.
 */
export function checkLanguage(
  parts: LanguagePart[],
  expected: string,
  opts: DetectOptions = {},
): LanguageCheck {
  const want = primaryLanguage(expected);
  if (!want) throw new TypeError(`expected must be a BCP 47 language tag (got "${expected}")`);
  const results = parts.map((part): LanguagePartResult => {
    const wordCount = words(markdownToText(part.text)).length;
    const found = detectLanguage(part.text, opts);
    if (!found) return { id: part.id, ok: true, words: wordCount };
    const ok = found.language === want || found.alternatives.includes(want);
    return { id: part.id, detected: found.language, ok, words: wordCount };
  });
  return { ok: results.every((r) => r.ok), parts: results };
}
