import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { hasStemmer, stemmerFor } from "./stem.ts";
import { stemCzech } from "./stem-cs.ts";

describe("Czech light stemmer: inflections of one word meet", () => {
  const groups: string[][] = [
    ["bota", "boty", "botách", "botami", "botou", "botám", "botě"],
    [
      "běžecký",
      "běžecké",
      "běžeckých",
      "běžeckou",
      "běžeckým",
      "běžeckými",
      "běžeckého",
      "běžecká",
      "běžeckém",
      "běžečtí",
    ],
    [
      "trénink",
      "tréninku",
      "tréninkem",
      "tréninky",
      "tréninků",
      "trénincích",
      "tréninkům",
      "tréninkách",
      "tréninkovi",
    ],
    [
      "začátečník",
      "začátečníky",
      "začátečníků",
      "začátečníkům",
      "začátečníci",
      "začátečnících",
      "začátečníkem",
    ],
    ["nejlepší", "nejlepších", "nejlepšími", "nejlepším"],
    ["ruka", "ruce", "ruku", "rukou"],
    ["noha", "noze", "nohy", "nohou"],
    ["sestra", "sestře", "sestry", "sestrou"],
    ["stan", "stanu", "stany", "stanech", "stanem"],
    ["podrážka", "podrážky", "podrážce", "podrážkou"],
    ["mokrý", "mokré", "mokrém", "mokrých"],
    ["Novákův", "Novák"],
  ];
  for (const forms of groups) {
    test(`${forms.join(", ")} share one stem`, () => {
      const stems = new Set(forms.map(stemCzech));
      assert.equal(stems.size, 1, `stems: ${[...stems].join(", ")}`);
    });
  }
});

describe("Czech light stemmer: distinct words stay distinct", () => {
  const pairs: Array<[string, string]> = [
    ["bota", "bod"],
    ["stan", "stanice"],
    ["běžecký", "běžec"],
    ["trénink", "trenér"],
    ["les", "lesk"],
    ["kolo", "kolej"],
    ["boty", "body"],
    ["závod", "závodník"],
  ];
  for (const [a, b] of pairs) {
    test(`${a} ≠ ${b}`, () => assert.notEqual(stemCzech(a), stemCzech(b)));
  }
});

describe("stemmerFor", () => {
  const cases: Array<[string, string, string]> = [
    ["en", "running", "run"],
    ["en-GB", "Shoes", "shoe"],
    ["en", "runner's", "runner"],
    ["en", "trail-running", "trail-run"],
    ["en", "3,5", "3,5"],
    ["cs", "Botách", "bot"],
    ["cs-CZ", "e-mailem", "e-mail"],
    ["cs", "2024", "2024"],
    ["de", "Laufschuhe", "laufschuhe"],
    ["tr", "İSTANBUL", "istanbul"],
  ];
  for (const [lang, word, stem] of cases) {
    test(`${lang}: ${word} → ${stem}`, () => assert.equal(stemmerFor(lang)(word), stem));
  }

  test("only English and Czech have real stemmers", () => {
    assert.deepEqual(["en", "cs", "sk", "de"].map(hasStemmer), [true, true, false, false]);
  });
});
