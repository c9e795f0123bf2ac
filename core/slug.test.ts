import assert from "node:assert/strict";
import { test } from "node:test";
import { slugify } from "./slug.ts";

const cases: Array<[string, string]> = [
  ["běžecké boty", "bezecke-boty"],
  ["Trail Running Shoes", "trail-running-shoes"],
  ["Příliš žluťoučký kůň úpěl ďábelské ódy", "prilis-zlutoucky-kun-upel-dabelske-ody"],
  ["Straße & Łódź", "strasse-and-lodz"],
  ["  --hello!!  world--  ", "hello-world"],
  ["C++ / TypeScript 5.7", "c-typescript-5-7"],
  ["<script>alert(1)</script>", "script-alert-1-script"],
];

for (const [input, expected] of cases) {
  test(`slugify(${JSON.stringify(input)}) is ${expected}`, () => {
    assert.equal(slugify(input), expected);
  });
}

test("slugs are cut at a word boundary to at most 80 characters", () => {
  const slug = slugify("word ".repeat(40));
  assert.ok(slug.length <= 80, `length ${slug.length}`);
  assert.ok(!slug.endsWith("-"));
  assert.match(slug, /^(word-)*word$/);
});
