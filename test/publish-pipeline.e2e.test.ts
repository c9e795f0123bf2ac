/**
 * The `seo-article-publish` pipeline end to end: a request naming a site of the sites file
 * becomes a WordPress draft (a real WordPress, test/helpers/wordpress.ts) with the title,
 * slug, meta description, content and JSON-LD of the workflow's result; a site whose
 * password is wrong gets a failed workflow with the reason and a dead-letter entry, not a
 * silent drop; a request naming an unknown site is refused at intake.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { type JsMsg, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { headers } from "@nats-io/nats-core";
import { DLQ_HEADER } from "../actors/dead-letter.ts";
import { basicAuth } from "../core/publish/http.ts";
import { STREAM_DLQ } from "../core/subjects.ts";
import {
  startStack,
  submitWorkflow,
  type TestStack,
  waitFor,
  waitForWorkflows,
} from "./helpers/stack.ts";
import { startWordPress, type TestWordPress, wordPressSkip } from "./helpers/wordpress.ts";

const skip = wordPressSkip();

interface Published {
  kind: string;
  site: string;
  id: string;
  status: string;
  updated: boolean;
}

describe("publishing through the pipeline", { skip }, () => {
  let wp: TestWordPress;
  let stack: TestStack;
  const dir = mkdtempSync(join(tmpdir(), "seo-farm-sites-"));

  before(async () => {
    wp = await startWordPress();
    const sitesFile = join(dir, "sites.json");
    writeFileSync(
      sitesFile,
      JSON.stringify({
        sites: {
          blog: {
            publish: {
              wordpress: {
                url: wp.url,
                username: wp.username,
                applicationPassword: "env:TEST_WP_PASSWORD",
                seoPlugin: "yoast",
              },
            },
          },
          broken: {
            publish: {
              wordpress: {
                url: wp.url,
                username: wp.username,
                applicationPassword: "wrong pass word 1234",
              },
            },
          },
        },
      }),
    );
    stack = await startStack({
      env: { SITES_FILE: sitesFile, TEST_WP_PASSWORD: wp.applicationPassword },
    });
    await stack.startActor("all");
  });
  after(async () => {
    await stack?.stop();
    await wp?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test("a completed workflow is a WordPress draft with its title, slug, meta, content and JSON-LD", async () => {
    const id = await submitWorkflow(stack, {
      keyword: "běžecké boty do terénu",
      language: "cs",
      pipeline: "seo-article-publish",
      site: "blog",
      wordCount: 600,
    });
    const [w] = await waitForWorkflows(stack, [id]);
    assert.equal(w!.status, "completed", JSON.stringify(w!.error));
    const result = w!.result as Record<string, unknown> & { published: Published };
    assert.equal(result.published.kind, "wordpress");
    assert.equal(result.published.site, "blog");
    assert.equal(result.published.status, "draft");

    const res = await fetch(`${wp.url}/wp-json/wp/v2/posts/${result.published.id}?context=edit`, {
      headers: { authorization: basicAuth(wp.username, wp.applicationPassword) },
    });
    assert.equal(res.status, 200);
    const post = (await res.json()) as {
      status: string;
      slug: string;
      title: { raw: string };
      excerpt: { raw: string };
      content: { raw: string };
      meta: Record<string, unknown>;
    };
    assert.equal(post.status, "draft");
    assert.equal(post.slug, result.slug);
    assert.equal(post.title.raw, result.title);
    assert.equal(post.excerpt.raw, result.metaDescription);
    assert.equal(post.meta._yoast_wpseo_metadesc, result.metaDescription);
    assert.equal(post.meta._yoast_wpseo_focuskw, "běžecké boty do terénu");
    const firstH2 = /<h2[^>]*>(.*?)<\/h2>/.exec(String(result.html))?.[1];
    assert.ok(firstH2 && post.content.raw.includes(firstH2), "the article's content");
    const ld = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(post.content.raw);
    assert.ok(ld, "the JSON-LD travels in the content");
    assert.deepEqual(JSON.parse(ld[1]!), result.jsonLd, "the result's JSON-LD, whole");
  });

  test("a site that refuses the password: the workflow fails with the reason, dead-lettered", async () => {
    const id = await submitWorkflow(stack, {
      keyword: "trail running shoes",
      pipeline: "seo-article-publish",
      site: "broken",
      wordCount: 300,
    });
    const [w] = await waitForWorkflows(stack, [id]);
    assert.equal(w!.status, "failed");
    assert.equal(w!.error?.code, "PUBLISH_UNAUTHORIZED", JSON.stringify(w!.error));
    const entry = await waitFor("the dead letter", async () =>
      (await deadLetters(stack)).find((m) => m.subject === "seo.dlq.publish"),
    );
    assert.match(entry.headers?.get(DLQ_HEADER.reason) ?? "", /401|password|unauthori/i);
    assert.equal(
      entry.headers?.get(DLQ_HEADER.deliveries),
      "1",
      "a refused password is not retried",
    );
  });

  test("over HTTP, a site the sites file does not have is a 400 naming the field; a known one passes", async () => {
    const post = async (path: string, body: unknown) => {
      const r = await fetch(`${stack.gateway!.url}${path}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      return { status: r.status, body: (await r.json()) as Record<string, unknown> };
    };
    const one = await post("/v1/workflows", { keyword: "tents", site: "nope" });
    assert.equal(one.status, 400, JSON.stringify(one.body));
    assert.match(JSON.stringify(one.body), /"field":"site".*unknown site \\"nope\\".*blog/);
    const batch = await post("/v1/batches", {
      items: [
        { keyword: "tents", site: "blog" },
        { keyword: "stoves", site: "nope" },
      ],
    });
    assert.equal(batch.status, 400, JSON.stringify(batch.body));
    assert.match(JSON.stringify(batch.body), /"field":"items\[1\]\.site"/);
    // A known site passes the check (an estimate: nothing starts).
    const known = await post("/v1/batches?estimate=true", {
      items: [{ keyword: "tents", site: "blog" }],
    });
    assert.equal(known.status, 200, JSON.stringify(known.body));
  });

  test("a request naming a site the sites file does not have is dead-lettered at intake", async () => {
    const h = headers();
    h.set("Content-Type", "application/json");
    const data = new TextEncoder().encode(JSON.stringify({ keyword: "tents", site: "nope" }));
    await jetstream(stack.nc).publish("seo.submit", data, { headers: h });
    const entry = await waitFor("the dead letter", async () =>
      (await deadLetters(stack)).find((m) => m.subject === "seo.dlq.intake"),
    );
    assert.match(entry.headers?.get(DLQ_HEADER.reason) ?? "", /unknown site "nope".*blog/);
  });
});

/** Every dead letter so far. */
async function deadLetters(stack: TestStack): Promise<JsMsg[]> {
  const consumer = await jetstream(stack.nc).consumers.get(STREAM_DLQ);
  const out: JsMsg[] = [];
  const info = await (await jetstreamManager(stack.nc)).streams.info(STREAM_DLQ);
  if (info.state.messages === 0) return out;
  const batch = await consumer.fetch({ max_messages: info.state.messages, expires: 2000 });
  for await (const m of batch) {
    out.push(m);
    if (out.length >= info.state.messages) break;
  }
  return out;
}
