import assert from "node:assert/strict";
import { test } from "node:test";
import { parseKeywords } from "./keywords.ts";

test("one keyword per line, blank lines and repeats dropped", () => {
  assert.deepEqual(parseKeywords("trail shoes\r\n\n  coffee grinders \ntrail shoes\n"), [
    "trail shoes",
    "coffee grinders",
  ]);
});

test("a CSV's first column, its header skipped, quoted fields unquoted", () => {
  const csv = 'keyword,volume\n"shoes, trail",1200\nběžecké boty;800\n"say ""hi""",5\n';
  assert.deepEqual(parseKeywords(csv), ["shoes, trail", "běžecké boty", 'say "hi"']);
});
