import assert from "node:assert/strict";
import { test } from "node:test";
import { type ChecksInput, checksScore, reviewChecks } from "./checks.ts";

const sentence = "Good trail running shoes grip wet rock and protect your feet on long descents.";
const filler = "Runners should test fit, cushioning and drop before buying a new pair. ";

function article(extra = ""): string {
  return [
    "# Trail running shoes for beginners",
    `${sentence} ${extra}`,
    "## Grip",
    filler.repeat(20),
    "## Fit",
    filler.repeat(20),
  ].join("\n\n");
}

const base: ChecksInput = {
  keyword: "trail running shoes",
  wordCountTarget: 400,
  markdown: article(),
  outlineHeadings: ["Grip", "Fit"],
  title: "Trail running shoes: a beginner's guide",
  metaDescription:
    "How to choose trail running shoes: grip, fit, cushioning and drop explained for beginners who want dry feet.",
};

function failed(input: ChecksInput): string[] {
  return reviewChecks(input)
    .filter((c) => !c.ok)
    .map((c) => c.id);
}

test("a balanced article passes every check", () => {
  assert.deepEqual(failed(base), []);
  assert.equal(checksScore(reviewChecks(base)), 100);
});

const cases: Array<[string, Partial<ChecksInput>, string]> = [
  ["a short article", { wordCountTarget: 1000 }, "word-count"],
  ["a title without the keyword", { title: "A beginner's guide" }, "keyword-in-title"],
  ["an over-long title", { title: `Trail running shoes ${"x".repeat(60)}` }, "title-length"],
  [
    "H2s out of the outline's order",
    { outlineHeadings: ["Fit", "Grip"] },
    "headings-follow-outline",
  ],
  ["a missing meta description", { metaDescription: "" }, "meta-description-length"],
  ["keyword stuffing", { markdown: article("trail running shoes ".repeat(40)) }, "keyword-density"],
];
for (const [what, change, id] of cases) {
  test(`${what} fails ${id}`, () => {
    assert.ok(failed({ ...base, ...change }).includes(id));
    assert.ok(checksScore(reviewChecks({ ...base, ...change })) < 100);
  });
}
