/**
 * The generators over a table of keywords (English, Czech, a fallback language; short, long,
 * plural, phrase-like): every answer keeps the task's rules, whatever the keyword.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { generateContent } from "./generate/mod.ts";
import { render, suitsKind } from "./generate/template.ts";
import { parseTaskInput } from "./input.ts";
import { CZECH } from "./lexicon-cs.ts";
import { ENGLISH } from "./lexicon-en.ts";
import type { Lexicon } from "./lexicon-types.ts";
import type { EmulatorTask } from "./options.ts";
import { Rng } from "./rng.ts";
import { countWords, occurrences } from "./text.ts";

const KEYWORDS: Array<[string, string]> = [
  ["trail running shoes", "en"],
  ["indoor herb garden", "en"],
  ["budget travel tips", "en"],
  ["coffee", "en"],
  ["how to bake sourdough bread", "en"],
  ["best running shoes 2025", "en"],
  ["běžecké boty", "cs"],
  ["domácí kompost", "cs"],
  ["levná dovolená u moře", "cs"],
  ["jak upéct chleba", "cs"],
  ["pěstování bylinek", "cs-CZ"],
  ["Kaffeemühle kaufen", "de"],
];

function run(task: EmulatorTask, data: Record<string, unknown>, json = true): string {
  const messages = [
    { role: "system", content: "system prompt" },
    { role: "user", content: `Task.\n\n\`\`\`json\n${JSON.stringify(data)}\n\`\`\`` },
  ];
  return generateContent(
    parseTaskInput(task, messages),
    json,
    Rng.from(task, JSON.stringify(data)),
  );
}

interface Outline {
  h1: string;
  sections: Array<{ heading: string; points: string[] }>;
}

const lower = (s: string) => s.toLocaleLowerCase();
const h2s = (md: string) => [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]!);

describe("every keyword", () => {
  for (const [keyword, language] of KEYWORDS) {
    test(`${keyword} (${language}): each task keeps its rules`, () => {
      const research = JSON.parse(run("research", { keyword, language })) as {
        keywords: string[];
        questions: string[];
        entities: string[];
        summary: string;
      };
      assert.equal(research.keywords[0], keyword);
      assert.ok(
        research.keywords.length >= 7 && research.keywords.length <= 11,
        `${research.keywords.length} keywords`,
      );
      assert.ok(research.questions.length >= 4 && research.questions.length <= 6);
      assert.ok(research.questions.every((q) => q.endsWith("?")));
      assert.ok(research.summary.length > 40);

      const outline = JSON.parse(run("outline", { keyword, language, research })) as Outline;
      assert.ok(lower(outline.h1).includes(lower(keyword)), outline.h1);
      assert.ok(outline.h1.length <= 70);
      assert.ok(outline.sections.length >= 5 && outline.sections.length <= 7);
      const keys = outline.sections.map((s) => lower(s.heading));
      assert.equal(new Set(keys).size, keys.length, keys.join(" | "));
      const conclusion = language.startsWith("cs") ? "Závěr" : "Conclusion";
      assert.equal(outline.sections.at(-1)!.heading, conclusion);

      for (const wordCount of [300, 1200, 3000]) {
        const md = run("draft", { keyword, language, wordCount, outline }, false);
        assert.deepEqual(
          h2s(md),
          outline.sections.map((s) => s.heading),
        );
        const words = countWords(md);
        assert.ok(
          words >= wordCount * 0.75 && words <= wordCount * 1.25,
          `${words} words for ${wordCount}`,
        );
        const firstParagraph = md.split(/\n\s*\n/)[1]!;
        assert.ok(lower(firstParagraph).includes(lower(keyword)), firstParagraph);
        assert.doesNotMatch(md, /\{\w+\}|undefined|<[a-z]/i, "no unfilled slot or HTML");
        // Up to the default length no sentence repeats; a longer draft repeats one only
        // after many others, so a reader does not meet it twice on one screen.
        const sentences = md.split(/(?<=[.!?])\s+/).filter((s) => s.length > 30);
        const lastSeen = new Map<string, number>();
        let closest = Number.POSITIVE_INFINITY;
        sentences.forEach((s, i) => {
          const before = lastSeen.get(s);
          if (before !== undefined) closest = Math.min(closest, i - before);
          lastSeen.set(s, i);
        });
        if (wordCount <= 1200) assert.equal(closest, Number.POSITIVE_INFINITY, "no sentence twice");
        else assert.ok(closest >= 60, `a sentence repeats after ${closest} others`);
      }

      const optimise = JSON.parse(run("optimise", { keyword, language })) as {
        title: string;
        metaDescription: string;
        faq: Array<{ question: string; answer: string }>;
      };
      assert.ok(optimise.title.length <= 60 && lower(optimise.title).includes(lower(keyword)));
      assert.ok(optimise.metaDescription.length >= 120 && optimise.metaDescription.length <= 155);
      assert.ok(lower(optimise.metaDescription).includes(lower(keyword)));
      assert.ok(optimise.faq.length >= 3 && optimise.faq.length <= 5);

      const review = JSON.parse(run("review", { keyword, language })) as { score: number };
      assert.ok(review.score >= 60 && review.score <= 98);
    });
  }
});

describe("drafts", () => {
  test("keyword density stays between 0.5 % and 2.5 % in articles of 1200 words or more", () => {
    for (const [keyword, language] of KEYWORDS.filter(([k]) => k.split(" ").length <= 3)) {
      for (const wordCount of [1200, 2500]) {
        const md = run("draft", { keyword, language, wordCount }, false);
        const density = (occurrences(md, keyword) * keyword.split(/\s+/).length) / countWords(md);
        assert.ok(
          density >= 0.005 && density <= 0.025,
          `${keyword} at ${wordCount}: ${(density * 100).toFixed(2)} %`,
        );
      }
    }
  });

  test("outline headings given as plain strings are kept verbatim, in order", () => {
    const headings = ["Why bother?", "The kit you need", "Step one: sow", "What next"];
    const md = run(
      "draft",
      {
        keyword: "microgreens",
        wordCount: 500,
        outline: { h1: "Microgreens at home", sections: headings },
      },
      false,
    );
    assert.ok(md.startsWith("# Microgreens at home\n"));
    assert.deepEqual(h2s(md), headings);
  });

  test("Czech drafts are Czech: diacritics and no English filler", () => {
    const md = run("draft", { keyword: "domácí kompost", language: "cs", wordCount: 1500 }, false);
    assert.match(md, /[ěščřžýůú]/);
    assert.doesNotMatch(md, /\b(the|and|you|with|is)\b/i);
  });
});

describe("lexicons", () => {
  const SLOTS: Record<string, string> = {
    k: "k",
    kw: "kw",
    Kw: "Kw",
    aKw: "a kw",
    AKw: "A kw",
    qkw: "“kw”",
    Topic: "Kw",
    is: "is",
    Is: "Is",
    does: "does",
    has: "has",
    it: "it",
    It: "It",
    its: "its",
    itObj: "it",
    kwAcc: "kw",
    KwAcc: "Kw",
    term: "term",
    entity: "entity",
    Entity: "Entity",
    point: "point",
    Point: "Point",
    audience: "audience",
  };

  function allTemplates(lex: Lexicon): string[] {
    return [
      ...lex.relatedTerms,
      ...lex.questions,
      ...lex.h1,
      ...lex.titles,
      ...lex.metaLeads,
      ...lex.metaTails,
      ...lex.intro,
      ...lex.introFollow,
      ...lex.filler,
      ...lex.pointLeads,
      ...lex.listLeads,
      ...lex.audience,
      ...Object.values(lex.summaries).flat(),
      ...Object.values(lex.roles).flatMap((r) => [
        ...r.headings,
        ...r.points,
        ...r.sentences,
        ...r.answers,
      ]),
    ];
  }

  for (const lex of [ENGLISH, CZECH]) {
    test(`${lex.language}: every template renders with known slots and valid tags`, () => {
      for (const t of allTemplates(lex)) {
        assert.match(t, /^(\[[pag](,[pag])*\] )?[^[\]]+$/, `tag syntax: ${t}`);
        const text = render(t, SLOTS);
        assert.ok(text !== undefined, `unknown slot in: ${t}`);
        assert.doesNotMatch(text, /[{}]/, t);
        assert.ok(suitsKind(t, "product") || suitsKind(t, "activity") || suitsKind(t, "general"));
      }
    });

    test(`${lex.language}: every role and kind has sentences without the keyword`, () => {
      for (const kind of ["product", "activity", "general"] as const) {
        for (const [role, text] of Object.entries(lex.roles)) {
          const free = text.sentences.filter(
            (s) => suitsKind(s, kind) && !/\{(kw|Kw|aKw|AKw|qkw|kwAcc|KwAcc|term)\}/.test(s),
          );
          assert.ok(free.length >= 3, `${lex.language} ${role} ${kind}: ${free.length}`);
        }
      }
    });
  }
});

describe("grounded and weak drafts", () => {
  const sources = [
    {
      id: 1,
      title: "A",
      facts: ["Trail shoes have lugs of 4 to 6 mm.", "A rock plate guards the foot."],
    },
    { id: 2, title: "B", facts: ["A drop of 4 mm suits most runners."] },
    { id: 3, title: "C", facts: ["Waterproof uppers dry slowly"] },
  ];
  const outline = (n: number) => ({
    h1: "Trail running shoes",
    sections: Array.from({ length: n }, (_, i) => ({ heading: `Part ${i + 1}`, points: [] })),
  });

  function draft(data: Record<string, unknown>, model?: string): string {
    const messages = [
      { role: "user", content: `Task.\n\n\`\`\`json\n${JSON.stringify(data)}\n\`\`\`` },
    ];
    return generateContent(parseTaskInput("draft", messages, model), false, Rng.from("d", 1));
  }

  test("a draft given sources cites them in turn, one fact per section but the last", () => {
    const md = draft({
      keyword: "trail running shoes",
      language: "en",
      outline: outline(5),
      sources,
    });
    const cited = [...md.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    assert.deepEqual(cited, [1, 2, 3, 1]);
    assert.ok(md.includes("Trail shoes have lugs of 4 to 6 mm [1]."));
    assert.ok(md.includes("Waterproof uppers dry slowly [3]."));
    assert.ok(md.includes("A rock plate guards the foot [1]."));
  });

  test("without sources nothing is cited", () => {
    const md = draft({ keyword: "trail running shoes", language: "en", outline: outline(5) });
    assert.doesNotMatch(md, /\[\d+\]/);
  });

  test("a model named …weak… writes a short two-section draft that cites nothing", () => {
    const data = {
      keyword: "trail running shoes",
      language: "en",
      wordCount: 1200,
      outline: outline(6),
      sources,
    };
    const strong = draft(data, "emulator-strong");
    const weak = draft(data, "emulator-weak");
    assert.equal(h2s(weak).length, 2);
    assert.equal(h2s(strong).length, 6);
    assert.ok(
      countWords(weak) < countWords(strong) / 2,
      `${countWords(weak)} vs ${countWords(strong)}`,
    );
    assert.doesNotMatch(weak, /\[\d+\]/);
  });
});
