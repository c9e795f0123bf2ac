/** Research: related keywords, intent, searchers' questions, entities and a short summary. */
import type { TaskInput } from "../input.ts";
import type { Rng } from "../rng.ts";
import { render } from "./template.ts";
import { entitiesFor, relatedTerms, searchQuestions, topicOf } from "./topic.ts";

export interface ResearchAnswer {
  keywords: string[];
  intent: "informational" | "commercial" | "transactional" | "navigational";
  questions: string[];
  entities: string[];
  summary: string;
}

export function writeResearch(input: TaskInput, rng: Rng): ResearchAnswer {
  const { keyword, lex, grammar } = topicOf(input, rng);
  const terms = relatedTerms(keyword, lex, grammar, rng.fork("terms"));
  const questions = searchQuestions(keyword, lex, grammar, rng.fork("questions"));
  const entities = entitiesFor(lex, grammar, rng.fork("entities"));
  const [first, ...others] = lex.summaries[grammar.intent];
  const sentences = [first!, ...rng.shuffle(others).slice(0, rng.int(1, 2))];
  const summary = sentences
    .map((s) => render(s, grammar.slots))
    .filter((s): s is string => s !== undefined)
    .join(" ");
  return { keywords: [keyword, ...terms], intent: grammar.intent, questions, entities, summary };
}
