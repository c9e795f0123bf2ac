import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  containsKeyword,
  countWords,
  fitMetaDescription,
  fitTitle,
  keywordDensity,
  MAX_META_LENGTH,
  MAX_TITLE_LENGTH,
} from "./text.ts";

describe("fitTitle", () => {
  const cases: Array<[string, string, string]> = [
    ["a good title is kept", "Trail running shoes: how to choose", "trail running shoes"],
    [
      "a long title containing the keyword early is cut at a word",
      "Trail running shoes: the complete guide to choosing, fitting and caring for them",
      "trail running shoes",
    ],
    [
      "a title without the keyword gets it in front",
      "How to choose the right pair",
      "trail running shoes",
    ],
    [
      "a long title with the keyword late keeps the keyword",
      "Everything beginners and experts should know before they buy trail running shoes",
      "trail running shoes",
    ],
    ["an empty title becomes the keyword", "", "běžecké boty"],
    [
      "Czech keeps diacritics",
      "Jak vybrat běžecké boty pro začátečníky a pokročilé běžce v terénu",
      "běžecké boty",
    ],
  ];
  for (const [what, title, keyword] of cases) {
    test(what, () => {
      const t = fitTitle(title, keyword);
      assert.ok(t.length <= MAX_TITLE_LENGTH, `${t.length}: ${t}`);
      assert.ok(containsKeyword(t, keyword), t);
      assert.ok(!/[\s,:;–-]$/.test(t), `dangling punctuation: ${t}`);
    });
  }

  test("a keyword longer than the limit is cut, never crashes", () => {
    const t = fitTitle(
      "x",
      "an extraordinarily long keyword phrase that cannot fit in sixty characters at all",
    );
    assert.ok(t.length <= MAX_TITLE_LENGTH);
    assert.ok(t.length > 20);
  });
});

describe("fitMetaDescription", () => {
  test("cuts at a word, marks the cut, keeps the keyword", () => {
    const m = fitMetaDescription(
      `Trail running shoes ${"compared and explained ".repeat(12)}`,
      "trail running shoes",
    );
    assert.ok(m.length <= MAX_META_LENGTH, String(m.length));
    assert.ok(m.endsWith("…"));
    assert.ok(containsKeyword(m, "trail running shoes"));
  });
  test("adds a missing keyword", () => {
    assert.ok(
      containsKeyword(fitMetaDescription("Short and sweet.", "trail shoes"), "trail shoes"),
    );
  });
});

describe("countWords and keywordDensity", () => {
  test("ignore Markdown syntax", () => {
    assert.equal(countWords("# Title\n\n- **one** two\n- [three](http://x)"), 4);
    assert.equal(countWords(""), 0);
  });
  test("density counts the phrase times its words over all words", () => {
    const md = "trail shoes are good. I like trail shoes. " + "word ".repeat(12);
    assert.equal(countWords(md), 20);
    assert.equal(keywordDensity(md, "trail shoes"), (2 * 2) / 20);
  });
});
