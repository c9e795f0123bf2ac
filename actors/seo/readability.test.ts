import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  bandScore,
  englishSyllables,
  FLESCH_BAND,
  LIX_BAND,
  LIX_BAND_CS,
  readabilityOf,
} from "./readability.ts";
import { COMPETITORS_CS, DRAFT_CS_BALANCED } from "./testing/fixtures-cs.ts";
import { DRAFT_EN_BALANCED } from "./testing/fixtures-en.ts";

describe("englishSyllables", () => {
  const cases: Array<[string, number]> = [
    ["run", 1],
    ["shoes", 1],
    ["running", 2],
    ["cushioning", 3],
    ["made", 1],
    ["table", 2],
    ["used", 1],
    ["beginner", 3],
    ["stability", 4],
    ["yes", 1],
    ["280", 1],
  ];
  for (const [word, n] of cases)
    test(`${word}: ${n}`, () => assert.equal(englishSyllables(word), n));
});

describe("bandScore", () => {
  const cases: Array<[string, number, typeof FLESCH_BAND, number]> = [
    ["Flesch inside the band", 70, FLESCH_BAND, 100],
    ["Flesch at the band's lower edge", 60, FLESCH_BAND, 100],
    ["Flesch halfway to the hard zero", 40, FLESCH_BAND, 50],
    ["Flesch at the hard zero", 20, FLESCH_BAND, 0],
    ["Flesch below the hard zero", 5, FLESCH_BAND, 0],
    ["very easy Flesch keeps most of its score", 100, FLESCH_BAND, 70],
    ["LIX inside the band", 40, LIX_BAND, 100],
    ["LIX too hard", 57.5, LIX_BAND, 50],
    ["LIX far too hard", 80, LIX_BAND, 0],
    ["LIX very easy", 15, LIX_BAND, 70],
    ["Czech LIX 48 is in the Czech band", 48, LIX_BAND_CS, 100],
    ["the same LIX 48 is above the general band", 48, LIX_BAND, 88],
  ];
  for (const [name, value, band, score] of cases) {
    test(`${name}: ${value} → ${score}`, () => assert.equal(bandScore(value, band), score));
  }
});

describe("readabilityOf", () => {
  test("English uses Flesch reading ease, with the formula's value", () => {
    // 2 sentences, 12 words of one syllable each: 206.835 − 1.015 × 6 − 84.6 × 1 = 116.1
    const r = readabilityOf(
      "# Title words\n\nThe cat sat on the mat. A dog ran to the gate.",
      "en",
    );
    assert.equal(r.measure, "flesch-reading-ease");
    assert.equal(r.sentences, 2);
    assert.equal(r.words, 12);
    assert.equal(r.value, 116.1);
  });

  test("Czech uses LIX: words per sentence + 100 × share of words over six letters", () => {
    // 2 sentences, 8 words, 1 longer than six letters (běžecké; vydrží has six): 4 + 12.5
    const r = readabilityOf("Běžecké boty vydrží dlouho. Já běhám rád venku.", "cs");
    assert.equal(r.measure, "lix");
    assert.equal(r.band, LIX_BAND_CS);
    assert.equal(r.words, 8);
    assert.equal(r.value, 16.5);
  });

  test("other languages use LIX with the general band", () => {
    const r = readabilityOf("Die richtigen Laufschuhe sind wichtig. Wir laufen gern.", "de");
    assert.equal(r.measure, "lix");
    assert.equal(r.band, LIX_BAND);
  });

  test("long sentences of long words score lower than short plain ones (en and cs)", () => {
    const plainEn = "We run. It is fun. Shoes help. Buy a pair that fits.";
    const denseEn =
      "Comprehensive biomechanical considerations regarding pronation necessitate individualised evaluation of footwear characteristics, including cushioning, stability and longitudinal flexibility, preferably administered by experienced professionals.";
    assert.ok(readabilityOf(denseEn, "en").score < readabilityOf(plainEn, "en").score);
    const plainCs = "Běhám rád. Boty mám nové. Sedí mi dobře. Jdu ven.";
    const denseCs =
      "Komplexní biomechanické posouzení pronace vyžaduje individualizované vyhodnocení charakteristických vlastností obuvi, zejména tlumicích, stabilizačních a podélných flexibilních parametrů, prováděné zkušenými odborníky.";
    assert.ok(readabilityOf(denseCs, "cs").score < readabilityOf(plainCs, "cs").score);
  });

  test("the balanced fixtures and the Czech competitor pages sit in their bands", () => {
    assert.equal(readabilityOf(DRAFT_EN_BALANCED, "en").score >= 95, true);
    assert.equal(readabilityOf(DRAFT_CS_BALANCED, "cs").score, 100);
    for (const p of COMPETITORS_CS) assert.equal(readabilityOf(p.text, "cs").score, 100, p.url);
  });

  test("an empty body scores 0", () => {
    assert.deepEqual(
      { ...readabilityOf("# Only a heading", "en"), band: undefined },
      {
        measure: "flesch-reading-ease",
        value: 0,
        score: 0,
        band: undefined,
        sentences: 0,
        words: 0,
        wordsPerSentence: 0,
      },
    );
  });
});
