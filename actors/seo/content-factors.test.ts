import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { CompetitorEntity, WeightedTerm } from "./competitors.ts";
import {
  densityScore,
  entityCoverage,
  headingStructure,
  keywordDensity,
  lengthFactor,
  readabilityFactor,
  termCoverage,
} from "./content-factors.ts";
import { languageTools, stemSequence, termCounts } from "./terms.ts";
import { parseMarkdown } from "./tokenise.ts";

const cs = languageTools("cs");
const en = languageTools("en");

function term(t: string, weight: number, display = t): WeightedTerm {
  return { term: t, display, kind: t.includes(" ") ? "bigram" : "unigram", weight, pages: 2 };
}

describe("termCoverage", () => {
  const terms = [
    term("tlumen", 1, "tlumení"),
    term("podrážk", 0.5, "podrážka"),
    term("pronak", 0.3, "pronace"),
    term("karbon desk", 0.2, "karbonová deska"),
  ];
  const cases: Array<[string, string, number, number, string[]]> = [
    [
      "every term, inflected differently",
      "Tlumením a podrážkou. Pronací. Karbonovými deskami.",
      1,
      100,
      [],
    ],
    [
      "the heaviest term only (1 of 2.0)",
      "Dobré tlumení.",
      0.5,
      83,
      ["podrážka", "pronace", "karbonová deska"],
    ],
    [
      "a bigram's words apart do not count",
      "Tlumení, podrážka, pronace, deska je karbonová.",
      0.9,
      100,
      ["karbonová deska"],
    ],
    [
      "nothing",
      "Jiný text o něčem jiném.",
      0,
      0,
      ["tlumení", "podrážka", "pronace", "karbonová deska"],
    ],
  ];
  for (const [name, text, share, score, missing] of cases) {
    test(`${name}: ${share} → ${score}`, () => {
      const r = termCoverage(termCounts(text, cs), terms);
      assert.equal(r.value, share);
      assert.equal(r.score, score);
      assert.deepEqual(r.suggestions, missing);
    });
  }
});

describe("entityCoverage", () => {
  const entities: CompetitorEntity[] = [
    { text: "Brooks Ghost 15", key: "brook ghost 15", pages: 4, source: "competitors" },
    { text: "500 miles", key: "500 mile", pages: 2, source: "competitors" },
    { text: "Achilles tendon", key: "achil tendon", pages: 0, source: "research" },
  ];
  // Weights: 4/4 = 1, 2/4 = 0.5, research 1 → total 2.5.
  const cases: Array<[string, string, number, number]> = [
    ["all", "The Brooks Ghost 15 lasts 500 miles and spares the Achilles tendon.", 1, 100],
    ["a research entity and a name", "brooks ghost 15 spares achilles tendons", 0.8, 100],
    ["one name", "The Brooks Ghost 15 is soft.", 0.4, 67],
    ["parts of a name do not count", "Brooks makes the Ghost.", 0, 0],
  ];
  for (const [name, text, share, score] of cases) {
    test(`${name}: ${share} → ${score}`, () => {
      const r = entityCoverage(stemSequence(text, en), entities, 4);
      assert.equal(r.value, share);
      assert.equal(r.score, score);
    });
  }
});

describe("headingStructure", () => {
  const cases: Array<[string, string, string, number, number]> = [
    [
      "all checks pass",
      "# Běžecké boty pro začátečníky\n## Výběr běžeckých bot\n## Tlumení\n### Drop\n## Velikost",
      "běžecké boty",
      100,
      6,
    ],
    ["no H1", "## Výběr běžeckých bot\n## Tlumení\n## Velikost", "běžecké boty", 100 - 25 - 15, 4],
    [
      "two H1s",
      "# Běžecké boty\n# Běžecké boty znovu\n## Běžecké boty a cena\n## Tlumení\n## Velikost",
      "běžecké boty",
      75,
      5,
    ],
    [
      "two H2s earn two thirds of their points",
      "# Běžecké boty\n## Běžeckou botu vybírejte\n## Tlumení",
      "běžecké boty",
      100 - 20 + 13,
      5,
    ],
    [
      "a skipped level",
      "# Running shoes\n### Fit\n## Running shoes for roads\n## Trails\n## Care",
      "running shoes",
      85,
      5,
    ],
    [
      "the keyword in no H2",
      "# Running shoes guide\n## Fit\n## Trails\n## Care",
      "running shoes",
      85,
      5,
    ],
    [
      "the keyword stuffed into every H2",
      "# Running shoes\n## Running shoes for roads\n## Running shoes for trails\n## Running shoes care",
      "running shoes",
      90,
      5,
    ],
    [
      "a thin draft: one H1 only",
      "# Running shoes\n\nText.",
      "running shoes",
      25 + 15 + 15 + 10,
      4,
    ],
  ];
  for (const [name, md, keyword, score, passed] of cases) {
    test(`${name}: ${score}`, () => {
      const tools = keyword === "running shoes" ? en : cs;
      const r = headingStructure(parseMarkdown(md).headings, keyword, tools);
      assert.equal(r.score, score, r.suggestions.join("; "));
      assert.equal(r.value, passed);
      assert.equal(r.suggestions.length, 6 - passed);
    });
  }
});

describe("lengthFactor", () => {
  const cases: Array<[number, number, number]> = [
    [1000, 1000, 100],
    [800, 1000, 100],
    [1500, 1000, 100],
    [550, 1000, 50],
    [300, 1000, 0],
    [100, 1000, 0],
    [2250, 1000, 75],
    [3000, 1000, 50],
    [9000, 1000, 50],
  ];
  for (const [words, target, score] of cases) {
    test(`${words} words for ${target}: ${score}`, () => {
      const r = lengthFactor(words, target, "requested length");
      assert.equal(r.score, score);
      assert.equal(r.value, words);
    });
  }

  test("suggestions say how many words to add or cut", () => {
    assert.deepEqual(lengthFactor(500, 1000, "x").suggestions, ["add about 300 words"]);
    assert.deepEqual(lengthFactor(2000, 1000, "x").suggestions, ["cut about 500 words"]);
    assert.deepEqual(lengthFactor(1000, 1000, "x").suggestions, []);
  });
});

describe("readabilityFactor", () => {
  test("reports the language's measure and suggests shorter sentences when too hard", () => {
    const hard =
      "Comprehensive biomechanical considerations regarding pronation necessitate individualised evaluation of footwear characteristics, including cushioning, stability and longitudinal flexibility, preferably administered by experienced professionals.";
    const r = readabilityFactor(hard, "en");
    assert.ok(r.score < 50);
    assert.match(r.target, /^Flesch reading ease 60–80$/);
    assert.equal(r.suggestions.length, 1);
    assert.match(readabilityFactor("Běhám rád.", "cs").target, /^LIX 35–50$/);
  });
});

describe("densityScore", () => {
  const cases: Array<[number, number]> = [
    [0, 0],
    [0.25, 50],
    [0.5, 100],
    [1.5, 100],
    [2.5, 100],
    [2.75, 85],
    [3, 70],
    [4, 35],
    [5, 0],
    [12, 0],
  ];
  for (const [d, score] of cases)
    test(`${d} % → ${score}`, () => assert.equal(densityScore(d), score));
});

describe("keywordDensity", () => {
  const filler = (n: number) => Array.from({ length: n }, (_, i) => `slovo${i}`).join(" ");

  test("inflected forms of a Czech keyword count (stem sequences)", () => {
    const md = `# Běžecké boty\n\n${filler(46)} běžeckých botách a běžeckými botami.`;
    const parsed = parseMarkdown(md);
    const r = keywordDensity(stemSequence(parsed.text, cs), parsed.headings, "běžecké boty", cs);
    // 3 occurrences × 2 words / 53 words
    assert.equal(r.value, Math.round((100 * 6 * 100) / 53) / 100);
    assert.equal(r.score, 0);
  });

  const cases: Array<[string, string, number, number]> = [
    ["no keyword", `# Title\n\n${filler(100)}`, 0, 0],
    ["1 % is ideal", `# Running shoes\n\n${filler(198)}`, 1, 100],
    ["8 % is stuffing", `# Running shoes\n\n${filler(46)} running shoes`, 8, 0],
    [
      "three headings that are just the keyword cost 40",
      `# Guide\n\n## Running shoes\n\n${filler(294)}\n\n## Running shoes\n\n## Running Shoes`,
      1.99,
      60,
    ],
    [
      "two exact headings in a long text cost 20",
      `# Guide\n\n## Running shoes\n\n${filler(394)}\n\n## Running shoes`,
      1,
      80,
    ],
  ];
  for (const [name, md, density, score] of cases) {
    test(`${name}: ${density} % → ${score}`, () => {
      const parsed = parseMarkdown(md);
      const r = keywordDensity(stemSequence(parsed.text, en), parsed.headings, "running shoes", en);
      assert.equal(r.value, density);
      assert.equal(r.score, score);
    });
  }
});
