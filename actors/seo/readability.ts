/**
 * Readability fit for each language, as a 0–100 sub-score with a target band for web articles.
 *
 * English: Flesch reading ease (Flesch 1948), 206.835 − 1.015 × words/sentence − 84.6 ×
 * syllables/word, with a vowel-group syllable heuristic. Its constants were fitted to English
 * and do not carry to other languages.
 *
 * Czech (and every other language): LIX (Björnsson 1968), words/sentence + 100 × share of words
 * longer than six letters. Flesch needs syllable counts and constants fitted per language;
 * none is standard for Czech (the adaptations in use disagree and few are published with
 * their data). LIX needs neither, is defined the same way for every language, and is used for
 * Swedish, Danish, Norwegian, German, French and others; it measures the two things that make
 * web text hard — long sentences and long words. Czech writes cases as endings where English
 * uses short function words (of the, to a), so Czech has more long words and a higher LIX for
 * comparably easy text; its band is shifted up by five points against the general one, which
 * our Czech fixtures (competitor pages and drafts of a typical web guide) sit in. That band is
 * a judgement from a handful of texts, not a published norm.
 */
import { primaryLanguage } from "./stopwords.ts";
import { parseMarkdown, sentences, wordTokens } from "./tokenise.ts";

export type ReadabilityMeasure = "flesch-reading-ease" | "lix";

/** A measure's band of values that scores 100, and the values where the score reaches 0. */
export interface ReadabilityBand {
  /** Lowest value that scores 100. */
  min: number;
  /** Highest value that scores 100. */
  max: number;
  /** Where the score reaches its floor on the hard side. */
  hardZero: number;
  /** The score's floor on the easy side (very easy text is fine, only a little choppy). */
  easyFloor: number;
  /** Where the easy side reaches `easyFloor`. */
  easyFloorAt: number;
  /** Whether larger values mean easier text (Flesch) or harder (LIX). */
  higherIsEasier: boolean;
}

/**
 * Flesch reading ease for web articles: 60–80 is "plain English" (readable at 13–15 years),
 * the band web style guides aim for; 30 and below is academic prose.
 */
export const FLESCH_BAND: ReadabilityBand = {
  min: 60,
  max: 80,
  hardZero: 20,
  easyFloor: 70,
  easyFloorAt: 100,
  higherIsEasier: true,
};

/** LIX for web articles in general: 30–45 is "easy" to "medium" (newspapers sit near 40–45). */
export const LIX_BAND: ReadabilityBand = {
  min: 30,
  max: 45,
  hardZero: 70,
  easyFloor: 70,
  easyFloorAt: 15,
  higherIsEasier: false,
};

/** LIX for Czech web articles: five points up from the general band (see the file header). */
export const LIX_BAND_CS: ReadabilityBand = {
  min: 35,
  max: 50,
  hardZero: 75,
  easyFloor: 70,
  easyFloorAt: 20,
  higherIsEasier: false,
};

export interface Readability {
  measure: ReadabilityMeasure;
  /** The measure's value, one decimal. */
  value: number;
  /** 0–100: 100 inside the band, falling linearly outside it. */
  score: number;
  band: ReadabilityBand;
  sentences: number;
  words: number;
  /** Average words per sentence, one decimal. */
  wordsPerSentence: number;
}

/** Syllables of an English word, by vowel groups with silent-e and -ed/-es rules. */
export function englishSyllables(word: string): number {
  const w = word.toLowerCase().replace(/[^a-z]/g, "");
  if (w.length === 0) return 1;
  if (w.length <= 3) return 1;
  const trimmed = w
    .replace(/(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$/, (m) => m[0]!)
    .replace(/^y/, "");
  const groups = trimmed.match(/[aeiouy]{1,2}/g)?.length ?? 0;
  return Math.max(1, groups);
}

/** Letters of a word (digits, apostrophes and hyphens do not count). */
function letters(word: string): number {
  return word.match(/\p{L}/gu)?.length ?? 0;
}

/** The band for a measure in a language. */
export function readabilityBand(measure: ReadabilityMeasure, language: string): ReadabilityBand {
  if (measure === "flesch-reading-ease") return FLESCH_BAND;
  return primaryLanguage(language) === "cs" ? LIX_BAND_CS : LIX_BAND;
}

/** The measure used for a language: Flesch for English, LIX for all others. */
export function readabilityMeasureFor(language: string): ReadabilityMeasure {
  return primaryLanguage(language) === "en" ? "flesch-reading-ease" : "lix";
}

/** A measure's value as a 0–100 score against its band. */
export function bandScore(value: number, band: ReadabilityBand): number {
  // Orient so that larger means harder.
  const v = band.higherIsEasier ? -value : value;
  const lo = band.higherIsEasier ? -band.max : band.min;
  const hi = band.higherIsEasier ? -band.min : band.max;
  const hardZero = band.higherIsEasier ? -band.hardZero : band.hardZero;
  const easyAt = band.higherIsEasier ? -band.easyFloorAt : band.easyFloorAt;
  let score: number;
  if (v >= lo && v <= hi) score = 100;
  else if (v > hi) score = 100 * Math.max(0, (hardZero - v) / (hardZero - hi));
  else score = 100 - (100 - band.easyFloor) * Math.min(1, (lo - v) / (lo - easyAt));
  return Math.round(score);
}

/**
 * Readability of a Markdown article's body (headings excluded; list items and table rows count
 * as sentences) in `language` (BCP 47). An empty body scores 0.
 */
export function readabilityOf(markdown: string, language: string): Readability {
  const measure = readabilityMeasureFor(language);
  const band = readabilityBand(measure, language);
  let sentenceCount = 0;
  let wordCount = 0;
  let syllables = 0;
  let longWords = 0;
  for (const paragraph of parseMarkdown(markdown).paragraphs) {
    for (const sentence of sentences(paragraph)) {
      const tokens = wordTokens(sentence);
      if (tokens.length === 0) continue;
      sentenceCount++;
      wordCount += tokens.length;
      for (const t of tokens) {
        if (measure === "flesch-reading-ease") syllables += englishSyllables(t);
        else if (letters(t) > 6) longWords++;
      }
    }
  }
  if (wordCount === 0) {
    return { measure, value: 0, score: 0, band, sentences: 0, words: 0, wordsPerSentence: 0 };
  }
  const wps = wordCount / sentenceCount;
  const value =
    measure === "flesch-reading-ease"
      ? 206.835 - 1.015 * wps - 84.6 * (syllables / wordCount)
      : wps + (100 * longWords) / wordCount;
  const rounded = Math.round(value * 10) / 10;
  return {
    measure,
    value: rounded,
    score: bandScore(rounded, band),
    band,
    sentences: sentenceCount,
    words: wordCount,
    wordsPerSentence: Math.round(wps * 10) / 10,
  };
}
