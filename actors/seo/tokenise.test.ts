import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  lowerCase,
  markdownToText,
  paragraphs,
  parseMarkdown,
  sentences,
  stripInlineMarkdown,
  words,
  wordTokens,
} from "./tokenise.ts";

describe("words", () => {
  const cases: Array<[string, string, string | undefined, string[]]> = [
    ["Czech letters stay whole", "Příliš žluťoučký kůň", "cs", ["příliš", "žluťoučký", "kůň"]],
    [
      "apostrophes join a word",
      "Don’t buy a runner's shoes",
      "en",
      ["don't", "buy", "a", "runner's", "shoes"],
    ],
    [
      "hyphens join a word",
      "An e-mail about trail-running",
      "en",
      ["an", "e-mail", "about", "trail-running"],
    ],
    ["dashes and quotes separate", "boty – „nejlepší“ (2024)", "cs", ["boty", "nejlepší", "2024"]],
    [
      "decimal numbers are one word",
      "drop 3,5 mm or 1.5 km",
      "en",
      ["drop", "3,5", "mm", "or", "1.5", "km"],
    ],
    [
      "a trailing hyphen or apostrophe is not part of a word",
      "boty- a 'pata'",
      "cs",
      ["boty", "a", "pata"],
    ],
    ["Turkish dotted capital I lower-cases by locale", "İSTANBUL", "tr", ["istanbul"]],
    ["decomposed accents are composed first", "be\u030Cz\u030Ceck\u00E9", "cs", ["běžecké"]],
  ];
  for (const [name, text, lang, expected] of cases) {
    test(name, () => assert.deepEqual(words(text, lang), expected));
  }

  test("wordTokens keeps the case", () => {
    assert.deepEqual(wordTokens("Nike Pegasus 40"), ["Nike", "Pegasus", "40"]);
  });

  test("a malformed language tag falls back to plain lower-casing", () => {
    assert.equal(lowerCase("ABC", "not a tag!"), "abc");
  });

  test("Turkic and Lithuanian casing keep their rules; other languages lower-case as the locale would", () => {
    assert.equal(lowerCase("DİYARBAKIR", "tr"), "diyarbakır");
    assert.equal(lowerCase("I", "az-Latn"), "ı");
    assert.equal(lowerCase("I", "en"), "i");
    assert.equal(lowerCase("Ì", "lt"), "i\u0307\u0300");
    assert.equal(lowerCase("tr", "tr"), "tr");
    assert.equal(lowerCase("trI", "trx"), "tri", "a tag merely starting with tr is not Turkish");
    for (const [text, lang] of [
      ["ŽLUŤOUČKÝ KŮŇ ÚPĚL ĎÁBELSKÉ ÓDY", "cs"],
      ["STRASSE ÄÖÜ ẞ", "de"],
      ["ÉCOLE ÇA", "fr-CA"],
      ["ΟΔΥΣΣΕΥΣ", "el"],
    ] as const) {
      assert.equal(lowerCase(text, lang), text.toLocaleLowerCase(lang), `${lang}: ${text}`);
    }
  });
});

describe("stripInlineMarkdown", () => {
  const cases: Array<[string, string, string]> = [
    ["a link keeps its text", "see [our guide](https://x.example/a_b) now", "see our guide now"],
    ["a reference link keeps its text", "see [the guide][1] now", "see the guide now"],
    ["an image goes", "![a shoe](shoe.png) Shoes", "Shoes"],
    ["inline code goes", "run `npm ci` first", "run first"],
    [
      "citation markers go",
      "Boty vydrží 800 km [1][2]. Podle [3, 4] méně.",
      "Boty vydrží 800 km . Podle méně.",
    ],
    ["footnote markers go", "text[^note] more", "text more"],
    ["emphasis markers go", "**bold**, *it*, __b__, _i_, ~~gone~~", "bold, it, b, i, gone"],
    ["underscores inside a word stay", "snake_case_name", "snake_case_name"],
    ["bare URLs go", "visit https://example.com/x?y=1 today", "visit today"],
    ["HTML tags go, their text stays", "a <strong>b</strong> c", "a b c"],
    ["entities are decoded", "A&amp;B&nbsp;C &#353;", "A&B C š"],
  ];
  for (const [name, input, expected] of cases) {
    test(name, () => assert.equal(stripInlineMarkdown(input), expected));
  }
});

describe("parseMarkdown", () => {
  const md = [
    "# Běžecké boty",
    "",
    "Úvodní odstavec,",
    "pokračuje na druhém řádku.",
    "",
    "## Výběr ##",
    "",
    "- první položka",
    "- druhá položka",
    "  s pokračováním",
    "",
    "```ts",
    "const code = 1;",
    "```",
    "",
    "> citát",
    "",
    "| Model | Cena |",
    "|---|---:|",
    "| Ghost | 3 500 Kč |",
    "",
    "Setext nadpis",
    "-------------",
    "",
    "---",
    "",
    "[1]: https://example.com",
    "<!-- komentář -->",
    "### Třetí úroveň",
  ].join("\n");
  const parsed = parseMarkdown(md);

  test("headings come with their levels, setext and closing hashes included", () => {
    assert.deepEqual(parsed.headings, [
      { level: 1, text: "Běžecké boty" },
      { level: 2, text: "Výběr" },
      { level: 2, text: "Setext nadpis" },
      { level: 3, text: "Třetí úroveň" },
    ]);
  });

  test("paragraphs join soft breaks, keep list items and table rows as lines, drop code", () => {
    assert.deepEqual(parsed.paragraphs, [
      "Úvodní odstavec, pokračuje na druhém řádku.",
      "první položka\ndruhá položka s pokračováním",
      "citát",
      "Model, Cena\nGhost, 3 500 Kč",
    ]);
    assert.ok(!parsed.text.includes("const"));
    assert.ok(!parsed.text.includes("komentář"));
    assert.ok(!parsed.text.includes("example.com"));
  });

  test("markdownToText gives headings and paragraphs in order", () => {
    assert.equal(
      markdownToText("# A title\n\nSome *text*.\n\n## Next\n\nMore."),
      "A title\n\nSome text.\n\nNext\n\nMore.",
    );
  });

  test("paragraphs() leaves headings out", () => {
    assert.deepEqual(paragraphs("# T\n\nOne.\n\n## H\n\nTwo."), ["One.", "Two."]);
  });

  test("an unclosed code fence hides the rest and does not throw", () => {
    assert.deepEqual(parseMarkdown("Text.\n\n```\ncode").paragraphs, ["Text."]);
  });
});

describe("sentences", () => {
  const cases: Array<[string, string, string[]]> = [
    [
      "periods, question and exclamation marks end sentences",
      "One here. Two? Three! Four…",
      ["One here.", "Two?", "Three!", "Four…"],
    ],
    [
      "Czech abbreviations do not",
      "Boty, např. Ghost, tzv. silniční. Další věta.",
      ["Boty, např. Ghost, tzv. silniční.", "Další věta."],
    ],
    [
      "English abbreviations do not",
      "Shoes, e.g. Ghost, cost more. Next one.",
      ["Shoes, e.g. Ghost, cost more.", "Next one."],
    ],
    [
      "a Czech ordinal before a lower-case word does not",
      "Závod je 1. května v Praze. Přijďte.",
      ["Závod je 1. května v Praze.", "Přijďte."],
    ],
    ["an initial does not", "Napsal J. Novák. Konec.", ["Napsal J. Novák.", "Konec."]],
    ["a decimal number does not", "Drop 3.5 mm is low. Yes.", ["Drop 3.5 mm is low.", "Yes."]],
    [
      "a closing quote stays with its sentence",
      "He said „ano.“ Then left.",
      ["He said „ano.“", "Then left."],
    ],
    ["line breaks end sentences", "first item\nsecond item", ["first item", "second item"]],
  ];
  for (const [name, text, expected] of cases) {
    test(name, () => assert.deepEqual(sentences(text), expected));
  }
});
