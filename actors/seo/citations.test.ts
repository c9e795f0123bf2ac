import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { type CitationSource, parseCitationMarker, resolveCitations } from "./citations.ts";
import { markdownPieces } from "./testing/markdown-pieces.ts";

const SOURCES: CitationSource[] = [
  { id: 1, url: "https://a.example/one", title: "Page One" },
  { id: 2, url: "https://b.example/two", title: "Page Two" },
  { id: 3, url: "https://c.example/three", title: "Page Three" },
  { id: 4, url: "https://d.example/four", title: "Page Four" },
  { id: 7, url: "https://e.example/seven", title: "Page Seven" },
];

const en = { language: "en" };

/** The body (before the references section) of a result. */
function bodyOf(markdown: string): string {
  const at = markdown.indexOf("\n\n## Sources\n");
  return at < 0 ? markdown : markdown.slice(0, at);
}

// [input body, expected body, expected citation URLs in order, removed]
const forms: Array<[string, string, string, string[], number]> = [
  ["a single marker", "Trail shoes grip [2].", "Trail shoes grip [1].", ["b"], 0],
  ["a list", "Grip matters [2, 3].", "Grip matters [1, 2].", ["b", "c"], 0],
  ["a list without spaces", "Grip matters [2,3].", "Grip matters [1, 2].", ["b", "c"], 0],
  ["adjacent markers", "Grip matters [2][3].", "Grip matters [1, 2].", ["b", "c"], 0],
  ["spaced adjacent markers", "Grip matters [2] [3].", "Grip matters [1, 2].", ["b", "c"], 0],
  ["a hyphen range", "Grip [1-3].", "Grip [1–3].", ["a", "b", "c"], 0],
  ["an en-dash range", "Grip [1–3].", "Grip [1–3].", ["a", "b", "c"], 0],
  ["a range and a number", "Grip [1-3; 7].", "Grip [1–4].", ["a", "b", "c", "e"], 0],
  ["ids that are not 1..n", "Soft [7]. Hard [2].", "Soft [1]. Hard [2].", ["e", "b"], 0],
  ["a duplicate inside a marker", "Grip [2, 2].", "Grip [1].", ["b"], 0],
  ["an out-of-range id before a full stop", "Grip [9].", "Grip.", [], 1],
  ["an out-of-range id mid-sentence", "Grip [9] matters.", "Grip matters.", [], 1],
  ["an out-of-range id before a comma", "Grip [9], then more.", "Grip, then more.", [], 1],
  ["an out-of-range id without a space", "Grip[9].", "Grip.", [], 1],
  ["an out-of-range id at line start", "[9] Grip matters.", "Grip matters.", [], 1],
  ["one of two out of range", "Grip [2, 9].", "Grip [1].", ["b"], 1],
  ["out-of-range adjacent markers", "Grip [8][9] here.", "Grip here.", [], 2],
  ["a range partly out of range", "Grip [3-5].", "Grip [1, 2].", ["c", "d"], 1],
  ["id zero that no source has", "Grip [0].", "Grip.", [], 1],
  ["a year in brackets", "Best shoes [2024] list.", "Best shoes [2024] list.", [], 0],
  ["a year range in brackets", "Prices [2019–2023] rose.", "Prices [2019–2023] rose.", [], 0],
  ["a backwards range", "See [3-1].", "See [3-1].", [], 0],
  ["a footnote", "See[^1].", "See[^1].", [], 0],
  ["words in brackets", "See [the list].", "See [the list].", [], 0],
  ["an escaped bracket", "See \\[2\\].", "See \\[2\\].", [], 0],
  ["a marker in plain brackets", "(see [3])", "(see [1])", ["c"], 0],
  [
    "a marker in a table cell",
    "| a | b [9] |\n|---|---|\n| x [2] | y |",
    "| a | b |\n|---|---|\n| x [1] | y |",
    ["b"],
    1,
  ],
];

for (const [name, input, body, hosts, removed] of forms) {
  test(`citation form: ${name}`, () => {
    const r = resolveCitations(input, SOURCES, en);
    assert.equal(bodyOf(r.markdown), body);
    assert.deepEqual(
      r.citations.map((c) => new URL(c.url).hostname[0]),
      hosts,
    );
    assert.deepEqual(
      r.citations.map((c) => c.n),
      hosts.map((_, k) => k + 1),
    );
    assert.equal(r.removed, removed);
  });
}

// Text that holds `[n]` but is not prose: left exactly as it is.
const untouched: Array<[string, string]> = [
  ["a Markdown link", "Read [2](https://x.example/) first."],
  ["a link whose text has a marker", "Read [the guide [2]](https://x.example/) first."],
  ["an image", "![2](https://x.example/i.png) and ![chart [2]](i.png)"],
  ["inline code", "Use `arr[2]` and ``x[3]``."],
  ["a full reference link", "See [2][ref].\n\n[ref]: https://x.example/"],
  ["a shortcut reference with a numeric label", "See [2].\n\n[2]: https://x.example/"],
  ["an autolink and HTML", "<https://x.example/[2]> <span title='[2]'>x</span>"],
  ["an HTML anchor", 'Read <a href="https://x.example/">the [2] guide</a>.'],
  ["an HTML comment", "<!-- note [2] -->"],
  ["a fenced code block", "```js\nconst a = b[2];\n```"],
  ["a tilde fence", "~~~\nx [2]\n~~~"],
  ["an indented code block", "Text.\n\n    const a = b[2];"],
  ["front matter", "---\ntitle: x [2]\n---\n"],
];

for (const [name, input] of untouched) {
  test(`a [n] in ${name} is not a citation`, () => {
    const r = resolveCitations(input, SOURCES, en);
    assert.equal(r.markdown, input);
    assert.deepEqual(r.citations, []);
    assert.equal(r.removed, 0);
  });
}

test("prose around code and links is still resolved", () => {
  const input = "Use `x[2]` [3] and [docs](https://x.example/) [9].\n\n```\n[2]\n```\n\nEnd [2].";
  const r = resolveCitations(input, SOURCES, en);
  assert.equal(
    bodyOf(r.markdown),
    "Use `x[2]` [1] and [docs](https://x.example/).\n\n```\n[2]\n```\n\nEnd [2].",
  );
  assert.deepEqual(r.unresolved, ["9"]);
});

test("renumbering follows first appearance and the references list matches it", () => {
  const input =
    "# Title\n\nFirst [4]. Second [2, 4]. Third [1][7].\n\n## More\n\nAgain [7] and [2].";
  const r = resolveCitations(input, SOURCES, en);
  assert.equal(
    r.markdown,
    "# Title\n\nFirst [1]. Second [1, 2]. Third [3, 4].\n\n## More\n\nAgain [4] and [2].\n\n" +
      "## Sources\n\n" +
      "1. [Page Four](https://d.example/four)\n" +
      "2. [Page Two](https://b.example/two)\n" +
      "3. [Page One](https://a.example/one)\n" +
      "4. [Page Seven](https://e.example/seven)\n",
  );
  assert.deepEqual(r.citations, [
    { n: 1, url: "https://d.example/four", title: "Page Four" },
    { n: 2, url: "https://b.example/two", title: "Page Two" },
    { n: 3, url: "https://a.example/one", title: "Page One" },
    { n: 4, url: "https://e.example/seven", title: "Page Seven" },
  ]);
});

test("a marker's numbers are listed sorted after renumbering", () => {
  const r = resolveCitations("A [3, 1, 2]. B [4].", SOURCES, en);
  assert.equal(bodyOf(r.markdown), "A [1–3]. B [4].");
  assert.deepEqual(
    r.citations.map((c) => c.url),
    [
      "https://c.example/three",
      "https://a.example/one",
      "https://b.example/two",
      "https://d.example/four",
    ],
  );
});

test("two ids of the same page are one citation, listed once", () => {
  const sources = [
    { id: 1, url: "https://a.example/page", title: "A" },
    { id: 2, url: "HTTPS://A.EXAMPLE/page", title: "A again" },
  ];
  const r = resolveCitations("X [1]. Y [2]. Z [1, 2].", sources, en);
  assert.equal(bodyOf(r.markdown), "X [1]. Y [1]. Z [1].");
  assert.deepEqual(r.citations, [{ n: 1, url: "https://a.example/page", title: "A" }]);
});

test("unresolved lists each missing number once, in order; removed counts every one", () => {
  const r = resolveCitations("A [9]. B [8, 9]. C [2]. D [9].", SOURCES, en);
  assert.deepEqual(r.unresolved, ["9", "8"]);
  assert.equal(r.removed, 4);
  assert.equal(bodyOf(r.markdown), "A. B. C [1]. D.");
});

test("a source whose URL is not http(s) resolves nothing", () => {
  const sources = [
    { id: 1, url: "javascript:alert(1)", title: "x" },
    { id: 2, url: "not a url", title: "y" },
  ];
  const r = resolveCitations("A [1]. B [2].", sources, en);
  assert.equal(r.markdown, "A. B.");
  assert.equal(r.removed, 2);
});

test("markers in headings are dropped and counted apart", () => {
  const input = "# Trail shoes [1]\n\nText [2].\n\n## Grip [3] ##\n\nSetext [4]\n---\n\nMore [3].";
  const r = resolveCitations(input, SOURCES, en);
  assert.equal(
    bodyOf(r.markdown),
    "# Trail shoes\n\nText [1].\n\n## Grip ##\n\nSetext\n---\n\nMore [2].",
  );
  assert.equal(r.droppedFromHeadings, 3);
  assert.equal(r.removed, 0);
  assert.deepEqual(
    r.citations.map((c) => c.url),
    ["https://b.example/two", "https://c.example/three"],
  );
});

test("a year in a heading stays", () => {
  const r = resolveCitations("# Best trail shoes [2024]\n\nText [1].", SOURCES, en);
  assert.ok(r.markdown.startsWith("# Best trail shoes [2024]\n"));
});

test("a Czech article gets a Czech references heading; a Czech draft's own list is replaced", () => {
  const input =
    "# Běžecké boty [1]\n\nNa trail se hodí běžecké boty s výrazným vzorkem [2], [3].\n\n" +
    "## Zdroje\n\n- https://b.example/two\n- https://unknown.example/\n";
  const r = resolveCitations(input, SOURCES, { language: "cs-CZ" });
  assert.equal(
    r.markdown,
    "# Běžecké boty\n\nNa trail se hodí běžecké boty s výrazným vzorkem [1], [2].\n\n" +
      "## Zdroje\n\n1. [Page Two](https://b.example/two)\n2. [Page Three](https://c.example/three)\n",
  );
});

test("an unknown language falls back to an English heading", () => {
  const r = resolveCitations("Text [1].", SOURCES, { language: "xx" });
  assert.match(r.markdown, /\n## Sources\n/);
  const de = resolveCitations("Text [1].", SOURCES, { language: "de-AT" });
  assert.match(de.markdown, /\n## Quellen\n/);
});

test("titles are escaped, empty titles fall back to the URL, parentheses in URLs are encoded", () => {
  const sources = [
    { id: 1, url: "https://a.example/wiki/Shoe_(footwear)", title: "Shoe [footwear] *new*" },
    { id: 2, url: "https://b.example/", title: "  " },
  ];
  const r = resolveCitations("A [1]. B [2].", sources, en);
  assert.ok(
    r.markdown.endsWith(
      "1. [Shoe \\[footwear\\] \\*new\\*](https://a.example/wiki/Shoe_%28footwear%29)\n" +
        "2. [https://b.example/](https://b.example/)\n",
    ),
    r.markdown,
  );
  assert.equal(r.citations[1]!.title, "https://b.example/");
});

test("a draft's references section in another shape is replaced, and content after it kept", () => {
  const input =
    "Text [2].\n\n## References\n\n[1] Page One - https://a.example/one\n\n## FAQ\n\nQ? A.";
  const r = resolveCitations(input, SOURCES, en);
  assert.equal(
    r.markdown,
    "Text [1].\n\n## FAQ\n\nQ? A.\n\n## Sources\n\n1. [Page Two](https://b.example/two)\n",
  );
});

test("a references section in this module's shape defines its numbers (not the ids)", () => {
  // As a previous run would have written it: [1] is source 7, [2] is source 2.
  const input =
    "Soft [1]. Hard [2].\n\n## Sources\n\n1. [Page Seven](https://e.example/seven)\n2. [Page Two](https://b.example/two)\n";
  const r = resolveCitations(input, SOURCES, en);
  assert.equal(r.markdown, input);
  assert.deepEqual(
    r.citations.map((c) => c.url),
    ["https://e.example/seven", "https://b.example/two"],
  );
});

test("a listed URL that is not among the sources does not resolve", () => {
  const input = "Soft [1].\n\n## Sources\n\n1. [Elsewhere](https://evil.example/)\n";
  const r = resolveCitations(input, SOURCES, en);
  assert.equal(r.markdown, "Soft.\n");
  assert.equal(r.removed, 1);
});

test("no markers and no references section: the text comes back as it was", () => {
  const input = "# Title\n\nJust text, [a note], `code[1]`.\n";
  const r = resolveCitations(input, SOURCES, en);
  assert.equal(r.markdown, input);
  assert.deepEqual(r, {
    markdown: input,
    citations: [],
    removed: 0,
    unresolved: [],
    droppedFromHeadings: 0,
  });
});

test("a line that held only a removed marker goes without splitting the paragraph", () => {
  const r = resolveCitations("First line\n[9]\nsecond line [1].", SOURCES, en);
  assert.equal(bodyOf(r.markdown), "First line\nsecond line [1].");
});

test("list items, quotes and CRLF input", () => {
  const r = resolveCitations("- one [2]\r\n- two [9]\r\n\r\n> quoted [1]\r\n", SOURCES, en);
  assert.equal(bodyOf(r.markdown), "- one [1]\n- two\n\n> quoted [2]");
});

const idempotencyInputs: Array<[string, string]> = [
  ["English", "# T [1]\n\nA [3, 1, 2]. B [7][9]. C [2–4].\n\n```\n[5]\n```\n\nD [1]."],
  [
    "Czech",
    "# Běžecké boty\n\nBoty [2] a [4].\n\n## Zdroje\n\n1. [Stará](https://b.example/two)\n\nKonec [1].",
  ],
  ["no citations", "Plain text.\n\n## Sources\n\n- something\n"],
  ["only unresolvable", "A [8]. B [9]."],
  // Found by fuzzing: a removal that changes the block structure around it.
  ["a setext underline left behind", " [1]\n--- [9]\n"],
  ["an ATX heading that stops being one", "##  [1])\n     [1]\n"],
  ["a marker glued to a heading", "[1]## Sources\n---\n"],
  ["a paragraph line before indented text", "[9]\n    text [1]\n"],
];

for (const [name, input] of idempotencyInputs) {
  test(`running on its own output changes nothing (${name})`, () => {
    const language = name === "Czech" ? "cs" : "en";
    const once = resolveCitations(input, SOURCES, { language });
    const twice = resolveCitations(once.markdown, SOURCES, { language });
    assert.equal(twice.markdown, once.markdown);
    assert.deepEqual(twice.citations, once.citations);
    assert.equal(twice.removed, 0);
    assert.equal(twice.droppedFromHeadings, 0);
  });
}

test("duplicate ids with different URLs, or a non-integer id, are a TypeError", () => {
  assert.throws(
    () =>
      resolveCitations(
        "x",
        [
          { id: 1, url: "https://a.example/", title: "a" },
          { id: 1, url: "https://b.example/", title: "b" },
        ],
        en,
      ),
    TypeError,
  );
  assert.throws(
    () => resolveCitations("x", [{ id: 1.5, url: "https://a.example/", title: "a" }], en),
    /source id must be an integer \(got 1.5\)/,
  );
});

test("a 50 kB article with hostile bracket and backtick runs completes", () => {
  const paragraph =
    "Trail shoes [1] grip [2, 3] on `code [4]` and [links](https://x.example/) [9]. ";
  const hostile = "[".repeat(5_000) + "`".repeat(3_000) + "(".repeat(5_000) + "<a".repeat(2_000);
  const input = `# Title\n\n${paragraph.repeat(500)}\n\n${hostile}\n\n${"x ".repeat(10_000)}[1]`;
  assert.ok(input.length > 50_000);
  const r = resolveCitations(input, SOURCES, en);
  assert.equal(r.citations.length, 3);
  assert.equal(r.removed, 500);
});

const markers: Array<[string, number[] | undefined]> = [
  ["1", [1]],
  [" 2 , 3 ", [2, 3]],
  ["1-3", [1, 2, 3]],
  ["1 – 3", [1, 2, 3]],
  ["1—2", [1, 2]],
  ["1; 4-5", [1, 4, 5]],
  ["", undefined],
  ["a", undefined],
  ["1,", undefined],
  ["3-1", undefined],
  ["1-500", undefined],
  ["^1", undefined],
  ["1 2", undefined],
];

for (const [inner, numbers] of markers) {
  test(`parseCitationMarker(${JSON.stringify(inner)})`, () => {
    assert.deepEqual(parseCitationMarker(inner), numbers);
  });
}

test("a references section ends at the next heading of any level, so nothing after it is lost", () => {
  const input = "Text [2].\n\n# Sources\n\n- a list\n\n## FAQ\n\nQ? A.";
  const r = resolveCitations(input, SOURCES, en);
  assert.equal(
    r.markdown,
    "Text [1].\n\n## FAQ\n\nQ? A.\n\n## Sources\n\n1. [Page Two](https://b.example/two)\n",
  );
});

test("the first non-empty title of a page names it", () => {
  const sources = [
    { id: 1, url: "https://a.example/", title: "" },
    { id: 2, url: "https://a.example/", title: "Named" },
  ];
  const r = resolveCitations("A [1].", sources, en);
  assert.deepEqual(r.citations, [{ n: 1, url: "https://a.example/", title: "Named" }]);
});

test("a code fence or HTML comment left open is closed before the references section", () => {
  for (const [input, expected] of [
    ["Text [1].\n\n```js\nconst x = 1;\n", "Text [1].\n\n```js\nconst x = 1;\n```\n\n## Sources\n"],
    ["Text [1].\n\n<!-- draft note\n", "Text [1].\n\n<!-- draft note\n-->\n\n## Sources\n"],
  ] as const) {
    const r = resolveCitations(input, SOURCES, en);
    assert.ok(r.markdown.startsWith(expected), JSON.stringify(r.markdown));
    assert.equal(resolveCitations(r.markdown, SOURCES, en).markdown, r.markdown);
  }
});

test("property: the output is a fixed point, and lists every citation it numbers", () => {
  const sources = [1, 2, 3, 7].map((id) => ({
    id,
    url: `https://s${id}.example/p`,
    title: `T${id}`,
  }));
  fc.assert(
    fc.property(markdownPieces, (md) => {
      const once = resolveCitations(md, sources, en);
      assert.equal(resolveCitations(once.markdown, sources, en).markdown, once.markdown);
      for (const c of once.citations) assert.ok(once.markdown.includes(`](${c.url})`));
    }),
    { numRuns: 3_000, seed: 11 },
  );
});
