/** Generic: any other prompt gets 1–3 paragraphs about the keyword, or `{"text": …}` in JSON mode. */
import type { TaskInput } from "../input.ts";
import type { SectionRole } from "../lexicon-types.ts";
import type { Rng } from "../rng.ts";
import { topicOf } from "./topic.ts";
import { ProseWriter } from "./writer.ts";

const ROLES: readonly SectionRole[] = ["basics", "tips", "benefits"];

export function writeGeneric(input: TaskInput, rng: Rng): string {
  const topic = topicOf(input, rng);
  const writer = new ProseWriter(topic, rng.fork("prose"));
  const count = rng.int(1, 3);
  const words = Array.from({ length: count }, () => rng.int(45, 90));
  writer.planKeyword(
    count,
    words.reduce((a, b) => a + b, 0),
  );
  const paragraphs = words.map((w, i) =>
    writer.paragraph(
      ROLES[i % ROLES.length]!,
      w,
      i === 0 ? [writer.pick(topic.lex.intro, "want", { only: true })] : [],
    ),
  );
  return paragraphs.join("\n\n");
}
