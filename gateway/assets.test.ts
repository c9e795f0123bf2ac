import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { chooseEncoding, etagFor, noneMatchHits } from "./assets.ts";

describe("chooseEncoding", () => {
  const both = { br: true, gzip: true };
  const cases: Array<[string | undefined, { br: boolean; gzip: boolean }, string | null]> = [
    [undefined, both, null],
    ["", both, null],
    ["gzip, deflate, br, zstd", both, "br"],
    ["gzip, deflate", both, "gzip"],
    ["br", { br: false, gzip: true }, null],
    ["gzip;q=1, br;q=0.5", both, "gzip"],
    ["br;q=0, gzip", both, "gzip"],
    ["br;q=0, gzip;q=0", both, null],
    ["*", both, "br"],
    ["*;q=0.5, br;q=0", both, "gzip"],
    ["x-gzip", both, "gzip"],
    ["GZIP;Q=0.8", both, "gzip"],
    ["identity", both, null],
    ["gzip;q=0.5, identity", both, null],
    ["gzip;q=0.5, identity;q=0", both, "gzip"],
    ["br;q=0.9, gzip;q=0.9", both, "br"],
    ["br;q=oops, gzip", both, "br"],
  ];
  for (const [header, available, expected] of cases) {
    test(`${JSON.stringify(header)} with ${JSON.stringify(available)} → ${expected}`, () => {
      assert.equal(chooseEncoding(header, available), expected);
    });
  }
});

test("each coding has its own strong ETag", () => {
  assert.equal(etagFor('"abc"', null), '"abc"');
  assert.equal(etagFor('"abc"', "br"), '"abc-br"');
  assert.equal(etagFor('"abc"', "gzip"), '"abc-gz"');
});

test("If-None-Match compares weakly, takes lists and *", () => {
  assert.ok(noneMatchHits('"abc"', '"abc"'));
  assert.ok(noneMatchHits('W/"abc"', '"abc"'));
  assert.ok(noneMatchHits('"x", "abc"', '"abc"'));
  assert.ok(noneMatchHits("*", '"abc"'));
  assert.ok(!noneMatchHits('"abc-br"', '"abc"'));
  assert.ok(!noneMatchHits(undefined, '"abc"'));
  assert.ok(!noneMatchHits("", '"abc"'));
});
