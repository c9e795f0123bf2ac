/**
 * Draft: the article in Markdown. `# h1`, an introduction naming the keyword in its first
 * sentence, then one `##` section per outline section, in order, with the heading exactly
 * as given and 1–3 paragraphs (sometimes a list) each; about `wordCount` words in all.
 */
import type { OutlineSectionInput, TaskInput } from "../input.ts";
import type { SectionRole } from "../lexicon-types.ts";
import type { Rng } from "../rng.ts";
import { capitalize, countWords, occurrences } from "../text.ts";
import { outlineFor, writeH1 } from "./outline.ts";
import { roleOfHeading, type Topic, topicOf } from "./topic.ts";
import { keywordTarget, ProseWriter } from "./writer.ts";

const LIST_ROLES: ReadonlySet<SectionRole> = new Set(["choosing", "tips", "mistakes", "start"]);

/** The role a section is written as: from its heading, else by its place in the article. */
function roleOfSection(topic: Topic, heading: string, index: number, count: number): SectionRole {
  const role = roleOfHeading(topic, heading);
  if (role) return role;
  if (heading.trim().endsWith("?")) return "question";
  if (index === count - 1 && count > 1) return "conclusion";
  const order = topic.lex.sectionOrder[topic.grammar.kind];
  return order[index % order.length]!;
}

function headingLine(heading: string): string {
  return `## ${heading.replace(/[\r\n]+/g, " ").trim()}`;
}

/** Whether the request's model is one that writes deliberately weak drafts (for tests). */
export function isWeakModel(model: string | undefined): boolean {
  return model !== undefined && /weak/i.test(model);
}

/**
 * A weak draft, for testing what reviews it: under a third of the length, two sections,
 * nothing cited. A model named `…weak…` writes one, so a test can route the first draft to
 * it and the revision to a normal model.
 */
function weakened(input: TaskInput): TaskInput {
  const { sources: _dropped, ...rest } = input;
  return {
    ...rest,
    wordCount: Math.max(60, Math.round(input.wordCount * 0.3)),
    ...(input.outline
      ? { outline: { ...input.outline, sections: input.outline.sections.slice(0, 2) } }
      : {}),
  };
}

/**
 * The sentence a section cites: facts are taken from the sources in turn, so the citations
 * spread over every source before any source is cited twice.
 */
function citedFact(input: TaskInput, index: number): string | undefined {
  const sources = input.sources;
  if (!sources || sources.length === 0) return undefined;
  const source = sources[index % sources.length]!;
  const fact = source.facts[Math.floor(index / sources.length) % source.facts.length];
  if (!fact) return undefined;
  const sentence = /[.!?]$/.test(fact) ? fact.slice(0, -1) : fact;
  return `${sentence} [${source.id}].`;
}

export function writeDraft(request: TaskInput, rng: Rng): string {
  const input = isWeakModel(request.model) ? weakened(request) : request;
  const topic = topicOf(input, rng);
  const { keyword, lex } = topic;
  const generated = input.outline
    ? undefined
    : outlineFor(topic, input.wordCount, rng.fork("outline"));
  const sections: OutlineSectionInput[] = input.outline?.sections ?? generated!.sections;
  const h1 = input.outline?.h1 ?? generated?.h1 ?? writeH1(topic, rng.fork("h1"));
  const target = input.wordCount;
  const extra: Record<string, string> = input.audience ? { audience: input.audience } : {};
  const writer = new ProseWriter(topic, rng.fork("prose"), extra);
  const prng = rng.fork("layout");

  const headings = sections.map((s) => headingLine(s.heading));
  const fixedMentions = occurrences([h1, ...headings].join("\n"), keyword);
  const headingWords = countWords(`# ${h1}\n${headings.join("\n")}`);
  const totalMentions = keywordTarget(target, countWords(keyword));
  writer.planKeyword(totalMentions - fixedMentions - 1, Math.max(1, target - headingWords));

  // Introduction: its first sentence names the keyword (the SEO check reads the first paragraph).
  const introWords = Math.min(140, Math.max(20, Math.round(target * 0.08)));
  const opening = writer.pick(lex.intro, "want", { only: true });
  const lead = [opening];
  if (input.audience && lex.audience.length > 0)
    lead.push(writer.pick(lex.audience, "avoid", { only: true }));
  const introParagraphs: string[] = [];
  if (introWords > 90) {
    introParagraphs.push(writer.paragraph(lex.introFollow, introWords / 2, lead));
    introParagraphs.push(writer.paragraph(lex.introFollow, introWords / 2));
  } else {
    introParagraphs.push(writer.paragraph(lex.introFollow, introWords, lead));
  }
  const parts = [`# ${h1}`, ...introParagraphs];

  // Sections: each budget is recomputed from what is left, so early deviations even out.
  const weights = sections.map((_, i) =>
    i === sections.length - 1 && sections.length > 2 ? 0.6 : 0.8 + prng.next() * 0.45,
  );
  for (let i = 0; i < sections.length; i++) {
    const section = sections[i]!;
    const role = roleOfSection(topic, section.heading, i, sections.length);
    const written = countWords(parts.join("\n\n"));
    const headingsLeft = headings.slice(i).reduce((n, h) => n + countWords(h), 0);
    const share = weights[i]! / weights.slice(i).reduce((a, b) => a + b, 0);
    const budget = Math.max(12, (target - written - headingsLeft) * share);
    const body = sectionBody(writer, topic, section, role, budget, prng);
    // A grounded draft cites a source in every section but the conclusion.
    const fact = role === "conclusion" ? undefined : citedFact(input, i);
    if (fact && body.length > 0) body[0] = `${body[0]} ${fact}`;
    parts.push(headings[i]!, ...body);
  }
  return `${parts.join("\n\n")}\n`;
}

function sectionBody(
  writer: ProseWriter,
  topic: Topic,
  section: OutlineSectionInput,
  role: SectionRole,
  budget: number,
  rng: Rng,
): string[] {
  const paragraphs = Math.min(3, Math.max(1, Math.round(budget / 85)));
  // A question's points describe the answer ("a short, direct answer"), not its content.
  const asked = section.heading.trim().endsWith("?");
  const points = asked || role === "conclusion" ? [] : section.points;
  const list =
    LIST_ROLES.has(role) && points.length >= 3 && budget >= 60 && rng.chance(0.5)
      ? `${writer.pick(topic.lex.listLeads, "avoid", { only: true })}\n\n${points
          .slice(0, 5)
          .map((p) => `- ${capitalize(p.replace(/[.:;]+$/, ""))}`)
          .join("\n")}`
      : undefined;
  if (list) writer.account(list);
  const blocks: string[] = [];
  let left = budget - (list ? countWords(list) : 0);
  for (let p = 0; p < paragraphs; p++) {
    const lead: string[] = [];
    if (p === 0 && asked) lead.push(writer.sentence("question"));
    const point = list ? undefined : points[p];
    if (point && rng.chance(0.6)) {
      const s = writer.pointSentence(point);
      if (s) lead.push(s);
    }
    const block = writer.paragraph(role, left / (paragraphs - p), lead);
    blocks.push(block);
    left -= countWords(block);
    if (p === 0 && list) blocks.push(list);
  }
  return blocks;
}
