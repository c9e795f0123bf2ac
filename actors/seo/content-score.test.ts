import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  CONTENT_SCORE_VERSION,
  CONTENT_SCORE_WEIGHTS,
  type ContentScoreInput,
  scoreContent,
} from "./content-score.ts";
import {
  COMPETITORS_CS,
  DRAFT_CS_BALANCED,
  DRAFT_CS_STUFFED,
  DRAFT_CS_THIN,
  KEYWORD_CS,
} from "./testing/fixtures-cs.ts";
import {
  COMPETITORS_EN,
  DRAFT_EN_BALANCED,
  DRAFT_EN_STUFFED,
  DRAFT_EN_THIN,
  KEYWORD_EN,
} from "./testing/fixtures-en.ts";

const fixtures = {
  cs: {
    keyword: KEYWORD_CS,
    competitors: COMPETITORS_CS,
    balanced: DRAFT_CS_BALANCED,
    stuffed: DRAFT_CS_STUFFED,
    thin: DRAFT_CS_THIN,
  },
  en: {
    keyword: KEYWORD_EN,
    competitors: COMPETITORS_EN,
    balanced: DRAFT_EN_BALANCED,
    stuffed: DRAFT_EN_STUFFED,
    thin: DRAFT_EN_THIN,
  },
} as const;

function input(language: "cs" | "en", draft: "balanced" | "stuffed" | "thin"): ContentScoreInput {
  const f = fixtures[language];
  return { markdown: f[draft], keyword: f.keyword, language, competitors: [...f.competitors] };
}

const factor = (s: ReturnType<typeof scoreContent>, id: string) =>
  s.factors.find((f) => f.id === id)!;

describe("scoreContent", () => {
  for (const language of ["cs", "en"] as const) {
    test(`${language}: the same input gives the same score and factors`, () => {
      const first = scoreContent(input(language, "balanced"));
      const second = scoreContent(input(language, "balanced"));
      assert.deepEqual(second, first);
      assert.equal(JSON.stringify(second), JSON.stringify(first));
    });

    test(`${language}: a keyword-stuffed draft scores lower than a balanced one`, () => {
      const balanced = scoreContent(input(language, "balanced"));
      const stuffed = scoreContent(input(language, "stuffed"));
      assert.ok(balanced.score >= 85, `balanced ${balanced.score}`);
      assert.ok(stuffed.score < balanced.score - 20, `stuffed ${stuffed.score}`);
      assert.equal(factor(stuffed, "keyword-density").score, 0);
      assert.ok(factor(stuffed, "term-coverage").score < factor(balanced, "term-coverage").score);
    });

    test(`${language}: a thin draft scores lower than a full one`, () => {
      const full = scoreContent(input(language, "balanced"));
      const thin = scoreContent(input(language, "thin"));
      assert.ok(thin.score < 40, `thin ${thin.score}`);
      assert.ok(thin.score < full.score);
      assert.equal(factor(thin, "length").score, 0);
      assert.ok(factor(thin, "headings").score < factor(full, "headings").score);
    });

    test(`${language}: the score is an integer 0–100, weights add up to 1, factors in a fixed order`, () => {
      for (const draft of ["balanced", "stuffed", "thin"] as const) {
        const s = scoreContent(input(language, draft));
        assert.ok(Number.isInteger(s.score) && s.score >= 0 && s.score <= 100);
        assert.deepEqual(
          s.factors.map((f) => f.id),
          [
            "term-coverage",
            "entity-coverage",
            "headings",
            "length",
            "readability",
            "keyword-density",
          ],
        );
        const sum = s.factors.reduce((a, f) => a + f.weight, 0);
        assert.ok(Math.abs(sum - 1) < 0.005, `${sum}`);
        for (const f of s.factors)
          assert.ok(Number.isInteger(f.score) && f.score >= 0 && f.score <= 100);
        const recomputed = s.factors.reduce((a, f) => a + f.weight * f.score, 0);
        assert.ok(Math.abs(recomputed - s.score) <= 1, `${recomputed} vs ${s.score}`);
      }
    });
  }

  test("competitor order does not change the score", () => {
    const a = scoreContent(input("cs", "balanced"));
    const b = scoreContent({
      ...input("cs", "balanced"),
      competitors: [...COMPETITORS_CS].reverse(),
    });
    assert.equal(b.score, a.score);
    assert.deepEqual(
      b.factors.map((f) => [f.id, f.score, f.value]),
      a.factors.map((f) => [f.id, f.score, f.value]),
    );
  });

  test("without competitors, coverage is not applicable and the other weights fill 100", () => {
    const s = scoreContent({ ...input("cs", "balanced"), competitors: [], wordCountTarget: 400 });
    const terms = factor(s, "term-coverage");
    assert.deepEqual(
      [terms.applicable, terms.weight, terms.value, terms.score],
      [false, 0, null, 0],
    );
    assert.match(terms.detail, /^not applicable/);
    assert.equal(factor(s, "entity-coverage").applicable, false);
    const applicable = 15 + 15 + 15 + 20;
    assert.equal(factor(s, "headings").weight, Math.round((1000 * 15) / applicable) / 1000);
    assert.equal(factor(s, "keyword-density").weight, Math.round((1000 * 20) / applicable) / 1000);
    assert.match(factor(s, "length").target, /requested length: 400/);
    assert.ok(s.score >= 90, `${s.score}`);
  });

  test("without competitors, research entities still count", () => {
    const s = scoreContent({
      ...input("en", "balanced"),
      competitors: [],
      entities: ["Brooks Ghost 15", "Gore-Tex"],
    });
    const e = factor(s, "entity-coverage");
    assert.equal(e.applicable, true);
    assert.equal(e.value, 0.5);
    assert.deepEqual(e.suggestions, ["Gore-Tex"]);
  });

  test("without competitors or a requested length, length is not applicable", () => {
    const s = scoreContent({ ...input("en", "balanced"), competitors: [] });
    assert.equal(factor(s, "length").applicable, false);
    assert.equal(s.factors.filter((f) => f.applicable).length, 3);
  });

  test("the competitors' median wins over the requested length", () => {
    const s = scoreContent({ ...input("en", "balanced"), wordCountTarget: 5000 });
    assert.match(factor(s, "length").target, /competitors' median/);
  });

  test("a stuffed draft's suggestions say what to fix", () => {
    const s = scoreContent(input("cs", "stuffed"));
    assert.deepEqual(factor(s, "keyword-density").suggestions, [
      'use "běžecké boty" less often; vary the wording',
      '4 headings are just "běžecké boty": reword them',
    ]);
    assert.ok(factor(s, "term-coverage").suggestions.length > 0);
  });

  test("the weights and version are pinned: change one, bump the other", () => {
    assert.deepEqual(CONTENT_SCORE_WEIGHTS, {
      "term-coverage": 25,
      "entity-coverage": 10,
      headings: 15,
      length: 15,
      readability: 15,
      "keyword-density": 20,
    });
    assert.equal(CONTENT_SCORE_VERSION, "1");
    assert.equal(scoreContent(input("en", "thin")).version, "1");
  });

  test("an empty draft scores low but does not throw", () => {
    const s = scoreContent({ ...input("en", "balanced"), markdown: "" });
    assert.ok(s.score <= 10, `${s.score}`);
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ["a missing keyword", { ...input("en", "thin"), keyword: " " }, /keyword/],
    ["a bad language", { ...input("en", "thin"), language: "English!" }, /language/],
    ["competitors not an array", { ...input("en", "thin"), competitors: null }, /competitors/],
    ["a zero word count target", { ...input("en", "thin"), wordCountTarget: 0 }, /wordCountTarget/],
    ["markdown not a string", { ...input("en", "thin"), markdown: 42 }, /markdown/],
  ];
  for (const [name, value, message] of bad) {
    test(`${name} is rejected with a message naming the field`, () => {
      assert.throws(() => scoreContent(value as ContentScoreInput), message);
    });
  }
});
