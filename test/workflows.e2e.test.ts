/**
 * End to end over real parts: 20 workflows submitted over HTTP and 20 by publishing to
 * `seo.submit` (10 JSON, 10 msgpack) all complete, and every result is retrievable.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { AckPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { headers } from "@nats-io/nats-core";
import { encode } from "../core/codec.ts";
import { workflowIdFromSequence } from "../core/subjects.ts";
import { type ApiWorkflow, assertCompleteArticle } from "./helpers/article.ts";
import { startStack, type TestStack, waitFor } from "./helpers/stack.ts";

const KEYWORDS_EN = [
  "trail running shoes",
  "indoor herb garden",
  "budget travel tips",
  "home espresso machine",
  "sourdough starter",
];
const KEYWORDS_CS = [
  "běžecké boty",
  "domácí kompost",
  "levné cestování",
  "pěstování bylinek",
  "kvásek na chleba",
];

describe("workflows end to end", () => {
  let stack: TestStack;
  before(async () => {
    stack = await startStack();
    // One actor process per stage, as `seo-farm up` runs them.
    await Promise.all(stack.stages.map((s) => stack.startActor([s])));
  });
  after(async () => await stack?.stop());

  async function getWorkflow(id: string): Promise<ApiWorkflow | undefined> {
    const res = await fetch(`${stack.gateway!.url}/v1/workflows/${id}`);
    if (res.status === 404) return undefined;
    assert.equal(res.status, 200);
    return (await res.json()) as ApiWorkflow;
  }

  async function waitDone(id: string): Promise<ApiWorkflow> {
    return await waitFor(
      `workflow ${id}`,
      async () => {
        const w = await getWorkflow(id);
        return w && ["completed", "failed", "cancelled"].includes(w.status) ? w : undefined;
      },
      60_000,
      200,
    );
  }

  test("20 over HTTP and 20 on seo.submit (10 JSON, 10 msgpack) all complete", async () => {
    const submitted: Array<{ id: string; keyword: string }> = [];

    // 20 over HTTP, half English, half Czech.
    const http = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const keyword = i % 2 ? KEYWORDS_CS[i % 5]! : KEYWORDS_EN[i % 5]!;
        const res = await fetch(`${stack.gateway!.url}/v1/workflows`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ keyword, language: i % 2 ? "cs" : "en", wordCount: 400 + i * 10 }),
        });
        assert.equal(res.status, 202, await res.clone().text());
        const body = (await res.json()) as { id: string; links: { self: string } };
        assert.equal(res.headers.get("location"), body.links.self);
        return { id: body.id, keyword };
      }),
    );
    submitted.push(...http);

    // 20 straight to NATS: the id comes from the request, else Nats-Msg-Id, else the PubAck.
    const js = jetstream(stack.nc);
    for (let i = 0; i < 20; i++) {
      const keyword = `${KEYWORDS_EN[i % 5]} ${i}`;
      const json = i < 10;
      const h = headers();
      h.set("Content-Type", json ? "application/json" : "application/msgpack");
      const request: Record<string, unknown> = { keyword, wordCount: 300 };
      let id: string | undefined;
      const opts: { headers: typeof h; msgID?: string } = { headers: h };
      if (i % 3 === 0) {
        id = `nats-req-${i}`;
        request.id = id;
      } else if (i % 3 === 1) {
        id = `nats-msgid-${i}`;
        opts.msgID = id;
      }
      const ack = await js.publish("seo.submit", encode(request, json ? "json" : "msgpack"), opts);
      submitted.push({ id: id ?? workflowIdFromSequence(ack.seq), keyword });
    }

    assert.equal(new Set(submitted.map((s) => s.id)).size, 40, "40 distinct workflows");
    const done = await Promise.all(submitted.map(async (s) => ({ ...s, w: await waitDone(s.id) })));
    for (const { w, keyword } of done) assertCompleteArticle(w, keyword);

    // Both providers: the creative draft on Anthropic, the rest on OpenAI; tokens and cost
    // per stage, adding up to the workflow's. Repeated keywords are served from the cache
    // (or the stage memo), which costs nothing and says so.
    let cached = 0;
    for (const { w } of done) {
      type Stage = {
        name: string;
        provider?: string;
        costUsd?: number;
        cacheHits?: number;
        memo?: boolean;
        tokens?: { prompt: number };
      };
      const stages = w.stages as Stage[];
      for (const s of stages.filter((x) => x.name !== "assemble")) {
        if (s.memo || s.cacheHits) {
          cached++;
          assert.equal(s.costUsd, 0, `${s.name} from the cache costs nothing`);
          continue;
        }
        assert.equal(s.provider, s.name === "draft" ? "anthropic" : "openai", `${s.name} provider`);
        assert.ok((s.costUsd ?? 0) > 0 && (s.tokens?.prompt ?? 0) > 0, `${s.name} is priced`);
      }
      const total = stages.reduce((sum, s) => sum + (s.costUsd ?? 0), 0);
      const reported = (w as unknown as { costUsd: number }).costUsd;
      assert.ok(Math.abs(total - reported) < 1e-5, `stage costs ${total} add up to ${reported}`);
    }
    assert.ok(cached > 0, "repeated keywords were answered from the cache");
    const drafts = done.flatMap(({ w }) =>
      (w.stages as Array<{ name: string; provider?: string }>).filter(
        (s) => s.name === "draft" && s.provider,
      ),
    );
    assert.ok(
      drafts.some((s) => s.provider === "anthropic"),
      "some draft ran on Anthropic",
    );

    // The draft was streamed: its delta events, in order, spell out the article's sections.
    const first = done[0]!;
    const jsm = await jetstreamManager(stack.nc);
    const name = `deltas-${Date.now()}`;
    await jsm.consumers.add("SEO_EVENTS", {
      name,
      ack_policy: AckPolicy.None,
      filter_subject: `seo.events.${first.id}.delta`,
    });
    const consumer = await js.consumers.get("SEO_EVENTS", name);
    const pending = (await consumer.info()).num_pending;
    assert.ok(pending > 1, `${pending} delta events`);
    const texts: Array<{ seq: number; text: string }> = [];
    for await (const m of await consumer.fetch({ max_messages: pending, expires: 2000 })) {
      texts.push(m.json<{ seq: number; text: string; stage: string }>());
    }
    const streamed = texts
      .sort((a, b) => a.seq - b.seq)
      .map((t) => t.text)
      .join("");
    const headings = first.w.result!.outline as string[];
    assert.ok(streamed.includes(`## ${headings[0]}`), "the streamed draft holds the first section");

    // Czech articles are in Czech.
    const czech = done.find((d) => d.keyword === "běžecké boty")!;
    assert.match(String(czech.w.result!.markdown), /[ěščřžýáíéůú]/);
    assert.equal(czech.w.result!.slug, "bezecke-boty");
  });
});
