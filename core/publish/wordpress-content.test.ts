import assert from "node:assert/strict";
import { test } from "node:test";
import type { PublishableArticle } from "./types.ts";
import {
  jsonLdBlock,
  postContent,
  scriptSafeJson,
  seoMeta,
  seoMetaKeys,
  workflowMarker,
  writtenBy,
} from "./wordpress-content.ts";

const ARTICLE: PublishableArticle = {
  title: "Title",
  slug: "title",
  metaDescription: "Description",
  markdown: "x",
  html: "<p>x</p>\n",
  jsonLd: { "@type": "Article", headline: "</script><!-- & >" },
  keyword: "kw",
  language: "en",
  faq: [],
  workflowId: "wf-1",
};

test("script-safe JSON has no < > & and parses back to the same value", () => {
  const value = { a: "</script><script>alert(1)</script>", b: "<!-- x -->", c: "a & b", d: "čř" };
  const json = scriptSafeJson(value);
  assert.doesNotMatch(json, /[<>&]/);
  assert.deepEqual(JSON.parse(json), value);
});

test("the JSON-LD block is one Custom HTML block with the JSON on one line", () => {
  const block = jsonLdBlock(ARTICLE.jsonLd);
  const lines = block.split("\n");
  assert.equal(lines.length, 3);
  assert.equal(lines[0], "<!-- wp:html -->");
  assert.match(lines[1] ?? "", /^<script type="application\/ld\+json">\{.*\}<\/script>$/);
  assert.equal(lines[2], "<!-- /wp:html -->");
});

test("a post's content is the HTML, the workflow marker and the JSON-LD when wanted", () => {
  const withJsonLd = postContent(ARTICLE, { jsonLd: true });
  assert.ok(withJsonLd.startsWith("<p>x</p>\n\n<!-- seo-farm:workflow=wf-1 -->"));
  assert.ok(withJsonLd.includes("application/ld+json"));
  const without = postContent(ARTICLE, { jsonLd: false });
  assert.ok(!without.includes("ld+json"));
  assert.ok(!postContent({ ...ARTICLE, jsonLd: {} }, { jsonLd: true }).includes("ld+json"));
});

test("the workflow marker cannot be closed early by an odd workflow id", () => {
  assert.equal(workflowMarker("wf_1-a"), "<!-- seo-farm:workflow=wf_1-a -->");
  assert.equal(workflowMarker("a -->b"), "<!-- seo-farm:workflow=a%20--%3Eb -->");
});

const OWNERSHIP: Array<[string, Parameters<typeof writtenBy>[0], boolean]> = [
  ["the workflow meta", { meta: { seo_farm_workflow_id: "wf-1" } }, true],
  ["another workflow's meta", { meta: { seo_farm_workflow_id: "wf-2" } }, false],
  ["the marker in the content", { content: { raw: `<p>a</p>${workflowMarker("wf-1")}` } }, true],
  ["another workflow's marker", { content: { raw: workflowMarker("wf-10") } }, false],
  ["a marker of a longer id", { content: { raw: workflowMarker("wf-1x") } }, false],
  ["neither", { content: { raw: "<p>a</p>" }, meta: {} }, false],
  ["no content at all", {}, false],
];

for (const [name, post, expected] of OWNERSHIP) {
  test(`a post with ${name} is ${expected ? "" : "not "}the workflow's`, () => {
    assert.equal(writtenBy(post, "wf-1"), expected);
  });
}

test("each SEO plugin gets its own meta keys", () => {
  assert.deepEqual(seoMeta(ARTICLE, "yoast"), {
    _yoast_wpseo_title: "Title",
    _yoast_wpseo_metadesc: "Description",
    _yoast_wpseo_focuskw: "kw",
  });
  assert.deepEqual(seoMeta(ARTICLE, "rankmath"), {
    rank_math_title: "Title",
    rank_math_description: "Description",
    rank_math_focus_keyword: "kw",
  });
  assert.deepEqual(seoMeta(ARTICLE, "none"), {});
  assert.deepEqual(seoMetaKeys("none"), []);
  assert.equal(seoMetaKeys("yoast").length, 3);
});
