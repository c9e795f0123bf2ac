/**
 * A workflow keeps the pipeline and prompt versions it started with until it ends, even when
 * a new version is deployed while it runs.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { loadPipelineFiles } from "../actors/node-pipeline-files.ts";
import { parsePrompt } from "../core/pipeline.ts";
import { PipelineRegistry } from "../core/pipeline-registry.ts";
import { WorkflowStore } from "../core/state.ts";
import { startStack, type TestStack, waitFor } from "./helpers/stack.ts";

let stack: TestStack;
before(async () => {
  stack = await startStack();
});
after(async () => await stack?.stop());

async function submit(keyword: string): Promise<string> {
  const res = await fetch(`${stack.gateway!.url}/v1/workflows`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ keyword }),
  });
  assert.equal(res.status, 202);
  return ((await res.json()) as { id: string }).id;
}

test("a running workflow finishes on the pipeline version it started with", async () => {
  const store = await WorkflowStore.open(stack.nc);
  const registry = await PipelineRegistry.open(stack.nc);
  await stack.startActor(["intake", "research"]);
  const id = await submit("budget travel tips");
  const started = await waitFor("the research stage", async () => {
    const s = (await store.get(id))?.state;
    return s?.stages.research ? s : undefined;
  });
  const oldVersion = started.pipeline.version;

  // Deploy a new outline prompt while the workflow waits for its outline.
  const current = (await loadPipelineFiles([])).find((p) => p.name === "seo-article");
  const outline = current!.stages.find((s) => s.name === "outline")!;
  const newPrompt = await parsePrompt(
    "outline",
    "# system\nPlan well, in {{languageName}}.\n\n# user\n{{input}}\n",
    "new.md",
  );
  const next = {
    ...current!,
    version: "v2-test",
    stages: current!.stages.map((s) => (s === outline ? { ...s, prompt: newPrompt } : s)),
  };
  await registry.publish(next);
  assert.equal((await registry.current("seo-article")).version, "v2-test");

  await stack.startActor(["outline", "draft", "optimise", "review", "assemble"]);
  const done = await waitFor("completion", async () => {
    const s = (await store.get(id))?.state;
    return s?.status === "completed" ? s : undefined;
  });
  assert.equal(done.pipeline.version, oldVersion, "kept the version it started with");
  assert.equal(
    done.promptVersions.outline,
    outline.prompt!.version,
    "kept its outline prompt version",
  );

  const later = await submit("budget travel tips");
  const laterState = await waitFor(
    "the later workflow",
    async () => (await store.get(later))?.state,
  );
  assert.equal(laterState.pipeline.version, "v2-test", "new workflows start on the new version");
  assert.equal(laterState.promptVersions.outline, newPrompt.version);
});
