import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { NatsConnection } from "@nats-io/nats-core";
import { type ObjectStore, Objm } from "@nats-io/obj";
import { InvalidRequestError } from "../core/errors.ts";
import { connectNats } from "../core/nats/node-connect.ts";
import type { PipelineSnapshot, ResolvedStage } from "../core/pipeline.ts";
import { outputsObjectName } from "../core/rerun.ts";
import { startNatsServer, type TestNatsServer } from "../test/helpers/nats-server.ts";
import type { OutlineOutput } from "./assistants/outline.ts";
import type { ResearchOutput } from "./assistants/research.ts";
import { rerunStart } from "./rerun-start.ts";

const research: ResearchOutput = {
  keywords: ["rerun shoes"],
  intent: "informational",
  questions: [],
  entities: [],
  summary: "",
};
const outline: OutlineOutput = {
  h1: "Rerun shoes",
  sections: [
    { heading: "One", points: [] },
    { heading: "Two", points: [] },
  ],
};

function stage(name: string, assistant = name): ResolvedStage {
  return { name, assistant, taskClass: "simple", response: "json", inputs: [] };
}
const pipeline: PipelineSnapshot = {
  name: "p",
  description: "",
  version: "v1",
  stages: ["research", "outline", "draft", "assemble"].map((n) => stage(n)),
};

/** The issues a rejected rerun names, as `field: message`. */
async function refusal(run: Promise<unknown>): Promise<string[]> {
  try {
    await run;
  } catch (err) {
    assert.ok(err instanceof InvalidRequestError, String(err));
    return err.issues.map((i) => `${i.field}: ${i.message}`);
  }
  assert.fail("expected the rerun to be refused");
}

describe("rerunStart", () => {
  let srv: TestNatsServer;
  let nc: NatsConnection;
  let results: ObjectStore;
  before(async () => {
    srv = await startNatsServer();
    nc = await connectNats(srv.url, { name: "rerun-start-test" });
    results = await new Objm(nc).create(`results-${Date.now()}`);
    await results.putBlob(
      { name: outputsObjectName("orig") },
      new TextEncoder().encode(JSON.stringify({ research, outline, draft: { markdown: "x" } })),
    );
  });
  after(async () => {
    await nc?.close();
    await srv?.stop();
  });

  test("edited outputs take the place of the stored ones; null keeps the stored one", async () => {
    const edited = { ...outline, h1: "Edited" };
    const start = await rerunStart(
      results,
      { of: "orig", fromStage: "draft", outputs: { research: null, outline: edited } },
      pipeline,
      1,
    );
    assert.deepEqual(start.outputs, { research, outline: edited });
    assert.deepEqual(Object.keys(start.timings), ["research", "outline"]);
  });

  test("an edited output of the wrong shape is refused, naming its field", async () => {
    assert.deepEqual(
      await refusal(
        rerunStart(
          results,
          {
            of: "orig",
            fromStage: "assemble",
            outputs: { research: { ...research, keywords: 7 } },
          },
          pipeline,
          1,
        ),
      ),
      ["rerun.outputs.research.keywords: must be a list of strings (got 7)"],
    );
    assert.deepEqual(
      await refusal(
        rerunStart(
          results,
          { of: "orig", fromStage: "outline", outputs: { research: 7 } },
          pipeline,
          1,
        ),
      ),
      ["rerun.outputs.research: must be an object (got 7)"],
    );
  });

  test("a stored output that no longer fits its stage's assistant is refused", async () => {
    // The pipeline changed: the stage named "draft" is now run by the outline assistant.
    const changed = { ...pipeline, stages: [...pipeline.stages] };
    changed.stages[2] = stage("draft", "outline");
    const issues = await refusal(
      rerunStart(results, { of: "orig", fromStage: "assemble" }, changed, 1),
    );
    assert.ok(issues.length > 0);
    for (const i of issues)
      assert.match(i, /^rerun\.of: its stored outputs\.draft\.\w+ does not fit/);
    // Given in its place, the edited one is checked instead.
    const start = await rerunStart(
      results,
      { of: "orig", fromStage: "assemble", outputs: { draft: outline } },
      changed,
      1,
    );
    assert.deepEqual(start.outputs.draft, outline);
  });
});
