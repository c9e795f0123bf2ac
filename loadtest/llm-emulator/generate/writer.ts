/**
 * Prose from templates, to a word budget and a keyword budget. The writer tracks how many
 * words and keyword mentions it has written and asks each next sentence to carry the
 * keyword only while it is behind its target density, so a 300-word and a 3000-word
 * article both land near 1–2 % without stuffing.
 */
import type { SectionRole } from "../lexicon-types.ts";
import type { Rng } from "../rng.ts";
import { capitalize, countWords, lowerFirst, occurrences } from "../text.ts";
import { render, suitsKind, templateBody } from "./template.ts";
import type { Topic } from "./topic.ts";

/** Target keyword share of all words, and the most the writer allows. */
export const TARGET_DENSITY = 0.013;
export const MAX_DENSITY = 0.028;

/** How many times an article of `words` words should name a keyword of `keywordWords` words. */
export function keywordTarget(words: number, keywordWords: number): number {
  const k = Math.max(1, keywordWords);
  const upper = Math.max(1, Math.floor((MAX_DENSITY * words) / k));
  return Math.max(1, Math.min(upper, Math.max(2, Math.round((TARGET_DENSITY * words) / k))));
}

export type KeywordWish = "want" | "avoid";

interface Candidate {
  template: string;
  text: string;
  count: number;
}

/** Roles whose sentences suit a section once its own are used up. */
const SIBLINGS: Readonly<Record<SectionRole, readonly SectionRole[]>> = {
  basics: ["benefits", "tips"],
  benefits: ["basics", "start"],
  choosing: ["cost", "mistakes"],
  start: ["tips", "basics"],
  cost: ["choosing", "tips"],
  care: ["tips", "mistakes"],
  mistakes: ["tips", "choosing"],
  tips: ["start", "care"],
  question: ["basics", "tips"],
  conclusion: ["tips", "start"],
};

export interface PickOptions {
  /** Only these templates, no filler. */
  only?: boolean;
  /** Templates to fall back on, tier by tier, before any sentence is repeated. */
  reserve?: ReadonlyArray<readonly string[]>;
}

export class ProseWriter {
  readonly #topic: Topic;
  readonly #rng: Rng;
  /** Template → when it was last used; a repeat takes the longest-unused. */
  readonly #used = new Map<string, number>();
  readonly #openersUsed = new Set<string>();
  readonly #suitable = new Map<string, boolean>();
  readonly #slots: Record<string, string>;
  #picks = 0;
  /** Keyword mentions the body may still use, and the words it is spread over. */
  #keywordBudget = 0;
  #keywordUsed = 0;
  #bodyWords = 1;
  #bodyWritten = 0;

  constructor(topic: Topic, rng: Rng, extraSlots: Record<string, string> = {}) {
    this.#topic = topic;
    this.#rng = rng;
    this.#slots = { ...topic.grammar.slots, ...extraSlots };
  }

  /** Spreads `mentions` keyword mentions over the next `words` words. */
  planKeyword(mentions: number, words: number): void {
    this.#keywordBudget = Math.max(0, mentions);
    this.#keywordUsed = 0;
    this.#bodyWords = Math.max(1, words);
    this.#bodyWritten = 0;
  }

  #wish(): KeywordWish {
    if (this.#keywordUsed >= this.#keywordBudget) return "avoid";
    const due = (this.#keywordBudget * (this.#bodyWritten + 12)) / this.#bodyWords;
    return this.#keywordUsed + 0.5 < due ? "want" : "avoid";
  }

  #account(sentence: string): void {
    this.#bodyWritten += countWords(sentence);
    this.#keywordUsed += occurrences(sentence, this.#topic.keyword);
  }

  /** A template rendered with this writer's slots and a fresh related term and entity. */
  #render(template: string): Candidate | undefined {
    const { terms, entities, keyword } = this.#topic;
    const text = render(template, (name) => {
      if (name === "term") return terms.length > 0 ? this.#rng.pick(terms) : undefined;
      if (name === "entity") return entities.length > 0 ? this.#rng.pick(entities) : undefined;
      if (name === "Entity") {
        return entities.length > 0 ? capitalize(this.#rng.pick(entities)) : undefined;
      }
      return this.#slots[name];
    });
    return text === undefined ? undefined : { template, text, count: occurrences(text, keyword) };
  }

  #suits(template: string): boolean {
    let ok = this.#suitable.get(template);
    if (ok === undefined) {
      ok = suitsKind(template, this.#topic.grammar.kind);
      this.#suitable.set(template, ok);
    }
    return ok;
  }

  /** A random unused template of the list that renders and fits; rendered lazily. */
  #firstFitting(
    templates: readonly string[],
    fits: (c: Candidate) => boolean,
  ): Candidate | undefined {
    const eligible = templates.filter((t) => !this.#used.has(t) && this.#suits(t));
    for (const template of this.#rng.shuffle(eligible)) {
      const c = this.#render(template);
      if (c && fits(c)) return c;
    }
    return undefined;
  }

  #take(c: Candidate): string {
    this.#used.set(c.template, this.#picks++);
    return this.#withOpener(c);
  }

  /**
   * One sentence from `templates` (mixed with the lexicon's filler unless `only`), with
   * exactly one keyword mention when wished for and none otherwise. Unused sentences come
   * first, then unused ones of the reserve, then the longest-unused repeat.
   */
  pick(templates: readonly string[], wish: KeywordWish, opts: PickOptions = {}): string {
    const lex = this.#topic.lex;
    const filler = opts.only ? [] : lex.filler;
    const fits = (c: Candidate) => (wish === "want" ? c.count === 1 : c.count === 0);

    const order = this.#rng.chance(0.75) ? [templates, filler] : [filler, templates];
    for (const pool of [...order, ...(opts.reserve ?? [])]) {
      const c = this.#firstFitting(pool, fits);
      if (c) return this.#take(c);
    }
    // Everything is used: repeat one of the three that were used longest ago.
    const everything = [...new Set([...templates, ...filler, ...(opts.reserve ?? []).flat()])]
      .filter((t) => this.#suits(t))
      .sort((a, b) => (this.#used.get(a) ?? -1) - (this.#used.get(b) ?? -1));
    const repeats: Candidate[] = [];
    for (const template of everything) {
      const c = this.#render(template);
      if (c && fits(c)) repeats.push(c);
      if (repeats.length === 3) break;
    }
    if (repeats.length > 0) return this.#take(this.#rng.pick(repeats));
    // Nothing carries the keyword the way wished: take what there is.
    if (wish === "want") return this.pick(templates, "avoid", opts);
    for (const template of [...templates, ...filler]) {
      const c = this.#render(template);
      if (c) return c.text;
    }
    return "";
  }

  #withOpener(c: Candidate): string {
    const lex = this.#topic.lex;
    if (lex.openers.length === 0 || lex.noOpener.test(templateBody(c.template))) return c.text;
    const fresh = lex.openers.filter((o) => !this.#openersUsed.has(o));
    if (fresh.length === 0 || !this.#rng.chance(0.12)) return c.text;
    const opener = this.#rng.pick(fresh);
    this.#openersUsed.add(opener);
    return opener + lowerFirst(c.text);
  }

  /**
   * A body sentence: of a role (its siblings' and then any role's sentences in reserve), or
   * from a list of templates. Counts towards the keyword plan.
   */
  sentence(source: SectionRole | readonly string[]): string {
    const roles = this.#topic.lex.roles;
    const templates = typeof source === "string" ? roles[source].sentences : source;
    const siblings = typeof source === "string" ? SIBLINGS[source] : [];
    const reserve = [
      siblings.flatMap((r) => roles[r].sentences),
      // Question and conclusion sentences only make sense where they belong.
      Object.entries(roles)
        .filter(([r]) => r !== "question" && r !== "conclusion")
        .flatMap(([, r]) => r.sentences),
    ];
    const s = this.pick(templates, this.#wish(), { reserve });
    this.#account(s);
    return s;
  }

  /** A sentence around an outline point, or undefined when the point is not a short phrase. */
  pointSentence(point: string): string | undefined {
    if (countWords(point) > 8 || /[.!?]$/.test(point.trim())) return undefined;
    const slots = { point: lowerFirst(point.trim()), Point: capitalize(point.trim()) };
    const lead = this.#rng.pick(this.#topic.lex.pointLeads);
    const s = render(lead, { ...this.#slots, ...slots });
    if (s !== undefined) this.#account(s);
    return s;
  }

  /** Counts text written outside `sentence` (a lead, a list item) towards the plan. */
  account(text: string): void {
    this.#account(text);
  }

  /**
   * A paragraph of about `words` words: `lead` sentences first, then role sentences until
   * the budget is met (a sentence that would overshoot by more than half is left out).
   */
  paragraph(source: SectionRole | readonly string[], words: number, lead: string[] = []): string {
    const sentences = [...lead];
    let count = lead.reduce((n, s) => n + countWords(s), 0);
    for (let guard = 0; guard < 400 && count < words; guard++) {
      const s = this.sentence(source);
      const w = countWords(s);
      if (sentences.length > 0 && count + w / 2 > words) {
        this.#bodyWritten -= w;
        this.#keywordUsed -= occurrences(s, this.#topic.keyword);
        break;
      }
      sentences.push(s);
      count += w;
    }
    return sentences.join(" ");
  }
}
