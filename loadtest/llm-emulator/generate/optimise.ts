/**
 * Optimise: an SEO title (≤ 60 characters, holding the keyword), a meta description
 * (120–155 characters, holding the keyword) and 3–5 FAQ items, the searchers' own
 * questions first. A keyword too long for the limits gets the closest thing, never an error.
 */
import type { TaskInput } from "../input.ts";
import type { SectionRole } from "../lexicon-types.ts";
import type { Rng } from "../rng.ts";
import { capitalize, cutAtWord, headingKey, occurrences } from "../text.ts";
import { render, renderAll } from "./template.ts";
import { roleOfHeading, searchQuestions, type Topic, topicOf } from "./topic.ts";

export const MAX_TITLE_LENGTH = 60;
export const MIN_META_LENGTH = 120;
export const MAX_META_LENGTH = 155;

export interface OptimiseAnswer {
  title: string;
  metaDescription: string;
  faq: Array<{ question: string; answer: string }>;
}

export function writeTitle(topic: Topic, rng: Rng): string {
  const { keyword, lex, grammar } = topic;
  const fitting = renderAll(lex.titles, grammar.kind, grammar.slots)
    .map((r) => r.text)
    .filter((t) => t.length <= MAX_TITLE_LENGTH && occurrences(t, keyword) > 0);
  if (fitting.length > 0) return rng.pick(fitting);
  return cutAtWord(capitalize(keyword), MAX_TITLE_LENGTH);
}

export function writeMetaDescription(topic: Topic, rng: Rng): string {
  const { keyword, lex, grammar } = topic;
  const leads = renderAll(lex.metaLeads, grammar.kind, grammar.slots)
    .map((r) => r.text)
    .filter((t) => t.length <= MAX_META_LENGTH - 1 && occurrences(t, keyword) > 0);
  let meta: string;
  if (leads.length > 0) meta = rng.pick(leads);
  else if (keyword.length <= MAX_META_LENGTH - 2) meta = `${capitalize(keyword)}.`;
  else return `${cutAtWord(capitalize(keyword), MAX_META_LENGTH - 1)}…`;
  for (const tail of rng.shuffle(lex.metaTails)) {
    if (meta.length >= MIN_META_LENGTH) break;
    if (meta.length + 1 + tail.length <= MAX_META_LENGTH) meta = `${meta} ${tail}`;
  }
  return meta;
}

export function writeFaq(topic: Topic, input: TaskInput, rng: Rng): OptimiseAnswer["faq"] {
  const { lex, grammar } = topic;
  const count = rng.int(3, 5);
  const given = [...input.questions, ...(input.research?.questions ?? [])].filter((q) =>
    q.endsWith("?"),
  );
  const seen = new Set<string>();
  const questions: string[] = [];
  // Generated questions naming the keyword are the more useful FAQ entries.
  const generated = searchQuestions(topic.keyword, lex, grammar, rng.fork("faq-questions")).sort(
    (a, b) => occurrences(b, topic.keyword) - occurrences(a, topic.keyword),
  );
  for (const q of [...given, ...generated]) {
    const key = headingKey(q);
    if (seen.has(key)) continue;
    seen.add(key);
    questions.push(q);
    if (questions.length >= count) break;
  }
  const usedAnswers = new Set<string>();
  return questions.map((question) => {
    const role: SectionRole = roleOfHeading(topic, question) ?? "question";
    const pool = [...lex.roles[role].answers, ...lex.roles.question.answers];
    const fresh = pool.filter((a) => !usedAnswers.has(a));
    const answer = rng.pick(fresh.length > 0 ? fresh : pool);
    usedAnswers.add(answer);
    return { question, answer: render(answer, grammar.slots) ?? answer };
  });
}

export function writeOptimise(input: TaskInput, rng: Rng): OptimiseAnswer {
  const topic = topicOf(input, rng);
  return {
    title: writeTitle(topic, rng.fork("title")),
    metaDescription: writeMetaDescription(topic, rng.fork("meta")),
    faq: writeFaq(topic, input, rng.fork("faq")),
  };
}
