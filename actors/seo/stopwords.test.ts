import assert from "node:assert/strict";
import { test } from "node:test";
import { primaryLanguage, stopwordsFor } from "./stopwords.ts";
import { STOPWORDS_CS } from "./stopwords-cs.ts";
import { STOPWORDS_EN } from "./stopwords-en.ts";

test("stopword lists are lower case and without duplicates", () => {
  for (const list of [STOPWORDS_CS, STOPWORDS_EN]) {
    assert.equal(new Set(list).size, list.length);
    for (const w of list) assert.equal(w, w.toLowerCase());
  }
});

test("stopwordsFor picks the list by primary subtag, none for other languages", () => {
  assert.ok(stopwordsFor("cs-CZ").has("který"));
  assert.ok(stopwordsFor("EN").has("the"));
  assert.ok(!stopwordsFor("cs").has("boty"));
  assert.equal(stopwordsFor("de").size, 0);
  assert.equal(primaryLanguage("pt_BR"), "pt");
});
