import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  countSequence,
  displayForm,
  languageTools,
  stemSequence,
  termCounts,
  termStems,
} from "./terms.ts";

describe("termCounts", () => {
  const cs = languageTools("cs");

  test("counts stemmed unigrams without stopwords, inflected forms together", () => {
    const c = termCounts("Běžecké boty a běžeckých botách. Boty pro začátečníky.", cs);
    assert.equal(c.unigrams.get("bot"), 3);
    assert.equal(c.unigrams.get("běžeck"), 2);
    assert.equal(c.unigrams.get("začátečník"), 1);
    assert.equal(c.unigrams.has("pro"), false);
    assert.equal(c.words, 8);
  });

  test("bigrams join neighbours only: no stopword, punctuation or sentence end between", () => {
    const c = termCounts("Běžecké boty, trailové boty. Boty tlumí a chrání klouby.", cs);
    assert.deepEqual([...c.bigrams.keys()].sort(), [
      "bot tlum",
      "běžeck bot",
      "chrán kloub",
      "trail bot",
    ]);
  });

  test("numbers and short words are not terms", () => {
    const c = termCounts("Drop 10 mm v roce 2024.", cs);
    assert.deepEqual([...c.unigrams.keys()].sort(), ["drop", "rok"]);
  });

  test("the display form is the most frequent surface form", () => {
    const c = termCounts("boty boty botách", cs);
    assert.equal(displayForm(c.surfaces.get("bot"), "bot"), "boty");
    assert.equal(displayForm(undefined, "fallback"), "fallback");
  });
});

describe("stem sequences", () => {
  const en = languageTools("en");
  test("countSequence counts contiguous, non-overlapping runs", () => {
    assert.equal(countSequence(["a", "b", "a", "b", "a"], ["a", "b"]), 2);
    assert.equal(countSequence(["a", "a", "a"], ["a", "a"]), 1);
    assert.equal(countSequence(["a"], []), 0);
    assert.equal(countSequence([], ["a"]), 0);
  });

  test("a keyword matches its inflected forms", () => {
    const hay = stemSequence("The best running shoe. Running shoes for beginners.", en);
    assert.equal(countSequence(hay, stemSequence("running shoes", en)), 2);
  });

  test("termStems drops stopwords and repeats", () => {
    assert.deepEqual(termStems("shoes for the shoe runners", en), ["shoe", "runner"]);
  });
});
