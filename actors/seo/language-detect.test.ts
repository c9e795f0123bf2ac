import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  bcp47FromIso6393,
  checkLanguage,
  DEFAULT_MIN_WORDS,
  detectLanguage,
} from "./language-detect.ts";
import { DRAFT_CS_BALANCED, PARAGRAPH_CS, PARAGRAPH_SK } from "./testing/fixtures-cs.ts";
import { DRAFT_EN_BALANCED, PARAGRAPH_DE, PARAGRAPH_EN } from "./testing/fixtures-en.ts";

/** The sections of a Markdown article: the intro and each `##` section. */
function sections(markdown: string): { id: string; text: string }[] {
  return markdown.split(/\n(?=## )/).map((text, i) => ({ id: `section-${i}`, text }));
}

describe("detectLanguage", () => {
  const cases: Array<[string, string, string]> = [
    ["a Czech paragraph", PARAGRAPH_CS, "cs"],
    ["an English paragraph", PARAGRAPH_EN, "en"],
    ["a German paragraph", PARAGRAPH_DE, "de"],
    ["a Slovak paragraph (franc-min has no Slovak model)", PARAGRAPH_SK, "sk"],
    [
      "a short Czech sentence franc alone takes for Serbian",
      "Boty zkoušejte odpoledne, kdy je noha po celém dni oteklá.",
      "cs",
    ],
    [
      "a short Slovak sentence franc alone takes for Croatian",
      "Topánky skúšajte popoludní, keď je noha po celom dni opuchnutá, a vezmite si bežecké ponožky.",
      "sk",
    ],
    [
      "Polish stays Polish",
      "Właściwe buty do biegania decydują o tym, czy bieganie będzie sprawiać ci przyjemność, czy po pierwszych tygodniach skończysz z bólem kolan.",
      "pl",
    ],
    [
      "Markdown syntax and links do not count",
      "## Tlumení\n\nTlumení **chrání** [klouby](https://example.com/knees-and-joints) při každém dopadu a začátečníci s vyšší hmotností ocení výraznější tlumení [1].",
      "cs",
    ],
  ];
  for (const [name, text, expected] of cases) {
    test(`${name} is ${expected}`, () => assert.equal(detectLanguage(text)?.language, expected));
  }

  test(`a text under ${DEFAULT_MIN_WORDS} words is not judged`, () => {
    assert.equal(detectLanguage("Tréninkové boty vydrží přibližně 600 až 800 km."), undefined);
    assert.equal(detectLanguage(""), undefined);
    assert.equal(detectLanguage("12345 67890 !!! ???"), undefined);
  });

  test("minWords can be lowered and must be at least 1", () => {
    assert.equal(detectLanguage("Try shoes on in the afternoon.", { minWords: 5 })?.language, "en");
    assert.throws(() => detectLanguage("text", { minWords: 0 }), RangeError);
  });

  test("confidence is 0–1 and Croatian letters keep South Slavic languages out of the Czech rule", () => {
    const hr = detectLanguage(
      "Pravilne tenisice za trčanje odlučuju hoće li vam trčanje biti zabavno ili ćete nakon prvih tjedana završiti s bolovima u koljenima.",
    );
    assert.ok(hr && ["hr", "sr", "bs"].includes(hr.language), JSON.stringify(hr));
    for (const text of [PARAGRAPH_CS, PARAGRAPH_EN, PARAGRAPH_SK]) {
      const c = detectLanguage(text)!.confidence;
      assert.ok(c >= 0 && c <= 1, `${c}`);
    }
  });

  test("ISO 639-3 codes map to BCP 47 subtags, unknown ones stay", () => {
    assert.deepEqual(
      ["ces", "slk", "eng", "deu", "pol", "fra", "spa", "ita", "ceb"].map(bcp47FromIso6393),
      ["cs", "sk", "en", "de", "pl", "fr", "es", "it", "ceb"],
    );
  });
});

describe("checkLanguage", () => {
  test("every section of the Czech and the English article passes", () => {
    const cs = checkLanguage(sections(DRAFT_CS_BALANCED), "cs");
    assert.equal(cs.ok, true, JSON.stringify(cs));
    assert.ok(cs.parts.every((p) => p.detected === "cs"));
    const en = checkLanguage(sections(DRAFT_EN_BALANCED), "en-GB");
    assert.equal(en.ok, true, JSON.stringify(en));
  });

  test("a section in the wrong language fails, and only that one", () => {
    const parts = [
      ...sections(DRAFT_CS_BALANCED),
      { id: "faq", text: PARAGRAPH_EN },
      { id: "meta-description", text: PARAGRAPH_DE },
    ];
    const result = checkLanguage(parts, "cs");
    assert.equal(result.ok, false);
    assert.deepEqual(
      result.parts.filter((p) => !p.ok).map((p) => [p.id, p.detected]),
      [
        ["faq", "en"],
        ["meta-description", "de"],
      ],
    );
  });

  test("a Slovak section in a Czech article fails, and Slovak passes where Slovak is expected", () => {
    const inCzech = checkLanguage([{ id: "s1", text: PARAGRAPH_SK }], "cs");
    assert.equal(inCzech.ok, false);
    assert.equal(inCzech.parts[0]!.detected, "sk");
    assert.equal(checkLanguage([{ id: "s1", text: PARAGRAPH_SK }], "sk").ok, true);
    assert.equal(checkLanguage([{ id: "s1", text: PARAGRAPH_CS }], "sk").ok, false);
  });

  test("Czech/Slovak text with too little telling evidence passes for either", () => {
    // One Czech letter (ů in domů) and no telling function word: under the 2-point minimum.
    const shared =
      "Na horách je zima a v údolí prší, tak si vezmi teplou bundu, čepici a rukavice na cestu domů.";
    assert.equal(checkLanguage([{ id: "a", text: shared }], "cs").ok, true);
    assert.equal(checkLanguage([{ id: "a", text: shared }], "sk").ok, true);
    assert.deepEqual(detectLanguage(shared), {
      language: "cs",
      confidence: 0,
      alternatives: ["sk"],
    });
  });

  test("short parts are not judged: no detected language, ok, with their word count", () => {
    const result = checkLanguage(
      [
        { id: "title", text: "Running shoes for beginners" },
        { id: "body", text: PARAGRAPH_CS },
      ],
      "cs",
    );
    assert.equal(result.ok, true);
    assert.deepEqual(result.parts[0], { id: "title", ok: true, words: 4 });
  });

  test("an empty expected language is a TypeError", () => {
    assert.throws(() => checkLanguage([], ""), TypeError);
  });
});
