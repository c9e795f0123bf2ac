/** Reading the task and the input the way seo-farm's actors send them. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { lastJsonBlock, parseTaskInput, taskFromHeader } from "./input.ts";

test("the task header maps to a task; anything else is generic", () => {
  assert.equal(taskFromHeader("outline"), "outline");
  assert.equal(taskFromHeader(" Draft "), "draft");
  assert.equal(taskFromHeader("optimize"), "optimise");
  assert.equal(taskFromHeader("prompt"), "generic");
  assert.equal(taskFromHeader(null), "generic");
});

test("the last fenced json block that parses wins", () => {
  const text = [
    "Example:",
    "```json",
    '{"keyword": "example"}',
    "```",
    "Input:",
    "```json",
    '{"keyword": "real", "wordCount": 800}',
    "```",
    "```json",
    "{ broken",
    "```",
  ].join("\n");
  assert.deepEqual(lastJsonBlock(text), { keyword: "real", wordCount: 800 });
  assert.equal(lastJsonBlock("```json\n[1, 2]\n```"), undefined, "an array is not an input");
});

test("fields: language subtag, word count bounds, outline as strings or objects", () => {
  const input = parseTaskInput("draft", [
    { role: "user", content: 'old\n```json\n{"keyword": "old"}\n```' },
    { role: "assistant", content: "..." },
    {
      role: "user",
      content: `Write.\n\`\`\`json\n${JSON.stringify({
        keyword: "  běžecké   boty ",
        language: "cs-CZ",
        wordCount: "99999",
        audience: "beginners",
        outline: { h1: "H", sections: ["A", { heading: "B", points: ["x"] }, { nope: 1 }] },
        research: { keywords: ["a", 1], questions: ["Q?"] },
        unknown: true,
      })}\n\`\`\``,
    },
  ]);
  assert.equal(input.keyword, "běžecké boty");
  assert.equal(input.language, "cs");
  assert.equal(input.wordCount, 20_000);
  assert.equal(input.audience, "beginners");
  assert.deepEqual(input.outline, {
    h1: "H",
    sections: [
      { heading: "A", points: [] },
      { heading: "B", points: ["x"] },
    ],
  });
  assert.deepEqual(input.research, { keywords: ["a"], questions: ["Q?"], entities: [] });
});

test("without a usable block the keyword is the user message's first line, cut to 80", () => {
  const long = "x".repeat(100);
  const input = parseTaskInput("research", [
    { role: "system", content: "system" },
    { role: "user", content: `  ${long}\nmore text\n\`\`\`json\nnot json\n\`\`\`` },
  ]);
  assert.equal(input.keyword, "x".repeat(80));
  assert.equal(input.language, "en");
  assert.equal(input.wordCount, 1200);
});
