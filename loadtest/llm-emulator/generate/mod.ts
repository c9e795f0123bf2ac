/**
 * The answer to a task: JSON text for research, outline, optimise and review; Markdown for
 * a draft; prose for anything else. In JSON mode a draft comes as `{"markdown": …}` and
 * prose as `{"text": …}`, so JSON mode always gets a JSON object.
 */
import type { TaskInput } from "../input.ts";
import type { Rng } from "../rng.ts";
import { writeDraft } from "./draft.ts";
import { writeGeneric } from "./generic.ts";
import { writeOptimise } from "./optimise.ts";
import { writeOutline } from "./outline.ts";
import { writeResearch } from "./research.ts";
import { writeReview } from "./review.ts";

export function generateContent(input: TaskInput, json: boolean, rng: Rng): string {
  switch (input.task) {
    case "research":
      return JSON.stringify(writeResearch(input, rng));
    case "outline":
      return JSON.stringify(writeOutline(input, rng));
    case "optimise":
      return JSON.stringify(writeOptimise(input, rng));
    case "review":
      return JSON.stringify(writeReview(input, rng));
    case "draft": {
      const markdown = writeDraft(input, rng);
      return json ? JSON.stringify({ markdown }) : markdown;
    }
    case "generic": {
      const text = writeGeneric(input, rng);
      return json ? JSON.stringify({ text }) : text;
    }
  }
}

export { type OptimiseAnswer, writeOptimise } from "./optimise.ts";
export { type OutlineAnswer, writeOutline } from "./outline.ts";
export { type ResearchAnswer, writeResearch } from "./research.ts";
export { type ReviewAnswer, writeReview } from "./review.ts";
export { writeDraft, writeGeneric };
