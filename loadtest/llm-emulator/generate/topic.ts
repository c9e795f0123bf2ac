/**
 * The topic of one request: the keyword analysed for its language, plus the related terms,
 * entities and questions every generator draws on. When the request carries research
 * output these come from it, so a draft uses the terms its own research found.
 */
import type { TaskInput } from "../input.ts";
import { lexiconFor } from "../lexicon.ts";
import type { KeywordGrammar, Lexicon, SectionRole } from "../lexicon-types.ts";
import type { Rng } from "../rng.ts";
import { headingKey, occurrences } from "../text.ts";
import { renderAll } from "./template.ts";

export interface Topic {
  keyword: string;
  lex: Lexicon;
  grammar: KeywordGrammar;
  /** Related search terms, the keyword excluded. */
  terms: string[];
  entities: string[];
  questions: string[];
}

/** Words of a term template that the keyword already has (by their first three letters). */
function repeatsKeyword(template: string, keyword: string): boolean {
  const stems = new Set(
    keyword
      .toLocaleLowerCase()
      .split(/\s+/)
      .filter((w) => w.length >= 3)
      .map((w) => w.slice(0, 3)),
  );
  return template
    .replace(/^\[[a-z,]+\]\s*/, "")
    .replace(/\{\w+\}/g, " ")
    .toLocaleLowerCase()
    .split(/\s+/)
    .some((w) => w.length >= 4 && stems.has(w.slice(0, 3)));
}

/** 6–10 related search terms (fewer only when the lexicon has no more that fit). */
export function relatedTerms(
  keyword: string,
  lex: Lexicon,
  grammar: KeywordGrammar,
  rng: Rng,
): string[] {
  const rendered = renderAll(
    lex.relatedTerms.filter((t) => !repeatsKeyword(t, keyword)),
    grammar.kind,
    grammar.slots,
  ).map((r) => r.text);
  const terms = rng.shuffle(rendered).slice(0, rng.int(6, 10));
  if (grammar.subPhrase && terms.length > 0) terms[terms.length - 1] = grammar.subPhrase;
  return dedupe(terms);
}

/** 4–6 questions searchers ask, at least two naming the keyword when the lexicon allows. */
export function searchQuestions(
  keyword: string,
  lex: Lexicon,
  grammar: KeywordGrammar,
  rng: Rng,
): string[] {
  const all = rng.shuffle(renderAll(lex.questions, grammar.kind, grammar.slots).map((r) => r.text));
  const withKw = all.filter((q) => occurrences(q, keyword) > 0);
  const without = all.filter((q) => occurrences(q, keyword) === 0);
  const count = Math.min(all.length, rng.int(4, 6));
  const kwCount = Math.min(withKw.length, Math.max(2, Math.ceil(count / 2)));
  const chosen = [...withKw.slice(0, kwCount), ...without.slice(0, count - kwCount)];
  return rng.shuffle(dedupe(chosen.length >= count ? chosen : all.slice(0, count)));
}

export function entitiesFor(lex: Lexicon, grammar: KeywordGrammar, rng: Rng): string[] {
  return rng.shuffle(lex.entities[grammar.kind]).slice(0, rng.int(3, 6));
}

function dedupe(items: string[]): string[] {
  const seen = new Set<string>();
  return items.filter((s) => {
    const key = headingKey(s);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function topicOf(input: TaskInput, rng: Rng): Topic {
  const lex = lexiconFor(input.language);
  const keyword = input.keyword;
  const grammar = lex.analyse(keyword);
  const kwKey = headingKey(keyword);
  const given = input.research?.keywords.filter((k) => headingKey(k) !== kwKey) ?? [];
  const terms = given.length > 0 ? given : relatedTerms(keyword, lex, grammar, rng.fork("terms"));
  const entities = input.research?.entities.length
    ? input.research.entities
    : entitiesFor(lex, grammar, rng.fork("entities"));
  const givenQuestions = [...input.questions, ...(input.research?.questions ?? [])];
  const questions =
    givenQuestions.length > 0
      ? dedupe(givenQuestions)
      : searchQuestions(keyword, lex, grammar, rng.fork("questions"));
  return { keyword, lex, grammar, terms, entities, questions };
}

/**
 * The role of a heading or question, judged without the keyword's own words ("levná
 * dovolená" is not about costs just because "levná" means cheap).
 */
export function roleOfHeading(topic: Topic, heading: string): SectionRole | undefined {
  const kw = topic.keyword.toLocaleLowerCase();
  const lower = heading.toLocaleLowerCase();
  const at = lower.indexOf(kw);
  const rest = at === -1 ? heading : heading.slice(0, at) + " " + heading.slice(at + kw.length);
  return topic.lex.roleOf(rest);
}
