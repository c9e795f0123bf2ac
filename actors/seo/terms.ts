/**
 * Terms of a text as the content score counts them: stemmed unigrams and bigrams without
 * stopwords, and stem sequences for matching phrases (a keyword, an entity) in any inflected
 * form. Competitor analysis and the score use these same functions, so a term found on a
 * competitor page is found in the draft in the same way.
 */
import { type Stemmer, stemmerFor } from "./stem.ts";
import { stopwordsFor } from "./stopwords.ts";
import { lowerCase, sentences, wordTokens } from "./tokenise.ts";

/** Terms of one text: counts per stemmed unigram and bigram, and the surface forms seen. */
export interface TermCounts {
  unigrams: Map<string, number>;
  /** Keys are two stems joined by a space. */
  bigrams: Map<string, number>;
  /** Lower-case surface forms per term key, with counts (for display). */
  surfaces: Map<string, Map<string, number>>;
  /** All words of the text, stopwords included. */
  words: number;
}

/** Shortest word (in characters) that can be a term. */
export const MIN_TERM_LENGTH = 3;

/** A language's stemmer and stopwords, built once per text. */
export interface LanguageTools {
  language: string;
  stem: Stemmer;
  stopwords: ReadonlySet<string>;
}

export function languageTools(language: string): LanguageTools {
  return { language, stem: stemmerFor(language), stopwords: stopwordsFor(language) };
}

/** Whether a lower-case word can be a term: not a stopword, long enough, not only digits. */
export function isTermWord(word: string, tools: LanguageTools): boolean {
  return word.length >= MIN_TERM_LENGTH && /\p{L}/u.test(word) && !tools.stopwords.has(word);
}

function addSurface(out: TermCounts, key: string, surface: string): void {
  let forms = out.surfaces.get(key);
  if (!forms) {
    forms = new Map();
    out.surfaces.set(key, forms);
  }
  forms.set(surface, (forms.get(surface) ?? 0) + 1);
}

/**
 * Counts the terms of a plain text. A bigram is two term words next to each other in one
 * sentence, with no stopword, punctuation or short word between them.
 */
export function termCounts(text: string, tools: LanguageTools): TermCounts {
  const out: TermCounts = {
    unigrams: new Map(),
    bigrams: new Map(),
    surfaces: new Map(),
    words: 0,
  };
  for (const sentence of sentences(text)) {
    // Punctuation inside a sentence (commas, brackets, dashes) breaks bigrams too.
    for (const run of sentence.split(/[^\p{L}\p{M}\p{N}\s'’ʼ‐‑-]+/u)) {
      let prev: { stem: string; word: string } | undefined;
      for (const token of wordTokens(run)) {
        out.words++;
        const word = lowerCase(token, tools.language);
        if (!isTermWord(word, tools)) {
          prev = undefined;
          continue;
        }
        const stem = tools.stem(word);
        out.unigrams.set(stem, (out.unigrams.get(stem) ?? 0) + 1);
        addSurface(out, stem, word);
        if (prev) {
          const key = `${prev.stem} ${stem}`;
          out.bigrams.set(key, (out.bigrams.get(key) ?? 0) + 1);
          addSurface(out, key, `${prev.word} ${word}`);
        }
        prev = { stem, word };
      }
    }
  }
  return out;
}

/** The most frequent surface form of a term (ties: alphabetically first). */
export function displayForm(surfaces: Map<string, number> | undefined, fallback: string): string {
  if (!surfaces) return fallback;
  let best = fallback;
  let bestCount = -1;
  for (const [form, n] of surfaces) {
    if (n > bestCount || (n === bestCount && form < best)) {
      best = form;
      bestCount = n;
    }
  }
  return best;
}

/** The stems of every word of a text, stopwords included, in order. */
export function stemSequence(text: string, tools: LanguageTools): string[] {
  return wordTokens(text).map((t) => tools.stem(lowerCase(t, tools.language)));
}

/** How often `needle` occurs in `hay` as a contiguous run, without overlaps. */
export function countSequence(hay: readonly string[], needle: readonly string[]): number {
  if (needle.length === 0) return 0;
  let n = 0;
  for (let i = 0; i + needle.length <= hay.length; ) {
    let match = true;
    for (let j = 0; j < needle.length; j++) {
      if (hay[i + j] !== needle[j]) {
        match = false;
        break;
      }
    }
    if (match) {
      n++;
      i += needle.length;
    } else {
      i++;
    }
  }
  return n;
}

/** The distinct stems of a phrase's term words (stopwords and short words left out). */
export function termStems(text: string, tools: LanguageTools): string[] {
  const out = new Set<string>();
  for (const token of wordTokens(text)) {
    const word = lowerCase(token, tools.language);
    if (isTermWord(word, tools)) out.add(tools.stem(word));
  }
  return [...out];
}
