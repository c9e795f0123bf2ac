import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  DEFAULT_OVERLAP_THRESHOLD,
  type ExistingArticle,
  findOverlaps,
  overlapCoefficient,
} from "./cannibalisation.ts";

const site: ExistingArticle[] = [
  { url: "https://shop.example/stany", title: "Jak vybrat stan" },
  { url: "https://shop.example/bezecke-boty", title: "Nejlepší běžecké boty pro začátečníky" },
  { url: "https://shop.example/trail", title: "Trailové boty do hor" },
  { url: "https://shop.example/ponozky", title: "Běžecké ponožky", keyword: "ponožky na běhání" },
];

describe("findOverlaps", () => {
  test(`"běžecké boty" overlaps "Nejlepší běžecké boty pro začátečníky", not "Jak vybrat stan"`, () => {
    const overlaps = findOverlaps({ keyword: "běžecké boty", language: "cs" }, site);
    assert.deepEqual(overlaps, [
      {
        url: "https://shop.example/bezecke-boty",
        title: "Nejlepší běžecké boty pro začátečníky",
        similarity: 1,
      },
    ]);
  });

  const cases: Array<[string, string, string, ExistingArticle, number]> = [
    ["inflected forms meet", "cs", "běžeckých botách", { url: "a", title: "Běžecké boty" }, 1],
    [
      "a title from a URL slug, without diacritics",
      "cs",
      "běžecké boty",
      { url: "a", title: "nejlepsi bezecke boty" },
      1,
    ],
    ["half the terms", "cs", "běžecké boty", { url: "a", title: "Trailové boty do hor" }, 0.5],
    ["nothing shared", "cs", "běžecké boty", { url: "a", title: "Jak vybrat stan" }, 0],
    [
      "the existing keyword counts too",
      "cs",
      "ponožky na běh",
      { url: "a", title: "Co nosit", keyword: "ponožky na běh" },
      1,
    ],
    [
      "English plurals meet",
      "en",
      "running shoes for beginners",
      { url: "a", title: "The best running shoe for a beginner" },
      1,
    ],
    [
      "two of three",
      "en",
      "running shoes for beginners",
      { url: "a", title: "Trail running shoes" },
      0.667,
    ],
    [
      "a body all about the topic, under another title",
      "en",
      "running shoes",
      {
        url: "a",
        title: "Our spring guide",
        text: "Running shoes matter. Good running shoes fit. Shoes for running last 500 miles. Running daily.",
      },
      0.75,
    ],
  ];
  for (const [name, language, keyword, page, similarity] of cases) {
    test(`${name}: ${similarity}`, () => {
      const found = findOverlaps({ keyword, language }, [page], { threshold: 0 });
      assert.equal(found[0]?.similarity ?? 0, similarity);
    });
  }

  test("results are sorted by similarity, then URL, and cut at the threshold", () => {
    const pages: ExistingArticle[] = [
      { url: "b", title: "Trail running shoes" },
      { url: "c", title: "Running shoes" },
      { url: "a", title: "Running shoes for beginners" },
      { url: "d", title: "Tents" },
    ];
    const candidate = { keyword: "running shoes for beginners", language: "en" };
    assert.deepEqual(
      findOverlaps(candidate, pages).map((o) => [o.url, o.similarity]),
      [
        ["a", 1],
        ["c", 1],
        ["b", 0.667],
      ],
    );
    assert.deepEqual(
      findOverlaps(candidate, pages, { threshold: 0.9 }).map((o) => o.url),
      ["a", "c"],
    );
    assert.equal(DEFAULT_OVERLAP_THRESHOLD, 0.6);
  });

  test("candidate terms widen the candidate's set", () => {
    const page = { url: "a", title: "Tlumení a drop" };
    assert.deepEqual(findOverlaps({ keyword: "běžecké boty", language: "cs" }, [page]), []);
    assert.equal(
      findOverlaps({ keyword: "běžecké boty", language: "cs", terms: ["tlumení", "drop"] }, [
        page,
      ])[0]?.similarity,
      1,
    );
  });

  test("bad input is rejected", () => {
    assert.throws(() => findOverlaps({ keyword: "", language: "cs" }, []), TypeError);
    assert.throws(() => findOverlaps({ keyword: "x", language: "" }, []), TypeError);
    assert.throws(
      () => findOverlaps({ keyword: "x", language: "cs" }, [], { threshold: 2 }),
      RangeError,
    );
  });

  test("overlapCoefficient", () => {
    assert.equal(overlapCoefficient(new Set(["a", "b"]), new Set(["a", "b", "c", "d"])), 1);
    assert.equal(overlapCoefficient(new Set(), new Set(["a"])), 0);
  });
});
