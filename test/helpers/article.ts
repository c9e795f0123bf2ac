/** Checks the article a completed workflow returns, as a user would judge it. */
import assert from "node:assert/strict";
import { h2Headings, parseArticle, sameHeading } from "../../actors/article/markdown.ts";
import { slugify } from "../../core/slug.ts";

export interface ApiWorkflow {
  id: string;
  status: string;
  stages: Array<{ name: string; status: string; durationMs?: number; attempt?: number }>;
  result?: Record<string, unknown>;
  error?: { code: string; message: string };
}

export function assertCompleteArticle(w: ApiWorkflow, keyword: string, stageCount = 6): void {
  assert.equal(
    w.status,
    "completed",
    `workflow ${w.id} is ${w.status}: ${JSON.stringify(w.error)}`,
  );
  assert.equal(w.stages.filter((s) => s.status === "done").length, stageCount, "every stage ran");
  const r = w.result;
  assert.ok(r, "the result is included");
  const title = String(r.title);
  const kw = keyword.toLocaleLowerCase();
  assert.ok(title.length > 0 && title.length <= 60, `title length ${title.length}: ${title}`);
  assert.ok(title.toLocaleLowerCase().includes(kw), `keyword in title: ${title}`);
  const meta = String(r.metaDescription);
  assert.ok(meta.length > 0 && meta.length <= 155, `meta length ${meta.length}`);
  const markdown = String(r.markdown);
  const h1 = parseArticle(markdown).h1 ?? "";
  assert.ok(h1.toLocaleLowerCase().includes(kw), `keyword in H1: ${h1}`);
  assert.ok(String(r.slug).includes(slugify(keyword)), `keyword in slug: ${String(r.slug)}`);
  const outline = r.outline as string[];
  assert.ok(Array.isArray(outline) && outline.length >= 2, "the outline is reported");
  const h2s = h2Headings(markdown);
  assert.ok(
    outline.every((h, i) => h2s[i] !== undefined && sameHeading(h, h2s[i]!)),
    `the outline's headings are the article's H2s in order:\n${outline.join(" | ")}\n${h2s.join(" | ")}`,
  );
  // After the outline's sections only the FAQ may follow.
  assert.ok(
    h2s.length - outline.length <= 1,
    `unexpected extra H2s: ${h2s.slice(outline.length).join(" | ")}`,
  );
  const html = String(r.html);
  assert.ok(html.includes("<h1>") && html.includes("<h2>"), "the HTML has headings");
  assert.ok(!/<script/i.test(html), "the HTML has no <script>");
  assert.equal((r.jsonLd as Record<string, unknown>)["@context"], "https://schema.org");
}
