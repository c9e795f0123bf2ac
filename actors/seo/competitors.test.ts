import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { analyseCompetitors, type CompetitorPage, jaccard, median } from "./competitors.ts";
import { COMPETITORS_CS, KEYWORD_CS } from "./testing/fixtures-cs.ts";
import { COMPETITORS_EN, KEYWORD_EN } from "./testing/fixtures-en.ts";

function page(url: string, text: string, headings: [number, string][] = []): CompetitorPage {
  return {
    url,
    title: "",
    text,
    headings: headings.map(([level, t]) => ({ level, text: t })),
    wordCount: text.split(/\s+/).length,
  };
}

describe("median", () => {
  const cases: Array<[number[], number | undefined]> = [
    [[], undefined],
    [[0, 0], undefined],
    [[300], 300],
    [[100, 300, 200], 200],
    [[100, 200, 301, 400], 251],
    [[500, 0, 100], 300],
  ];
  for (const [values, expected] of cases) {
    test(`median of [${values}] is ${expected}`, () => assert.equal(median(values), expected));
  }
});

describe("analyseCompetitors: terms", () => {
  test("terms on two or more pages are kept, a term on one page is not", () => {
    const a = analyseCompetitors(
      [
        page("a", "Tlumení chrání klouby. Podrážka drží."),
        page("b", "Tlumení je měkké. Podrážka klouže."),
        page("c", "Karbonová deska je tuhá."),
      ],
      { language: "cs" },
    );
    const terms = a.terms.map((t) => t.term);
    assert.ok(terms.includes("tlumen"));
    assert.ok(terms.includes("podrážk"));
    assert.ok(!terms.includes("karbonov"));
  });

  test("a term on more pages weighs more than one used as often on fewer", () => {
    const a = analyseCompetitors(
      [
        page("a", "cushioning matters. outsole grip. outsole wear."),
        page("b", "cushioning matters. outsole grip."),
        page("c", "cushioning matters. plain words here."),
      ],
      { language: "en" },
    );
    const w = Object.fromEntries(a.terms.map((t) => [t.term, t.weight]));
    assert.equal(w["cushion"], 1);
    assert.ok(w["outsol"]! < w["cushion"]!);
  });

  test("inflected forms on different pages count as one term (Czech stemming)", () => {
    const a = analyseCompetitors([page("a", "Vyberte podrážku."), page("b", "Podrážky se liší.")], {
      language: "cs",
    });
    assert.deepEqual(
      a.terms.filter((t) => t.term === "podrážk").map((t) => [t.pages, t.display]),
      [[2, "podrážku"]],
    );
  });

  test("the keyword's own stems are left out", () => {
    const a = analyseCompetitors(COMPETITORS_CS, { language: "cs", keyword: KEYWORD_CS });
    const terms = a.terms.map((t) => t.term);
    assert.ok(!terms.includes("bot") && !terms.includes("běžeck") && !terms.includes("běžeck bot"));
    assert.ok(terms.includes("tlumen"), terms.join(", "));
  });

  test("on the fixtures: weights are 0–1 and sorted, the top term weighs 1, both kinds appear", () => {
    for (const [pages, keyword, lang] of [
      [COMPETITORS_CS, KEYWORD_CS, "cs"],
      [COMPETITORS_EN, KEYWORD_EN, "en"],
    ] as const) {
      const a = analyseCompetitors(pages, { language: lang, keyword });
      assert.equal(a.terms[0]!.weight, 1);
      for (let i = 1; i < a.terms.length; i++) {
        assert.ok(a.terms[i]!.weight <= a.terms[i - 1]!.weight);
        assert.ok(a.terms[i]!.weight > 0 && a.terms[i]!.pages >= 2);
      }
      assert.ok(a.terms.some((t) => t.kind === "bigram"));
      assert.ok(a.terms.filter((t) => t.kind === "unigram").length <= 40);
      assert.ok(a.terms.filter((t) => t.kind === "bigram").length <= 20);
    }
  });

  test("with a single page every term of it is kept", () => {
    const a = analyseCompetitors([page("a", "Tlumení chrání klouby.")], { language: "cs" });
    assert.deepEqual(a.terms.map((t) => t.term).sort(), [
      "chrán",
      "chrán kloub",
      "kloub",
      "tlumen",
      "tlumen chrán",
    ]);
  });

  test("no pages: nothing to weigh, no median", () => {
    const a = analyseCompetitors([], { language: "cs" });
    assert.deepEqual(a, {
      pages: 0,
      terms: [],
      entities: [],
      headings: [],
      questions: [],
      medianWordCount: undefined,
    });
  });

  test("a malformed page is a TypeError naming it", () => {
    assert.throws(
      () => analyseCompetitors([{ url: "x" } as unknown as CompetitorPage], { language: "en" }),
      /pages\[0\]/,
    );
  });
});

describe("analyseCompetitors: entities", () => {
  test("capitalised names, numbers with units and research entities", () => {
    const a = analyseCompetitors(
      [
        page("a", "We like the Brooks Ghost 15 a lot. It weighs 280 g and costs $120. Ask Garmin."),
        page(
          "b",
          "The Brooks Ghost 15 is soft. Mine weighs 280 g, costs $120. You can ask Garmin too.",
        ),
      ],
      { language: "en", entities: ["Achilles tendon", "brooks ghost 15"] },
    );
    assert.deepEqual(
      a.entities.map((e) => [e.text, e.pages, e.source]),
      [
        ["Achilles tendon", 0, "research"],
        ["Brooks Ghost 15", 2, "competitors"],
        ["280 g", 2, "competitors"],
        ["$120", 2, "competitors"],
        ["Garmin", 2, "competitors"],
      ],
    );
  });

  test("sentence-initial capitals and leading stopwords are not names", () => {
    const a = analyseCompetitors(
      [
        page("a", "Running helps. The Nike Pegasus 40 is light."),
        page("b", "Running helps. The Nike Pegasus 40 is fast."),
      ],
      { language: "en" },
    );
    assert.deepEqual(
      a.entities.map((e) => e.text),
      ["Nike Pegasus 40"],
    );
  });

  test("Czech names match in any case form across pages", () => {
    const a = analyseCompetitors(
      [
        page("a", "Boty chrání Achillovu šlachu. Vydrží 800 km."),
        page("b", "Drop zatěžuje Achillovy šlachy. Vydrží 800 km."),
      ],
      { language: "cs", entities: ["Achillova šlacha"] },
    );
    assert.deepEqual(
      a.entities.map((e) => [e.key, e.pages]),
      [
        ["achill šlach", 2],
        ["achill", 2],
        ["800 km", 2],
      ],
    );
  });
});

describe("analyseCompetitors: headings, questions, length", () => {
  test("similar headings on several pages are grouped, the keyword does not make them similar", () => {
    const a = analyseCompetitors(COMPETITORS_EN, { language: "en", keyword: KEYWORD_EN });
    assert.deepEqual(
      a.headings.map((h) => [h.text, h.pages]),
      [
        ["Road or trail?", 2],
        ["How should running shoes fit?", 2],
        ["How long do running shoes last?", 2],
      ],
    );
  });

  test("questions come from headings and from short questions in the text", () => {
    const a = analyseCompetitors(
      [
        page("a", "Shoes matter. Do I need trail shoes? Yes, on roots.", [
          [2, "How long do shoes last?"],
        ]),
        page("b", "Do you need trail shoes? Only off road.", [[2, "When to replace shoes"]]),
      ],
      { language: "en" },
    );
    assert.deepEqual(
      a.questions.map((q) => [q.text, q.pages]),
      [
        ["Do I need trail shoes?", 2],
        ["How long do shoes last?", 1],
      ],
    );
  });

  test("the median word count of the fixtures", () => {
    const a = analyseCompetitors(COMPETITORS_CS, { language: "cs" });
    const counts = COMPETITORS_CS.map((p) => p.wordCount).sort((x, y) => x - y);
    assert.equal(a.medianWordCount, Math.round((counts[1]! + counts[2]!) / 2));
  });

  test("jaccard", () => {
    assert.equal(jaccard(new Set(["a", "b"]), new Set(["b", "c"])), 1 / 3);
    assert.equal(jaccard(new Set(), new Set()), 0);
  });
});
