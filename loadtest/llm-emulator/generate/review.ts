/**
 * Review: an editor's verdict. Failed automatic checks in the input become issues and make
 * "revise" likelier; a clean draft mostly passes with a high score.
 */
import type { TaskInput } from "../input.ts";
import { lexiconFor } from "../lexicon.ts";
import type { Rng } from "../rng.ts";

export interface ReviewAnswer {
  verdict: "pass" | "revise";
  score: number;
  issues: string[];
  suggestions: string[];
}

export function writeReview(input: TaskInput, rng: Rng): ReviewAnswer {
  const lex = lexiconFor(input.language);
  const failed = input.checks;
  const reviseChance = failed.length >= 2 ? 0.7 : failed.length === 1 ? 0.3 : 0.08;
  const verdict = rng.chance(reviseChance) ? "revise" : "pass";
  const score =
    verdict === "pass"
      ? Math.max(70, rng.int(82, 98) - 4 * failed.length)
      : Math.max(60, rng.int(62, 77) - 2 * failed.length);

  const issues = failed.slice(0, 3).map((line) => {
    const [id = "", ...rest] = line.split(":");
    const template = lex.review.checks[id.trim()] ?? lex.review.otherCheck;
    return template.replace("{detail}", rest.join(":").trim()).replace("{check}", line);
  });
  const wanted = verdict === "revise" ? rng.int(1, 3) : rng.int(0, 1);
  for (const issue of rng.shuffle(lex.review.issues)) {
    if (issues.length >= Math.min(3, wanted)) break;
    issues.push(issue);
  }
  const suggestions = rng.shuffle(lex.review.suggestions).slice(0, rng.int(1, 3));
  return { verdict, score, issues, suggestions };
}
