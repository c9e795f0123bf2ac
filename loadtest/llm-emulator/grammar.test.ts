/** The keyword grammar heuristics, on tables of cases. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { analyseCzech, czechAccusative, czechKind, czechRoleOf } from "./grammar-cs.ts";
import {
  analyseEnglish,
  englishForm,
  englishIntent,
  englishKind,
  englishRoleOf,
  indefiniteArticle,
} from "./grammar-en.ts";

test("English keywords are told apart as plural, mass, countable or a phrase", () => {
  const cases: Array<[string, string]> = [
    ["trail running shoes", "plural"],
    ["budget travel tips", "plural"],
    ["best running shoes 2025", "plural"],
    ["budget travel", "mass"],
    ["coffee", "mass"],
    ["trail running", "mass"],
    ["indoor herb garden", "count"],
    ["home espresso machine", "count"],
    ["wedding ring", "count"],
    ["glass", "count"],
    ["how to bake bread", "phrase"],
    ["iphone vs pixel", "phrase"],
    ["is coffee healthy?", "phrase"],
  ];
  for (const [keyword, form] of cases) assert.equal(englishForm(keyword), form, keyword);
});

test("English agreement slots follow the form", () => {
  const plural = analyseEnglish("trail running shoes").slots;
  assert.equal(`${plural.AKw} ${plural.is} comfortable`, "Trail running shoes are comfortable");
  const count = analyseEnglish("indoor herb garden").slots;
  assert.equal(`${count.AKw} ${count.is} easy`, "An indoor herb garden is easy");
  const phrase = analyseEnglish("how to bake bread").slots;
  assert.equal(phrase.kw, undefined, "a phrase is never used as a noun");
  assert.equal(phrase.qkw, "“how to bake bread”");
});

test("a and an go by sound", () => {
  const cases: Array<[string, string]> = [
    ["apple", "an"],
    ["hour", "an"],
    ["user guide", "a"],
    ["European trip", "a"],
    ["SEO audit", "an"],
    ["garden", "a"],
    ["umbrella", "an"],
  ];
  for (const [word, article] of cases) assert.equal(indefiniteArticle(word), article, word);
});

test("topic kind and search intent", () => {
  assert.equal(englishKind("trail running shoes"), "product");
  assert.equal(englishKind("espresso machine reviews"), "product");
  assert.equal(englishKind("trail running"), "activity");
  assert.equal(englishKind("budget travel tips"), "general");
  assert.equal(englishIntent("buy trail running shoes", "product"), "transactional");
  assert.equal(englishIntent("best trail running shoes", "product"), "commercial");
  assert.equal(englishIntent("gmail login", "general"), "navigational");
  assert.equal(englishIntent("indoor herb garden", "general"), "informational");
  assert.equal(czechKind("běžecké boty"), "product");
  assert.equal(czechKind("levné cestování"), "activity");
  assert.equal(czechKind("tipy na výlet"), "general");
  assert.equal(analyseCzech("koupit pračku").intent, "transactional");
});

test("Czech accusative changes feminine singulars only", () => {
  const cases: Array<[string, string]> = [
    ["elektrická koloběžka", "elektrickou koloběžku"],
    ["levná dovolená u moře", "levnou dovolenou u moře"],
    ["údržba zahrady", "údržbu zahrady"],
    ["káva", "kávu"],
    ["běžecké boty", "běžecké boty"],
    ["domácí kompost", "domácí kompost"],
    ["pěstování bylinek", "pěstování bylinek"],
    ["kvásek na chleba", "kvásek na chleba"],
    ["horská kola", "horská kola"],
    ["lednice", "lednice"],
  ];
  for (const [nominative, accusative] of cases) {
    assert.equal(czechAccusative(nominative), accusative, nominative);
  }
  assert.equal(analyseCzech("jak upéct chleba").slots.kw, undefined, "a phrase is only quoted");
});

test("section roles come from the heading's words", () => {
  const en: Array<[string, string | undefined]> = [
    ["How much do trail running shoes cost?", "cost"],
    ["Common mistakes to avoid", "mistakes"],
    ["How to choose the right shoes", "choosing"],
    ["Care and maintenance", "care"],
    ["Getting started step by step", "start"],
    ["Conclusion", "conclusion"],
    ["Which herbs grow best indoors?", "choosing"],
    ["Light and soil", undefined],
  ];
  for (const [heading, role] of en) assert.equal(englishRoleOf(heading), role, heading);
  const cs: Array<[string, string | undefined]> = [
    ["Kolik stojí běžecké boty?", "cost"],
    ["Nejčastější chyby", "mistakes"],
    ["Jak vybrat běžecké boty", "choosing"],
    ["Závěr", "conclusion"],
    ["Praktické tipy", "tips"],
    ["Vyplatí se to?", "benefits"],
  ];
  for (const [heading, role] of cs) assert.equal(czechRoleOf(heading), role, heading);
});
