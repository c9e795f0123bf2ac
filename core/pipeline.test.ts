import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  PipelineDefinitionError,
  parsePipelineDefinition,
  parsePrompt,
  renderTemplate,
  resolvePipeline,
} from "./pipeline.ts";

const assistants = new Set(["research", "draft", "assemble", "prompt"]);

describe("parsePipelineDefinition", () => {
  test("accepts a valid definition", () => {
    const def = parsePipelineDefinition(
      {
        name: "mini",
        stages: [
          { name: "research", assistant: "research", taskClass: "simple" },
          { name: "tweet", assistant: "prompt", response: "json", inputs: ["research"] },
        ],
      },
      "mini.pipeline.json",
      assistants,
    );
    assert.equal(def.stages.length, 2);
    assert.deepEqual(def.stages[1]!.inputs, ["research"]);
  });

  const bad: Array<[string, unknown, RegExp]> = [
    [
      "a bad name",
      { name: "Mini!", stages: [{ name: "a", assistant: "draft" }] },
      /name must match/,
    ],
    ["no stages", { name: "mini", stages: [] }, /stages must be a non-empty array/],
    [
      "an unknown assistant",
      { name: "mini", stages: [{ name: "a", assistant: "magic" }] },
      /stages\[0\]\.assistant must be one of/,
    ],
    [
      "a reserved stage name",
      { name: "mini", stages: [{ name: "intake", assistant: "draft" }] },
      /reserved/,
    ],
    [
      "a duplicate stage",
      {
        name: "mini",
        stages: [
          { name: "a", assistant: "draft" },
          { name: "a", assistant: "draft" },
        ],
      },
      /appears twice/,
    ],
    [
      "an input that is not earlier",
      { name: "mini", stages: [{ name: "a", assistant: "prompt", inputs: ["b"] }] },
      /not an earlier stage/,
    ],
    [
      "a bad task class",
      { name: "mini", stages: [{ name: "a", assistant: "draft", taskClass: "huge" }] },
      /taskClass/,
    ],
  ];
  for (const [what, value, message] of bad) {
    test(`rejects ${what}, naming the file and field`, () => {
      assert.throws(
        () => parsePipelineDefinition(value, "x.pipeline.json", assistants),
        (err: unknown) =>
          err instanceof PipelineDefinitionError &&
          /^x\.pipeline\.json: /.test(err.message) &&
          message.test(err.message),
      );
    });
  }
});

describe("prompts", () => {
  test("a prompt file has a system and a user part and a content version", async () => {
    const p = await parsePrompt(
      "t",
      "# system\nYou write in {{languageName}}.\n\n# user\nAbout {{keyword}}.\n{{input}}\n",
      "t.md",
    );
    assert.equal(p.system, "You write in {{languageName}}.");
    assert.equal(p.user, "About {{keyword}}.\n{{input}}");
    assert.match(p.version, /^[0-9a-f]{12}$/);
    const changed = await parsePrompt(
      "t",
      "# system\nYou write well.\n\n# user\nAbout {{keyword}}.\n",
      "t.md",
    );
    assert.notEqual(changed.version, p.version);
  });

  test("unknown placeholders and missing sections are errors naming the file", async () => {
    await assert.rejects(
      parsePrompt("t", "# system\nx\n# user\n{{nope}}", "t.md"),
      /t\.md: unknown placeholder \{\{nope\}\}/,
    );
    await assert.rejects(parsePrompt("t", "just text", "t.md"), /t\.md: a prompt file needs/);
  });

  test("renderTemplate fills placeholders", () => {
    assert.equal(
      renderTemplate("Hi {{ keyword }} in {{language}}", { keyword: "boty", language: "cs" }),
      "Hi boty in cs",
    );
  });
});

test("resolvePipeline versions change with a prompt, and a missing prompt is an error", async () => {
  const def = parsePipelineDefinition(
    { name: "mini", stages: [{ name: "draft", assistant: "draft" }] },
    "m",
    assistants,
  );
  const p1 = await parsePrompt("draft", "# system\na\n# user\nb", "draft.md");
  const p2 = await parsePrompt("draft", "# system\na2\n# user\nb", "draft.md");
  const v1 = await resolvePipeline(
    def,
    () => p1,
    () => true,
  );
  const v1again = await resolvePipeline(
    def,
    () => p1,
    () => true,
  );
  const v2 = await resolvePipeline(
    def,
    () => p2,
    () => true,
  );
  assert.equal(v1.version, v1again.version);
  assert.notEqual(v1.version, v2.version);
  assert.equal(v1.stages[0]!.prompt!.id, "draft");
  await assert.rejects(
    resolvePipeline(
      def,
      () => undefined,
      () => true,
    ),
    /needs prompt "draft"/,
  );
});
