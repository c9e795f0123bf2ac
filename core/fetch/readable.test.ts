import assert from "node:assert/strict";
import { test } from "node:test";
import { CS_FIXTURE_PAGES } from "../../loadtest/search-emulator/pages/fixtures-cs.ts";
import { EN_FIXTURE_PAGES } from "../../loadtest/search-emulator/pages/fixtures-en.ts";
import { generatePage } from "../../loadtest/search-emulator/pages/generated.ts";
import { renderPage } from "../../loadtest/search-emulator/pages/render.ts";
import { extractReadable } from "./readable.ts";

const BOILERPLATE = {
  en: [
    "cookies",
    "Accept all",
    "All rights reserved",
    "Popular this week",
    "Newsletter",
    "Gear reviews",
    "affiliate links",
    "Privacy policy",
  ],
  cs: [
    "cookies",
    "Přijmout vše",
    "Všechna práva vyhrazena",
    "Tento týden se čte",
    "Odebírat",
    "Recenze vybavení",
    "affiliate",
    "Ochrana osobních údajů",
  ],
};

for (const page of [...EN_FIXTURE_PAGES, ...CS_FIXTURE_PAGES]) {
  test(`readable (${page.lang}): ${page.slug} keeps the article and drops the boilerplate`, () => {
    const url = `https://example.test/pages/${page.lang}/${page.slug}.html`;
    const r = extractReadable(renderPage(page, url), url);
    assert.equal(r.url, url);
    assert.equal(r.lang, page.lang);
    assert.equal(r.title, page.title, "the title without the site name");
    assert.deepEqual(r.headings[0], { level: 1, text: page.h1 });
    const h2s = r.headings.filter((h) => h.level === 2).map((h) => h.text);
    assert.deepEqual(h2s, [...page.sections.map((s) => s.heading), page.faqTitle]);
    const h3s = r.headings.filter((h) => h.level === 3).map((h) => h.text);
    for (const sub of page.sections.flatMap((s) => s.subsections ?? []))
      assert.ok(h3s.includes(sub.heading), sub.heading);
    for (const f of page.faq) assert.ok(r.questions.includes(f.q), `FAQ question: ${f.q}`);
    for (const p of [...page.intro, ...page.sections.flatMap((s) => s.paragraphs)]) {
      assert.ok(r.text.includes(p), `paragraph kept: ${p.slice(0, 40)}`);
    }
    for (const b of BOILERPLATE[page.lang])
      assert.ok(!r.text.includes(b), `boilerplate dropped: ${b}`);
    assert.ok(!r.text.includes(page.author), "the byline is not text");
    assert.ok(r.text.includes("\n\n"), "paragraphs stay apart");
    assert.equal(r.excerpt, page.description);
    assert.ok(r.wordCount > 150, `${r.wordCount} words`);
  });
}

test("readable: pages of different lengths have different word counts", () => {
  const counts = EN_FIXTURE_PAGES.map(
    (p) => extractReadable(renderPage(p, "https://x.test/"), "https://x.test/").wordCount,
  );
  assert.equal(new Set(counts).size, counts.length);
  assert.ok(Math.max(...counts) > 2 * Math.min(...counts), `lengths differ: ${counts}`);
});

test("readable: generated Czech pages keep their diacritics and questions", () => {
  const page = generatePage("cs", "kávovar na doma", "otazky");
  assert.ok(page);
  const r = extractReadable(renderPage(page, "https://x.test/"), "https://x.test/");
  assert.equal(r.lang, "cs");
  assert.match(r.title, /^Kávovar na doma: odpovědi na 6 nejčastějších otázek$/);
  assert.equal(r.questions.length, 6);
  assert.ok(r.questions.every((q) => q.endsWith("?") && q.includes("„kávovar na doma“")));
});

test("readable: questions come from headings and from sentences ending in a question mark", () => {
  const html = `<html lang="en"><head><title>Q</title></head><body><article><h1>Guide</h1>
    <p>${"Some context about the topic that makes this a real article. ".repeat(8)}Is this a question? It is. Why would anyone ask that?</p>
    <h2>What does it cost?</h2><p>${"Prices vary a lot between shops and seasons. ".repeat(8)}</p></article></body></html>`;
  const r = extractReadable(html, "https://x.test/q");
  assert.deepEqual(r.questions, [
    "What does it cost?",
    "Is this a question?",
    "Why would anyone ask that?",
  ]);
});

test("readable: odd HTML never throws", () => {
  for (const html of [
    "",
    "plain text, no tags",
    "<p>one short paragraph</p>",
    "<html><body><nav>menu</nav></body></html>",
    "<<<>>>",
    '<html lang=""><body><h1></h1></body></html>',
  ]) {
    const r = extractReadable(html, "https://x.test/");
    assert.equal(typeof r.text, "string");
    assert.equal(typeof r.title, "string");
    assert.ok(Array.isArray(r.headings) && Array.isArray(r.questions));
    assert.ok(r.wordCount >= 0);
  }
  const menuOnly = extractReadable(
    "<html><body><nav>Home About</nav><p>Real words here.</p><footer>© Co</footer></body></html>",
    "https://x.test/",
  );
  assert.equal(menuOnly.text, "Real words here.");
  assert.equal(menuOnly.lang, undefined);
});
