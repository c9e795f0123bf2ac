/**
 * The internal request fields end to end: a key allowed to set them chooses the model every
 * LLM stage calls and caps each call's completion tokens; the same works on `seo.submit`.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { jetstream } from "@nats-io/jetstream";
import { SUBJECT_SUBMIT } from "../core/subjects.ts";
import { startStack, submitWorkflow, type TestStack, waitForWorkflows } from "./helpers/stack.ts";

const EDITOR_KEY = "editor-secret-0123456789";

interface StageView {
  name: string;
  llmCalls?: number;
  provider?: string;
  model?: string;
  tokens?: { prompt: number; completion: number };
}

let stack: TestStack;
const tmp = mkdtempSync(join(tmpdir(), "seo-farm-internal-"));
before(async () => {
  const file = join(tmp, "keys.json");
  writeFileSync(
    file,
    JSON.stringify([{ name: "editor", key: EDITOR_KEY, allowInternalFields: true }]),
  );
  stack = await startStack({ env: { GATEWAY_API_KEYS_FILE: file }, apiKey: EDITOR_KEY });
  await stack.startActor("all");
});
after(async () => {
  await stack?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

function llmStages(w: { stages: unknown[] }): StageView[] {
  return (w.stages as StageView[]).filter((s) => (s.llmCalls ?? 0) > 0);
}

test("a key allowed internal fields picks the model of every LLM stage and caps its tokens", async () => {
  // The draft of a 300-word article is longer than 400 tokens; capped, it stops at 400.
  const cap = 400;
  const plain = await submitWorkflow(stack, { keyword: "trail running shoes", wordCount: 300 });
  const steered = await submitWorkflow(stack, {
    keyword: "trail running shoes",
    wordCount: 300,
    model: "anthropic:claude-haiku-5-5",
    maxTokens: cap,
  });
  const [p, s] = await waitForWorkflows(stack, [plain, steered]);
  assert.equal(p!.status, "completed", JSON.stringify(p!.error));
  assert.equal(s!.status, "completed", JSON.stringify(s!.error));

  const plainStages = llmStages(p!);
  assert.ok(
    plainStages.some((st) => st.model !== "claude-haiku-5-5"),
    "without the field the pipeline's routes choose",
  );
  const plainDraft = plainStages.find((st) => st.name === "draft")!;
  assert.ok(
    plainDraft.tokens!.completion > cap,
    `uncapped draft: ${plainDraft.tokens!.completion}`,
  );

  const steeredStages = llmStages(s!);
  assert.equal(steeredStages.length, plainStages.length);
  for (const st of steeredStages) {
    assert.equal(`${st.provider}:${st.model}`, "anthropic:claude-haiku-5-5", st.name);
    assert.ok(st.tokens!.completion <= cap * st.llmCalls!, `${st.name}: ${st.tokens!.completion}`);
  }
});

test("a request published to seo.submit may set the internal fields", async () => {
  const js = jetstream(stack.nc);
  const id = "internal-nats-1";
  await js.publish(
    SUBJECT_SUBMIT,
    JSON.stringify({ keyword: "indoor herb garden", wordCount: 300, id, model: "openai:gpt-4o" }),
  );
  const [w] = await waitForWorkflows(stack, [id]);
  assert.equal(w!.status, "completed", JSON.stringify(w!.error));
  for (const st of llmStages(w!))
    assert.equal(`${st.provider}:${st.model}`, "openai:gpt-4o", st.name);
});
