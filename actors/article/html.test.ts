import assert from "node:assert/strict";
import { test } from "node:test";
import { renderHtml } from "./html.ts";
import { escapeRawHtml, h2Headings, parseArticle } from "./markdown.ts";

test("raw HTML in Markdown is escaped, never rendered", () => {
  const html = renderHtml(
    "# Hi\n\n<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> here.",
  );
  assert.ok(!/<script/i.test(html), html);
  assert.ok(!/<img/i.test(html), html);
  assert.match(html, /&lt;script&gt;/);
});

test("javascript: links lose their href, http links keep it", () => {
  const html = renderHtml("[bad](javascript:alert(1)) and [good](https://example.com/a?b=1&c=2)");
  assert.ok(!html.includes("javascript:"), html);
  assert.match(html, /<a href="https:\/\/example.com\/a\?b=1&amp;c=2">good<\/a>/);
});

test("a keyword carrying markup stays text in headings", () => {
  const md = `# ${escapeRawHtml("Best <script>x</script> shoes")}\n\n## A`;
  assert.ok(!/<script/i.test(renderHtml(md)));
});

test("parseArticle splits the H1, intro and H2 sections, ignoring fenced code", () => {
  const a = parseArticle(
    "# Title\n\nIntro.\n\n## One\n\nBody 1\n\n```\n## not a heading\n```\n\n## Two\n\nBody 2\n",
  );
  assert.equal(a.h1, "Title");
  assert.equal(a.intro, "Intro.");
  assert.deepEqual(
    a.sections.map((s) => s.heading),
    ["One", "Two"],
  );
  assert.deepEqual(h2Headings("## A\n\n### sub\n\n## B"), ["A", "B"]);
});
