import assert from "node:assert/strict";
import { test } from "node:test";
import { applyEdits, headingText, scanInline, scanMarkdown } from "./markdown-regions.ts";

test("scanMarkdown tells headings, paragraphs, list items, quotes and tables apart", () => {
  const scan = scanMarkdown(
    "# H\n\npara\nmore\n\n- item\n  cont\n- next\n\n> q\n\n| a |\n|---|\n| b |\n\nSet\n===\n\n    code\n",
  );
  assert.deepEqual(
    scan.blocks.map((b) => [b.kind, b.start, b.end, b.level]),
    [
      ["heading", 0, 1, 1],
      ["paragraph", 2, 4, 0],
      ["list-item", 5, 7, 0],
      ["list-item", 7, 8, 0],
      ["quote", 9, 10, 0],
      ["table", 11, 14, 0],
      ["heading", 15, 17, 1],
    ],
  );
});

test("scanInline masks code, links and HTML at the same offsets and reports destinations", () => {
  const text = "a `b[1]` [c](https://x.example/d) <https://y.example/> [2]";
  const inline = scanInline(text, new Set());
  assert.equal(inline.masked.length, text.length);
  assert.equal(inline.masked.slice(0, 2), "a ");
  assert.ok(!inline.masked.includes("b[1]"));
  assert.ok(!inline.masked.includes("x.example"));
  assert.deepEqual(inline.destinations, ["https://y.example/", "https://x.example/d"]);
  assert.deepEqual(inline.plainBrackets, [{ open: text.length - 3, close: text.length - 1 }]);
});

/** The kinds of the blocks that start on each line, for compact expectations. */
function kindsOf(markdown: string): string[] {
  return scanMarkdown(markdown).blocks.map((b) => `${b.start}:${b.kind}`);
}

const blockCases: Array<[string, string, string[]]> = [
  [
    "a fence inside a list item is code",
    "- a\n- ```\n  x [1]\n  ```\n- b",
    ["0:list-item", "4:list-item"],
  ],
  ["a fence inside a quote is code", "> ```\n> x\n> ```\n\npara", ["4:paragraph"]],
  ["an unclosed fence makes the rest code", "para\n\n```\nx\n\ny", ["0:paragraph"]],
  ["a longer fence closes only with as many", "````\n```\nx\n````\npara", ["4:paragraph"]],
  ["inline triple backticks are no fence", "```x``` para", ["0:paragraph"]],
  [
    "a dash line after text is a setext heading",
    "Title\n---\n\npara",
    ["0:heading", "3:paragraph"],
  ],
  [
    "a dash line after a blank is a thematic break",
    "para\n\n---\n\nmore",
    ["0:paragraph", "4:paragraph"],
  ],
  [
    "an indented line in a list continues the item",
    "- item\n\n    more text",
    ["0:list-item", "2:paragraph"],
  ],
  ["an indented line after a paragraph is code", "para\n\n    code", ["0:paragraph"]],
  ["an indented line inside a paragraph continues it", "para\n    still para", ["0:paragraph"]],
  ["an indented line right after a heading is code", "# H\n    code [1]", ["0:heading"]],
  ["a multi-line HTML comment is not prose", "<!--\nnote\n-->\npara", ["3:paragraph"]],
  ["a reference definition is not prose", "[x]: https://a.example/\npara", ["1:paragraph"]],
  ["front matter is not prose", "---\na: 1\n---\n# H", ["3:heading"]],
];

for (const [name, markdown, expected] of blockCases) {
  test(`scanMarkdown: ${name}`, () => {
    assert.deepEqual(kindsOf(markdown), expected);
  });
}

test("scanMarkdown collects reference labels, normalised, and their URLs", () => {
  const scan = scanMarkdown("text\n\n[Foo  Bar]: https://a.example/\n [2]: <https://b.example/>\n");
  assert.deepEqual([...scan.labels].sort(), ["2", "foo bar"]);
  assert.deepEqual(scan.definitionUrls, ["https://a.example/", "https://b.example/"]);
});

test("headingText strips ATX markers and closing hashes, and joins setext lines", () => {
  const scan = scanMarkdown("## Sources ##\n\nLong\nTitle\n===\n");
  const [atx, setext] = scan.blocks;
  assert.equal(headingText(scan, atx!), "Sources");
  assert.equal(headingText(scan, setext!), "Long Title");
});

test("scanInline: a link's text, nested brackets included, is masked", () => {
  const text = "see [the [1] guide](https://a.example/(x)) and [2]";
  const inline = scanInline(text, new Set());
  assert.equal(inline.masked, `see ${"\u0000".repeat(38)} and [2]`);
  assert.deepEqual(inline.destinations, ["https://a.example/(x)"]);
});

test("scanInline: an unmatched backtick run is literal, a matched one is code", () => {
  const inline = scanInline("a ` b [1] ``c`` d", new Set());
  assert.equal(inline.masked, "a ` b [1] \u0000\u0000\u0000\u0000\u0000 d");
  assert.equal(inline.plainBrackets.length, 1);
});

test("scanInline: a reference link is masked only when its label is defined", () => {
  const text = "[a][x] [b][y] [x]";
  const defined = scanInline(text, new Set(["x"]));
  assert.equal(defined.masked, "\u0000".repeat(6) + " [b][y] " + "\u0000".repeat(3));
  assert.deepEqual(
    defined.plainBrackets.map((p) => text.slice(p.open, p.close + 1)),
    ["[b]", "[y]"],
  );
});

test("applyEdits applies sorted edits in one pass", () => {
  assert.equal(
    applyEdits("abcdef", [
      { from: 1, to: 2, text: "B" },
      { from: 4, to: 6, text: "" },
    ]),
    "aBcd",
  );
});
