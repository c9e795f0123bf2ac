/**
 * A user adds a stage with a pipeline file and a prompt file — no code — and a workflow on
 * that pipeline runs it.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { builtInPipelinesDir } from "../actors/node-pipeline-files.ts";
import type { ApiWorkflow } from "./helpers/article.ts";
import { assertCompleteArticle } from "./helpers/article.ts";
import { startStack, type TestStack, waitFor } from "./helpers/stack.ts";

const dir = mkdtempSync(join(tmpdir(), "seo-farm-pipelines-"));
let stack: TestStack | undefined;
after(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test("a stage added by a pipeline file and a prompt file runs", async () => {
  const builtIn = JSON.parse(
    readFileSync(join(builtInPipelinesDir(), "seo-article.pipeline.json"), "utf8"),
  );
  const stages = [...builtIn.stages];
  // Social posts after optimise, fed by the optimise and outline outputs.
  stages.splice(4, 0, {
    name: "social",
    assistant: "prompt",
    prompt: "social-posts",
    taskClass: "simple",
    response: "json",
    inputs: ["outline", "optimise"],
  });
  writeFileSync(
    join(dir, "seo-article-social.pipeline.json"),
    JSON.stringify({ ...builtIn, name: "seo-article-social", stages }, null, 2),
  );
  mkdirSync(join(dir, "prompts"));
  writeFileSync(
    join(dir, "prompts", "social-posts.md"),
    "# system\nYou write short social media posts in {{languageName}}. Answer with JSON.\n\n# user\nWrite three posts announcing the article about {{keyword}}.\n\n{{input}}\n",
  );

  stack = await startStack({ env: { PIPELINES_PATH: dir } });
  assert.ok(stack.stages.includes("social"), "the new stage gets a consumer");
  await stack.startActor("all");
  const res = await fetch(`${stack.gateway!.url}/v1/workflows`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ keyword: "sourdough starter", pipeline: "seo-article-social" }),
  });
  assert.equal(res.status, 202, await res.clone().text());
  const { id } = (await res.json()) as { id: string };
  const w = await waitFor("completion", async () => {
    const r = (await (
      await fetch(`${stack!.gateway!.url}/v1/workflows/${id}`)
    ).json()) as ApiWorkflow;
    return ["completed", "failed"].includes(r.status) ? r : undefined;
  });
  assertCompleteArticle(w, "sourdough starter", 7);
  assert.deepEqual(
    w.stages.map((s) => s.name),
    ["research", "outline", "draft", "optimise", "social", "review", "assemble"],
  );
  const extras = w.result!.extras as Record<string, unknown>;
  assert.equal(typeof extras.social, "object", "the new stage's JSON output is in the result");
  assert.ok(JSON.stringify(extras.social).length > 20);

  const log = (await (await fetch(`${stack.emulatorBase}/_emulator/requests`)).json()) as unknown;
  const entries = (Array.isArray(log) ? log : (log as { requests: unknown[] }).requests) as Array<{
    stage?: string;
  }>;
  assert.ok(
    entries.some((e) => e.stage === "social"),
    "the LLM was asked by the social stage",
  );
});
