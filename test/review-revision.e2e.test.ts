/**
 * A review that scores a draft under its pipeline's `revise.below` sends the workflow back:
 * the draft runs again as iteration 1 on the rule's task class (a stronger model), then
 * optimise and review again, and the workflow completes once — with both reviews on record
 * and no third draft, however the second review scores.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { builtInPipelinesDir } from "../actors/node-pipeline-files.ts";
import { startStack, submitWorkflow, type TestStack, waitForWorkflows } from "./helpers/stack.ts";

const dir = mkdtempSync(join(tmpdir(), "seo-farm-revise-"));
let stack: TestStack | undefined;
after(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface LogEntry {
  stage?: string;
  model?: string;
  workflowId?: string;
}

test("a review under the threshold sends the draft back once, to the stronger model", async () => {
  const builtIn = JSON.parse(
    readFileSync(join(builtInPipelinesDir(), "seo-article.pipeline.json"), "utf8"),
  ) as { stages: Array<Record<string, unknown>> };
  // Every review is "under" 101: the rule fires on the first review, and only its `max`
  // stops it firing on the second.
  const stages = builtIn.stages.map((s) =>
    s.name === "review"
      ? { ...s, revise: { stage: "draft", below: 101, taskClass: "complex", max: 1 } }
      : s,
  );
  writeFileSync(
    join(dir, "seo-article-revise.pipeline.json"),
    JSON.stringify({ ...builtIn, name: "seo-article-revise", stages }),
  );
  stack = await startStack({
    env: {
      PIPELINES_PATH: dir,
      // The first draft comes from a model the emulator makes write weakly.
      LLM_MODEL_CREATIVE: "openai:emulator-weak",
    },
  });
  await stack.startActor("all");
  const id = await submitWorkflow(stack, {
    keyword: "trail running shoes",
    pipeline: "seo-article-revise",
    wordCount: 900,
  });
  const [w] = (await waitForWorkflows(stack, [id])) as unknown as Array<{
    status: string;
    error?: unknown;
    result?: Record<string, unknown>;
    revisions?: Array<{ iteration: number; from: string; stage: string; reason: string }>;
    stages: Array<{ name: string; status: string; iteration?: number; model?: string }>;
  }>;
  assert.equal(w!.status, "completed", JSON.stringify(w!.error));
  assert.equal(w!.revisions?.length, 1, JSON.stringify(w!.revisions));
  const rev = w!.revisions![0]!;
  assert.deepEqual([rev.iteration, rev.from, rev.stage], [1, "review", "draft"]);
  assert.match(rev.reason, /under 101/);

  const byName = Object.fromEntries(w!.stages.map((s) => [s.name, s]));
  for (const name of ["draft", "optimise", "review"]) {
    assert.equal(byName[name]!.status, "done");
    assert.equal(byName[name]!.iteration, 1, `${name} ran again`);
  }
  assert.equal(byName.research!.iteration, undefined, "research ran once");
  const strong = stack.config.routes.complex[0]!.model;
  assert.equal(byName.draft!.model, strong, "the revised draft came from the complex route");

  const review = (w!.result as { reviewScore?: number }).reviewScore;
  assert.equal(typeof review, "number");

  const log = (await (await fetch(`${stack.emulatorBase}/_emulator/requests`)).json()) as
    | LogEntry[]
    | { requests: LogEntry[] };
  const entries = (Array.isArray(log) ? log : log.requests).filter((e) => e.workflowId === id);
  const drafts = entries.filter((e) => e.stage === "draft").map((e) => e.model);
  assert.deepEqual(
    drafts,
    ["emulator-weak", strong],
    "two drafts: the weak one, then the revision",
  );
  assert.equal(entries.filter((e) => e.stage === "review").length, 2, "two reviews, no third");
  assert.equal(entries.filter((e) => e.stage === "research").length, 1);
});

test("the built-in pipeline: a weak draft scores under 75, is revised once on the complex route, and the score rises", async () => {
  const weakStack = await startStack({ env: { LLM_MODEL_CREATIVE: "openai:emulator-weak" } });
  try {
    await weakStack.startActor("all");
    const id = await submitWorkflow(weakStack, { keyword: "indoor herb garden", wordCount: 900 });
    const [w] = (await waitForWorkflows(weakStack, [id])) as unknown as Array<{
      status: string;
      error?: unknown;
      revisions?: Array<{ reason: string }>;
      result?: {
        review: { contentScore: number; previous?: { contentScore: number; iteration: number } };
        contentScore: { score: number; factors: Array<{ id: string; score: number }> };
      };
    }>;
    assert.equal(w!.status, "completed", JSON.stringify(w!.error));
    assert.equal(w!.revisions?.length, 1, "one revision, however the second review scores");
    assert.match(w!.revisions![0]!.reason, /content score \d+ is under 75/);
    const review = w!.result!.review;
    assert.ok(review.previous, "the first review's score is kept");
    assert.equal(review.previous.iteration, 0);
    assert.ok(
      review.previous.contentScore < 75,
      `first draft scored ${review.previous.contentScore}`,
    );
    assert.ok(
      review.contentScore > review.previous.contentScore,
      `the score rose: ${review.previous.contentScore} → ${review.contentScore}`,
    );
    const length = w!.result!.contentScore.factors.find((f) => f.id === "length");
    assert.ok(length && length.score > 0, "the finished article has its length back");
  } finally {
    await weakStack.stop();
  }
});
