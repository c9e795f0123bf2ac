import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ContentScore } from "../seo/content-score.ts";
import type { ArticleOutput } from "./assemble.ts";
import type { DraftOutput } from "./draft.ts";
import type { ImportOutput } from "./import-article.ts";
import { ASSISTANT_NAMES } from "./mod.ts";
import type { OptimiseOutput } from "./optimise.ts";
import type { OutlineOutput } from "./outline.ts";
import { OUTPUT_CHECKS, stageOutputIssues } from "./output-checks.ts";
import type { PublishOutput } from "./publish.ts";
import type { ResearchOutput } from "./research.ts";
import type { ReviewOutput } from "./review.ts";

// Typed as the assistants' outputs: the compiler keeps these valid examples honest.
const contentScore: ContentScore = {
  score: 71,
  version: "1",
  factors: [
    {
      id: "length",
      label: "Length",
      score: 80,
      weight: 0.25,
      applicable: true,
      value: 900,
      target: "1000–1400 words",
      detail: "900 words",
      suggestions: ["add about 200 words"],
    },
    {
      id: "term-coverage",
      label: "Term coverage",
      score: 0,
      weight: 0,
      applicable: false,
      value: null,
      target: "",
      detail: "no competitor pages",
      suggestions: [],
    },
  ],
};

const research: ResearchOutput = {
  keywords: ["trail running shoes", "grip"],
  intent: "commercial",
  questions: ["How should trail shoes fit?"],
  entities: ["Vibram"],
  summary: "Searchers compare grip and fit.",
  grounding: {
    provider: "emulator",
    query: "trail running shoes",
    sources: [
      {
        id: 1,
        url: "https://example.com/a",
        title: "A",
        facts: ["Lugs grip mud."],
        headings: ["Grip"],
        wordCount: 800,
      },
      {
        id: 2,
        url: "https://example.com/b",
        title: "B",
        facts: [],
        headings: [],
        wordCount: 0,
      },
    ],
    skipped: [{ url: "http://10.0.0.1/", reason: "private address" }],
    questions: ["Do trail shoes need a rock plate?"],
    pagesArtifact: "pages.wf-1.json",
  },
  overlaps: [{ url: "https://site.example/shoes", title: "Shoes", similarity: 0.7 }],
};

const outline: OutlineOutput = {
  h1: "Trail running shoes",
  sections: [
    { heading: "Grip", points: ["lugs", "rubber"] },
    { heading: "Fit", points: [] },
  ],
};

const draft: DraftOutput = {
  markdown: "# Trail running shoes\n\n## Grip\n\nLugs.\n",
  wordCount: 5,
};

const importOutput: ImportOutput = {
  markdown: "# Old article\n\nText.\n",
  wordCount: 3,
  origin: "https://site.example/old",
  before: contentScore,
};

const optimise: OptimiseOutput = {
  title: "Trail running shoes: grip and fit",
  metaDescription: "How to choose trail running shoes.",
  slug: "trail-running-shoes",
  faq: [{ question: "Do they run small?", answer: "Some do." }],
};

const review: ReviewOutput = {
  score: 78,
  content: contentScore,
  checksScore: 80,
  checks: [{ id: "keyword-in-title", ok: true, detail: "found" }],
  critique: { verdict: "pass", score: 72.5, issues: [], suggestions: ["cite more"] },
  revision: { reason: "content score 60 is under 75", below: 75 },
  previous: { score: 60, contentScore: 55, iteration: 0 },
};

const article: ArticleOutput = {
  keyword: "trail running shoes",
  language: "en",
  title: "Trail running shoes: grip and fit",
  metaDescription: "How to choose trail running shoes.",
  slug: "trail-running-shoes",
  h1: "Trail running shoes",
  markdown: "# Trail running shoes\n",
  html: "<h1>Trail running shoes</h1>\n",
  jsonLd: { "@type": "Article" },
  faq: [{ question: "Do they run small?", answer: "Some do." }],
  outline: ["Grip", "Fit"],
  wordCount: 3,
  reviewScore: 78,
  contentScore,
  review: { score: 78, contentScore: 71, previous: { score: 60, contentScore: 55, iteration: 0 } },
  citations: {
    sources: [{ n: 1, url: "https://example.com/a", title: "A" }],
    removed: 0,
    unresolved: [],
  },
  internalLinks: [{ url: "https://site.example/socks", anchor: "socks", score: 0.4 }],
  languageCheck: { ok: true, parts: [{ id: "intro", ok: true, words: 3 }] },
  refresh: { origin: "markdown", before: contentScore, after: 80 },
  overlaps: [],
};

const published: PublishOutput[] = [
  { skipped: "the request names no site" },
  { awaitingApproval: true, site: "blog" },
  {
    target: "wordpress",
    id: "42",
    url: "https://blog.example/?p=42",
    status: "draft",
    updated: false,
    kind: "wordpress",
    site: "blog",
    approvedBy: "editor",
  },
];

const VALID: Record<string, unknown[]> = {
  research: [research, { ...research, grounding: undefined, overlaps: undefined }],
  outline: [outline],
  draft: [draft],
  import: [importOutput],
  optimise: [optimise, { ...optimise, faq: [] }],
  // A review recorded before the content score existed has no `content`.
  review: [review, { ...review, content: undefined, revision: undefined, previous: undefined }],
  assemble: [
    article,
    {
      ...article,
      reviewScore: undefined,
      contentScore: undefined,
      review: undefined,
      citations: undefined,
      internalLinks: undefined,
      languageCheck: undefined,
      refresh: undefined,
      overlaps: undefined,
    },
  ],
  publish: published,
  prompt: ["any text", { any: ["json"] }, 7],
};

/** The fields the check names for `value`, given as a rerun body's `outputs.<assistant>`. */
function fieldsNamed(assistant: string, value: unknown): string[] {
  const check = OUTPUT_CHECKS[assistant];
  assert.ok(check, `a check for ${assistant}`);
  return check(JSON.parse(JSON.stringify(value)), `outputs.${assistant}`).map((i) => i.field);
}

describe("OUTPUT_CHECKS", () => {
  test("every assistant has a check of its output", () => {
    assert.deepEqual(Object.keys(OUTPUT_CHECKS).sort(), [...ASSISTANT_NAMES].sort());
  });

  for (const [assistant, values] of Object.entries(VALID)) {
    test(`${assistant}: the outputs it produces pass, extra fields too`, () => {
      for (const v of values) {
        assert.deepEqual(fieldsNamed(assistant, v), [], JSON.stringify(v));
        if (typeof v === "object" && v !== null) {
          assert.deepEqual(fieldsNamed(assistant, { ...v, note: "kept, not read" }), []);
        }
      }
    });
  }

  /** A wrong output, what is wrong with it, and the fields the refusal names. */
  const WRONG: Array<[assistant: string, what: string, value: unknown, fields: string[]]> = [
    ["research", "a number", 7, ["outputs.research"]],
    ["research", "a list", [research], ["outputs.research"]],
    [
      "research",
      "an object of other fields",
      { foo: 1 },
      [
        "outputs.research.keywords",
        "outputs.research.intent",
        "outputs.research.questions",
        "outputs.research.entities",
        "outputs.research.summary",
      ],
    ],
    [
      "research",
      "keywords as one string",
      { ...research, keywords: "shoes" },
      ["outputs.research.keywords"],
    ],
    [
      "research",
      "a number among the keywords",
      { ...research, keywords: ["shoes", 7] },
      ["outputs.research.keywords"],
    ],
    ["research", "a null summary", { ...research, summary: null }, ["outputs.research.summary"]],
    [
      "research",
      "grounding as a string",
      { ...research, grounding: "yes" },
      ["outputs.research.grounding"],
    ],
    [
      "research",
      "a repeated, a fractional source id and numbers as headings",
      {
        ...research,
        grounding: {
          ...research.grounding,
          sources: [
            research.grounding!.sources[0],
            { ...research.grounding!.sources[1], id: 1 },
            { ...research.grounding!.sources[1], id: 2.5, headings: [1] },
          ],
        },
      },
      [
        "outputs.research.grounding.sources[1].id",
        "outputs.research.grounding.sources[2].id",
        "outputs.research.grounding.sources[2].headings",
      ],
    ],
    [
      "research",
      "pages that point at another kind of artifact",
      { ...research, grounding: { ...research.grounding, pagesArtifact: "approval.wf-1.json" } },
      ["outputs.research.grounding.pagesArtifact"],
    ],
    [
      "research",
      "an overlap similarity over 1",
      { ...research, overlaps: [{ url: "u", title: "t", similarity: 2 }] },
      ["outputs.research.overlaps[0].similarity"],
    ],
    [
      "outline",
      "sections as a string",
      { h1: "T", sections: "Grip" },
      ["outputs.outline.sections"],
    ],
    [
      "outline",
      "one section",
      { h1: "T", sections: [outline.sections[0]] },
      ["outputs.outline.sections"],
    ],
    ["outline", "a blank h1", { ...outline, h1: "  " }, ["outputs.outline.h1"]],
    [
      "outline",
      "points as a string and a section without heading",
      { ...outline, sections: [{ heading: "A", points: "x" }, { points: [] }] },
      ["outputs.outline.sections[0].points", "outputs.outline.sections[1].heading"],
    ],
    ["draft", "bare Markdown", "# Just markdown", ["outputs.draft"]],
    ["draft", "empty Markdown", { markdown: "", wordCount: 0 }, ["outputs.draft.markdown"]],
    [
      "draft",
      "a negative word count",
      { markdown: "x", wordCount: -1 },
      ["outputs.draft.wordCount"],
    ],
    [
      "draft",
      "a word count as a string",
      { markdown: "x", wordCount: "12" },
      ["outputs.draft.wordCount"],
    ],
    ["import", "a plain draft", draft, ["outputs.import.origin", "outputs.import.before"]],
    [
      "import",
      "a score factor with only its id",
      { ...importOutput, before: { ...contentScore, factors: [{ id: "length" }] } },
      [
        "outputs.import.before.factors[0].label",
        "outputs.import.before.factors[0].score",
        "outputs.import.before.factors[0].weight",
        "outputs.import.before.factors[0].applicable",
        "outputs.import.before.factors[0].value",
        "outputs.import.before.factors[0].target",
        "outputs.import.before.factors[0].detail",
        "outputs.import.before.factors[0].suggestions",
      ],
    ],
    [
      "optimise",
      "a slug with spaces and capitals",
      { ...optimise, slug: "Trail Shoes" },
      ["outputs.optimise.slug"],
    ],
    [
      "optimise",
      "a slug that climbs paths",
      { ...optimise, slug: "../../admin" },
      ["outputs.optimise.slug"],
    ],
    [
      "optimise",
      "a slug over 80 characters",
      { ...optimise, slug: "a".repeat(81) },
      ["outputs.optimise.slug"],
    ],
    [
      "optimise",
      "a question without answer",
      { ...optimise, faq: [{ question: "Q?" }] },
      ["outputs.optimise.faq[0].answer"],
    ],
    ["optimise", "faq as an object", { ...optimise, faq: {} }, ["outputs.optimise.faq"]],
    ["optimise", "a numeric title", { ...optimise, title: 5 }, ["outputs.optimise.title"]],
    ["review", "a score over 100", { ...review, score: 101 }, ["outputs.review.score"]],
    [
      "review",
      "a content score without factors",
      { ...review, content: { score: 50 } },
      ["outputs.review.content.factors", "outputs.review.content.version"],
    ],
    [
      "review",
      "an unknown verdict and suggestions as a string",
      { ...review, critique: { ...review.critique, verdict: "maybe", suggestions: "more" } },
      ["outputs.review.critique.verdict", "outputs.review.critique.suggestions"],
    ],
    [
      "review",
      "a previous review with only its score",
      { ...review, previous: { score: 1 } },
      ["outputs.review.previous.contentScore", "outputs.review.previous.iteration"],
    ],
    ["assemble", "no HTML", { ...article, html: undefined }, ["outputs.assemble.html"]],
    ["assemble", "JSON-LD as text", { ...article, jsonLd: "{}" }, ["outputs.assemble.jsonLd"]],
    [
      "assemble",
      "outline sections instead of headings",
      { ...article, outline: [{ heading: "Grip" }] },
      ["outputs.assemble.outline"],
    ],
    [
      "assemble",
      "a citation numbered 0",
      {
        ...article,
        citations: { sources: [{ n: 0, url: "u", title: "t" }], removed: 0, unresolved: [] },
      },
      ["outputs.assemble.citations.sources[0].n"],
    ],
    ["publish", "a numeric skip reason", { skipped: 1 }, ["outputs.publish.skipped"]],
    [
      "publish",
      "awaiting approval as a string",
      { awaitingApproval: "yes", site: "blog" },
      ["outputs.publish.awaitingApproval"],
    ],
    [
      "publish",
      "an unknown kind of target and no answer",
      { kind: "ftp", site: "blog" },
      [
        "outputs.publish.kind",
        "outputs.publish.target",
        "outputs.publish.id",
        "outputs.publish.status",
        "outputs.publish.updated",
      ],
    ],
  ];
  for (const [assistant, what, value, fields] of WRONG) {
    test(`${assistant}: ${what} is refused, naming ${fields.join(", ")}`, () => {
      assert.deepEqual(fieldsNamed(assistant, value), fields);
    });
  }

  test("the message says what the field must be", () => {
    const [issue] = OUTPUT_CHECKS.research!(
      { ...research, keywords: "shoes" },
      "rerun.outputs.research",
    );
    assert.deepEqual(issue, {
      field: "rerun.outputs.research.keywords",
      message: 'must be a list of strings (got "shoes")',
    });
  });
});

describe("stageOutputIssues", () => {
  const stages = [
    { name: "facts", assistant: "research" },
    { name: "plan", assistant: "outline" },
    { name: "notes", assistant: "prompt" },
  ];

  test("checks each output against its stage's assistant, named by stage", () => {
    assert.deepEqual(
      stageOutputIssues(stages, { facts: { ...research, keywords: 7 }, plan: 7 }, "outputs").map(
        (i) => i.field,
      ),
      ["outputs.facts.keywords", "outputs.plan"],
    );
  });

  test("passes good outputs, nulls (keep the stored one) and stages it does not know", () => {
    assert.deepEqual(
      stageOutputIssues(
        stages,
        { facts: research, plan: null, notes: "anything", other: 7 },
        "rerun.outputs",
      ),
      [],
    );
  });
});
