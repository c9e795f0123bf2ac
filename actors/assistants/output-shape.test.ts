import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_OUTPUT_ISSUES, OutputShape } from "./output-shape.ts";

function messages(read: (s: OutputShape) => unknown): string[] {
  const s = new OutputShape();
  read(s);
  return s.issues.map((i) => `${i.field}: ${i.message}`);
}

test("each reader names the field and what it must be, with what it got", () => {
  assert.deepEqual(
    messages((s) => {
      s.object([], "o");
      s.string(undefined, "a");
      s.string(" ", "b", { nonEmpty: true });
      s.string("Ab", "c", { pattern: { test: /^[a-z]+$/, says: "lower-case" } });
      s.string("abc", "d", { maxLength: 2 });
      s.number("1", "e");
      s.number(1.5, "f", { integer: true, min: 0, max: 3 });
      s.number(-1, "g", { min: 0 });
      s.boolean(null, "h");
      s.oneOf("maybe", "i", ["pass", "revise"]);
      s.strings(["x", {}], "j");
      s.list({}, "k", () => {});
      s.list([1], "l", () => {}, { min: 2, max: 3 });
    }),
    [
      "o: must be an object (got a list)",
      "a: must be a string (got nothing)",
      "b: must be a non-empty string",
      'c: must be lower-case (got "Ab")',
      "d: must be at most 2 characters (got 3)",
      'e: must be a number (got "1")',
      "f: must be an integer from 0 to 3 (got 1.5)",
      "g: must be a number ≥ 0 (got -1)",
      "h: must be true or false (got null)",
      'i: must be one of pass, revise (got "maybe")',
      "j: must be a list of strings (item 1 is an object)",
      "k: must be a list (got an object)",
      "l: must have 2 to 3 items (got 1)",
    ],
  );
});

test("a value that fits passes through, an optional object may be absent", () => {
  const s = new OutputShape();
  assert.deepEqual(s.object({ a: 1 }, "o"), { a: 1 });
  assert.equal(s.object(undefined, "o", true), undefined);
  assert.equal(s.string("x", "s", { nonEmpty: true }), "x");
  assert.equal(s.number(0, "n", { integer: true, min: 0 }), 0);
  assert.deepEqual(s.strings([], "l"), []);
  const seen: string[] = [];
  s.list(["a", "b"], "items", (_, at) => seen.push(at));
  assert.deepEqual(seen, ["items[0]", "items[1]"]);
  assert.deepEqual(s.issues, []);
});

test("a long string is shown cut short, never whole", () => {
  const [issue] = messages((s) => s.number("x".repeat(1000), "n"));
  assert.equal(issue, `n: must be a number (got "${"x".repeat(40)}…")`);
});

test("a list of many wrong items names the first few only", () => {
  const s = new OutputShape();
  s.list(Array(5000).fill(7), "items", (x, at) => s.string(x, at));
  assert.equal(s.issues.length, MAX_OUTPUT_ISSUES);
  assert.equal(s.issues[0]!.field, "items[0]");
});
