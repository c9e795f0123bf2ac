/**
 * A rerun's edited outputs against real actors and gateway: one of the wrong shape is a 400
 * naming the field and starts nothing (or, sent straight to `seo.submit`, is dead-lettered
 * with the reason and the original payload); a hand-edited one of the right shape is read by
 * the stages after it and the rerun completes with it.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  AckPolicy,
  DeliverPolicy,
  type JsMsg,
  jetstream,
  jetstreamManager,
} from "@nats-io/jetstream";
import { headers } from "@nats-io/nats-core";
import { Objm } from "@nats-io/obj";
import type { ArticleOutput } from "../actors/assistants/assemble.ts";
import type { DraftOutput } from "../actors/assistants/draft.ts";
import { OUTPUT_CHECKS } from "../actors/assistants/output-checks.ts";
import type { ResearchOutput } from "../actors/assistants/research.ts";
import { DLQ_HEADER } from "../actors/dead-letter.ts";
import { outputsObjectName } from "../core/rerun.ts";
import { OBJECT_STORE_RESULTS, STREAM_DLQ, SUBJECT_SUBMIT } from "../core/subjects.ts";
import {
  type RunningSearchEmulator,
  startSearchEmulator,
} from "../loadtest/search-emulator/node.ts";
import {
  startStack,
  submitWorkflow,
  type TestStack,
  waitFor,
  waitForWorkflows,
} from "./helpers/stack.ts";

const STAGES = ["research", "outline", "draft", "optimise", "review", "assemble"];
const KEYWORD = "trail running shoes";

let stack: TestStack;
let base: string;
let originalId: string;
/** The original's stored outputs by stage: what a user would start an edit from. */
let stored: Record<string, unknown>;

let search: RunningSearchEmulator;
const dir = mkdtempSync(join(tmpdir(), "seo-farm-rerun-outputs-"));

before(async () => {
  // Grounded, with a site: the stored outputs carry the optional parts (sources, pages,
  // citations, internal links) for the checks to pass on.
  search = await startSearchEmulator({ port: 0 });
  const sitesFile = join(dir, "sites.json");
  writeFileSync(
    sitesFile,
    JSON.stringify({ sites: { demo: { sitemap: `${search.url}/site/sitemap.xml` } } }),
  );
  stack = await startStack({
    env: {
      SEARCH_PROVIDER: "searxng",
      SEARXNG_URL: search.url,
      FETCH_ALLOW_ORIGINS: search.origin,
      SITES_FILE: sitesFile,
    },
  });
  base = stack.gateway!.url;
  await stack.startActor("all");
  originalId = await submitWorkflow(stack, {
    keyword: KEYWORD,
    site: "demo",
    wordCount: 600,
  });
  const [w] = await waitForWorkflows(stack, [originalId]);
  assert.equal(w!.status, "completed", JSON.stringify(w!.error));
  const results = await new Objm(stack.nc).open(OBJECT_STORE_RESULTS);
  const blob = await results.getBlob(outputsObjectName(originalId));
  stored = JSON.parse(new TextDecoder().decode(blob!)) as Record<string, unknown>;
});
after(async () => {
  await stack?.stop();
  await search?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface RerunAnswer {
  status: number;
  type: string;
  body: { id?: string; errors?: Array<{ field: string; message: string }> };
}

async function rerun(body: unknown): Promise<RerunAnswer> {
  const res = await fetch(`${base}/v1/workflows/${originalId}/rerun`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    type: res.headers.get("content-type") ?? "",
    body: await res.json(),
  };
}

async function workflowCount(): Promise<number> {
  const res = await fetch(`${base}/v1/workflows?limit=200`);
  return ((await res.json()) as { items: unknown[] }).items.length;
}

/** The dead letters of intake so far. */
async function intakeDeadLetters(): Promise<JsMsg[]> {
  const jsm = await jetstreamManager(stack.nc);
  const name = `reader-${Date.now()}`;
  await jsm.consumers.add(STREAM_DLQ, {
    name,
    ack_policy: AckPolicy.None,
    deliver_policy: DeliverPolicy.All,
    filter_subject: "seo.dlq.intake",
  });
  const consumer = await jetstream(stack.nc).consumers.get(STREAM_DLQ, name);
  const out: JsMsg[] = [];
  const pending = (await consumer.info()).num_pending;
  if (pending === 0) return out;
  for await (const m of await consumer.fetch({ max_messages: pending, expires: 2000 })) {
    out.push(m);
  }
  await jsm.consumers.delete(STREAM_DLQ, name);
  return out;
}

describe("rerun with edited outputs", () => {
  test("the outputs a workflow stores fit the checks of their stages' assistants", () => {
    assert.ok((stored.research as ResearchOutput).grounding?.pagesArtifact, "grounded research");
    const article = stored.assemble as ArticleOutput;
    assert.ok(
      article.citations && article.internalLinks && article.languageCheck,
      "a full article",
    );
    for (const stage of STAGES) {
      assert.ok(stored[stage] !== undefined, `${stage} stored`);
      assert.deepEqual(OUTPUT_CHECKS[stage]!(stored[stage], `outputs.${stage}`), [], stage);
    }
  });

  test("an edited output of the wrong shape is a 400 naming its field, and nothing starts", async () => {
    const research = stored.research as ResearchOutput;
    const before = await workflowCount();
    const cases: Array<[body: unknown, field: string, message: RegExp]> = [
      [{ fromStage: "outline", outputs: { research: 7 } }, "outputs.research", /must be an object/],
      [
        { fromStage: "assemble", outputs: { research: { foo: 1 } } },
        "outputs.research.keywords",
        /must be a list of strings/,
      ],
      [
        { fromStage: "assemble", outputs: { research: { ...research, keywords: "one, two" } } },
        "outputs.research.keywords",
        /must be a list of strings/,
      ],
      [
        { fromStage: "review", outputs: { outline: { h1: "x", sections: [{ heading: "only" }] } } },
        "outputs.outline.sections",
        /must have 2 to 12 items/,
      ],
      [
        {
          fromStage: "assemble",
          outputs: { optimise: { ...(stored.optimise as object), slug: "../x" } },
        },
        "outputs.optimise.slug",
        /lower-case/,
      ],
    ];
    for (const [body, field, message] of cases) {
      const a = await rerun(body);
      assert.equal(a.status, 400, JSON.stringify(a.body));
      assert.equal(a.type, "application/problem+json");
      const issue = a.body.errors?.find((e) => e.field === field);
      assert.ok(issue, `${field} named: ${JSON.stringify(a.body.errors)}`);
      assert.match(issue.message, message);
    }
    assert.equal(await workflowCount(), before, "no workflow was created");
  });

  test("hand-edited outputs of the right shape are read by the later stages and the rerun completes", async () => {
    const research: ResearchOutput = {
      ...(stored.research as ResearchOutput),
      keywords: [KEYWORD, "hand-picked keyword"],
    };
    // A draft written by hand: only the fields the draft stage always gives.
    const draft: DraftOutput = {
      markdown:
        "# Trail running shoes\n\nAn intro written by hand.\n\n## First part\n\nHand-written text about trail running shoes, citing the first source [1].\n\n## Second part\n\nMore text, also by hand.\n",
      wordCount: 20,
    };
    // Assemble reads both as they are; from optimise on, every later stage reads them (the
    // review may send the short draft back to the draft stage: it runs on the edit too).
    const fromAssemble = await rerun({ fromStage: "assemble", outputs: { research, draft } });
    const fromOptimise = await rerun({ fromStage: "optimise", outputs: { research, draft } });
    assert.equal(fromAssemble.status, 202, JSON.stringify(fromAssemble.body));
    assert.equal(fromOptimise.status, 202, JSON.stringify(fromOptimise.body));
    const ended = await waitForWorkflows(stack, [fromAssemble.body.id!, fromOptimise.body.id!]);
    for (const w of ended) {
      assert.equal(w.status, "completed", JSON.stringify(w.error));
      assert.deepEqual(
        w.stages.filter((s) => s.status === "done").map((s) => s.name),
        STAGES,
      );
    }
    const article = ended[0]!.result as {
      jsonLd: { "@graph": Array<{ "@type": string; keywords?: string }> };
      markdown: string;
      citations: { sources: Array<{ url: string }> };
    };
    assert.equal(
      article.jsonLd["@graph"].find((x) => x["@type"] === "Article")?.keywords,
      `${KEYWORD}, hand-picked keyword`,
    );
    assert.match(article.markdown, /An intro written by hand[\s\S]*More text, also by hand/);
    // Its [1] resolved against the stored research's sources, which the edit kept.
    assert.equal(article.citations.sources[0]?.url, research.grounding?.sources[0]?.url);
  });

  test("a wrong output sent straight to seo.submit is dead-lettered naming the field, with the payload", async () => {
    const request = {
      keyword: KEYWORD,
      id: "rerun-straight-to-intake",
      rerun: { of: originalId, fromStage: "assemble", outputs: { research: { keywords: [1] } } },
    };
    const payload = new TextEncoder().encode(JSON.stringify(request));
    const h = headers();
    h.set("Content-Type", "application/json");
    const already = (await intakeDeadLetters()).length;
    await jetstream(stack.nc).publish(SUBJECT_SUBMIT, payload, { headers: h });
    const letter = await waitFor(
      "the dead letter",
      async () => (await intakeDeadLetters())[already],
    );
    assert.match(
      letter.headers!.get(DLQ_HEADER.reason),
      /rerun\.outputs\.research\.keywords: must be a list of strings/,
    );
    assert.equal(letter.headers!.get(DLQ_HEADER.code), "INVALID_REQUEST");
    assert.deepEqual(
      JSON.parse(new TextDecoder().decode(letter.data)),
      request,
      "the original payload",
    );
    assert.equal((await fetch(`${base}/v1/workflows/${request.id}`)).status, 404, "never started");
    // The gateway's own create refuses the same request before it gets that far.
    const res = await fetch(`${base}/v1/workflows`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ ...request, id: "rerun-through-gateway" }),
    });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /"field":"rerun\.outputs\.research\.keywords"/);
  });
});
