/**
 * Outline: an H1 with the keyword and 5–7 unique sections in reading order, the last one a
 * conclusion. Some of the research's questions become headings when the input has them.
 */
import type { TaskInput } from "../input.ts";
import type { SectionRole } from "../lexicon-types.ts";
import type { Rng } from "../rng.ts";
import { capitalize, cutAtWord, headingKey, occurrences } from "../text.ts";
import { renderAll } from "./template.ts";
import { roleOfHeading, type Topic, topicOf } from "./topic.ts";

export const MAX_H1_LENGTH = 70;
/**
 * How many H2 headings may name the keyword: more reads as stuffing, and in a short article
 * the H1 and the introduction already give the keyword its share.
 */
export function maxKeywordHeadings(wordCount: number): number {
  return wordCount < 500 ? 0 : wordCount < 1000 ? 1 : 2;
}

export interface OutlineAnswer {
  h1: string;
  sections: Array<{ heading: string; points: string[] }>;
}

/** An H1 of at most 70 characters holding the keyword (the keyword alone if it is longer). */
export function writeH1(topic: Topic, rng: Rng): string {
  const { keyword, lex, grammar } = topic;
  const fitting = renderAll(lex.h1, grammar.kind, grammar.slots)
    .map((r) => r.text)
    .filter((t) => t.length <= MAX_H1_LENGTH && occurrences(t, keyword) > 0);
  if (fitting.length > 0) return rng.pick(fitting);
  return keyword.length <= MAX_H1_LENGTH ? capitalize(keyword) : keyword;
}

function roleHeading(
  topic: Topic,
  role: SectionRole,
  rng: Rng,
  taken: Set<string>,
  keywordAllowed: boolean,
): string | undefined {
  const { keyword, lex, grammar } = topic;
  const options = rng
    .shuffle(renderAll(lex.roles[role].headings, grammar.kind, grammar.slots).map((r) => r.text))
    .filter((h) => !taken.has(headingKey(h)))
    .filter((h) => keywordAllowed || occurrences(h, keyword) === 0);
  return options[0];
}

export function outlineFor(topic: Topic, wordCount: number, rng: Rng): OutlineAnswer {
  const { keyword, lex, grammar } = topic;
  const total = rng.int(5, 7);
  // Questions naming the keyword make specific headings, while the keyword may still be
  // named; generic ones fill in.
  const maxKeyword = maxKeywordHeadings(wordCount);
  const usable = topic.questions.filter((q) => q.endsWith("?") && q.length <= 90);
  const specific = rng.shuffle(usable.filter((q) => occurrences(q, keyword) > 0));
  const generic = rng.shuffle(usable.filter((q) => occurrences(q, keyword) === 0));
  const questions = [...specific.slice(0, maxKeyword), ...generic].slice(0, rng.int(1, 2));
  const questionRoles = questions.map((q) => roleOfHeading(topic, q) ?? "question");

  // Roles in the kind's reading order, minus those a question already covers; basics stays
  // first, the others are thinned at random to fit.
  const order = lex.sectionOrder[grammar.kind].filter((r) => !questionRoles.includes(r));
  const [first, ...rest] = order;
  const keep = total - 1 - questions.length - (first ? 1 : 0);
  const dropped = new Set(rng.shuffle(rest).slice(Math.max(0, keep)));
  const roles: Array<SectionRole | { question: string }> = [
    ...(first ? [first] : []),
    ...rest.filter((r) => !dropped.has(r)),
  ];
  for (const question of questions) {
    roles.splice(rng.int(Math.min(1, roles.length), roles.length), 0, { question });
  }

  const h1 = writeH1(topic, rng);
  const taken = new Set<string>([headingKey(lex.conclusionHeading)]);
  let keywordHeadings = questions.filter((q) => occurrences(q, keyword) > 0).length;
  const sections: OutlineAnswer["sections"] = [];
  for (const r of roles) {
    const role = typeof r === "string" ? r : (roleOfHeading(topic, r.question) ?? "question");
    let heading: string | undefined;
    if (typeof r === "string") {
      const allowKw = keywordHeadings < maxKeyword && rng.chance(0.5);
      heading =
        roleHeading(topic, role, rng, taken, allowKw) ?? roleHeading(topic, role, rng, taken, true);
    } else if (!taken.has(headingKey(r.question))) {
      heading = cutAtWord(r.question, 120);
    }
    if (!heading) continue;
    taken.add(headingKey(heading));
    if (occurrences(heading, keyword) > 0) keywordHeadings++;
    // A question's points are an answer's steps, in order; a topic's can come in any order.
    const points =
      typeof r === "string" ? rng.shuffle(lex.roles[role].points) : [...lex.roles.question.points];
    sections.push({ heading, points: points.slice(0, rng.int(2, 3)) });
  }
  sections.push({
    heading: lex.conclusionHeading,
    points: lex.roles.conclusion.points.slice(0, 2),
  });
  return { h1, sections };
}

export function writeOutline(input: TaskInput, rng: Rng): OutlineAnswer {
  return outlineFor(topicOf(input, rng), input.wordCount, rng.fork("outline"));
}
