import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { addInternalLinks, type LinkCandidate, pageKey } from "./internal-links.ts";
import { matchKey } from "./link-match.ts";
import { markdownPieces } from "./testing/markdown-pieces.ts";

const EN_ARTICLE = `# Trail running for beginners

Trail running takes you off the road and onto dirt paths. Good trail running shoes grip on mud and roots [1].

## Choosing shoes

Look for trail shoes with a lugged sole. Many runners also carry a hydration vest on long runs.

## Training

Start with short runs and build up. A training plan for a marathon is a different matter.

\`\`\`js
const note = "marathon training plan";
\`\`\`

See [our shoe guide](https://site.example/guides/shoes) for details.
`;

const EN_CANDIDATES: LinkCandidate[] = [
  { url: "https://site.example/blog/trail-running-shoes", title: "Best trail running shoes" },
  { url: "https://site.example/blog/hydration-vests", title: "Hydration vests for runners" },
  { url: "https://site.example/recipes/dumplings", title: "Czech dumplings recipe" },
  {
    url: "https://site.example/blog/trail-running-for-beginners",
    title: "Trail running for beginners",
  },
  { url: "https://site.example/guides/shoes", title: "Shoe guide" },
  { url: "https://site.example/blog/marathon-training-plan", title: "" },
];

const SELF = "HTTPS://Site.Example/blog/trail-running-for-beginners/?utm_source=x#top";

test("English: relevant pages are linked on the article's own words, best first", () => {
  const r = addInternalLinks(EN_ARTICLE, EN_CANDIDATES, { language: "en", selfUrl: SELF });
  assert.deepEqual(
    r.links.map((l) => [l.url, l.anchor]),
    [
      ["https://site.example/blog/trail-running-shoes", "trail running shoes"],
      ["https://site.example/blog/hydration-vests", "hydration vest"],
      ["https://site.example/blog/marathon-training-plan", "training plan for a marathon"],
    ],
  );
  // "Best trail running shoes": 3 of its 4 words in the text and in the anchor. "Hydration
  // vests for runners": all in the text, 2 in the anchor ("runners also carry a hydration
  // vest" is no phrase for it: "carry" is a content word of another topic). The marathon
  // plan: all of it, joined by stopwords.
  assert.deepEqual(
    r.links.map((l) => l.score),
    [0.75, 0.833, 1],
  );
  assert.ok(
    r.markdown.includes(
      "Good [trail running shoes](https://site.example/blog/trail-running-shoes) grip on mud",
    ),
  );
  assert.ok(
    r.markdown.includes("carry a [hydration vest](https://site.example/blog/hydration-vests) on"),
  );
  // The heading, the code block and the existing link are as they were.
  assert.ok(r.markdown.includes("## Choosing shoes\n"));
  assert.ok(r.markdown.includes('const note = "marathon training plan";'));
  assert.ok(r.markdown.includes("See [our shoe guide](https://site.example/guides/shoes) for"));
  // Apart from the three links, nothing changed.
  let restored = r.markdown;
  for (const l of r.links) restored = restored.replace(`[${l.anchor}](${l.url})`, l.anchor);
  assert.equal(restored, EN_ARTICLE);
});

test("never a link to the article itself, whatever its URL's case, slash, query or fragment", () => {
  const self = [
    { url: "https://site.example/blog/trail-running-for-beginners", title: "Trail running" },
  ];
  for (const selfUrl of [
    "https://site.example/blog/trail-running-for-beginners",
    "http://SITE.example/blog/trail-running-for-beginners/",
    "https://site.example/blog/trail-running-for-beginners?ref=1#x",
  ]) {
    const r = addInternalLinks(EN_ARTICLE, self, { language: "en", selfUrl });
    assert.deepEqual(r.links, [], selfUrl);
    assert.equal(r.markdown, EN_ARTICLE);
  }
  // Without selfUrl the same page is an ordinary candidate.
  assert.equal(addInternalLinks(EN_ARTICLE, self, { language: "en" }).links.length, 1);
});

test("max is honoured: the best-scoring links are kept", () => {
  const two = addInternalLinks(EN_ARTICLE, EN_CANDIDATES, {
    language: "en",
    selfUrl: SELF,
    max: 1,
  });
  assert.deepEqual(
    two.links.map((l) => l.url),
    ["https://site.example/blog/marathon-training-plan"],
  );
  const none = addInternalLinks(EN_ARTICLE, EN_CANDIDATES, { language: "en", max: 0 });
  assert.deepEqual(none, { markdown: EN_ARTICLE, links: [] });
});

test("only URLs from the candidates, each at most once", () => {
  const r = addInternalLinks(EN_ARTICLE, EN_CANDIDATES, { language: "en", selfUrl: SELF, max: 10 });
  const urls = r.links.map((l) => l.url);
  assert.equal(new Set(urls).size, urls.length);
  const allowed = new Set(EN_CANDIDATES.map((c) => c.url));
  const inText = [...r.markdown.matchAll(/\]\((https:[^)]+)\)/g)].map((m) => m[1]!);
  for (const u of inText) {
    assert.ok(allowed.has(u), u);
  }
});

test("at most one new link per paragraph", () => {
  const md =
    "Many runners carry a hydration vest and follow a marathon training plan.\n\nNothing else here.";
  const r = addInternalLinks(md, EN_CANDIDATES, { language: "en" });
  assert.equal(r.links.length, 1);
  assert.equal((r.markdown.match(/\]\(/g) ?? []).length, 1);
});

test("nothing is linked when nothing is relevant", () => {
  const md = "# Cooking\n\nBoil the water, add salt and wait ten minutes.\n";
  const r = addInternalLinks(md, EN_CANDIDATES, { language: "en" });
  assert.deepEqual(r, { markdown: md, links: [] });
  assert.deepEqual(addInternalLinks(md, [], { language: "en" }), { markdown: md, links: [] });
});

const protectedPlaces: Array<[string, string]> = [
  ["a heading", "# Marathon training plan\n\nSome unrelated words here."],
  ["a setext heading", "Marathon training plan\n======\n\nSome unrelated words here."],
  ["a link's text", "Read [the marathon training plan](https://other.example/) today."],
  ["inline code", "Run `marathon training plan` in the shell."],
  ["a fenced block", "```\nmarathon training plan\n```"],
  ["an HTML anchor", 'Read <a href="https://x.example/">marathon training plan</a>.'],
  ["a quote", "> A marathon training plan changed my life."],
  ["a table", "| a |\n|---|\n| marathon training plan |"],
  ["the references section", "Text [1].\n\n## Sources\n\n1. Marathon training plan, a book\n"],
  ["emphasis split across the phrase", "A **marathon** training plan."],
  ["half of a hyphenated compound", "Our anti-marathon training plan."],
];

for (const [name, md] of protectedPlaces) {
  test(`no link inside ${name}`, () => {
    const r = addInternalLinks(
      md,
      [
        {
          url: "https://site.example/blog/marathon-training-plan",
          title: "Marathon training plan",
        },
      ],
      // Only a phrase with all three words would score this high.
      { language: "en", minScore: 0.9 },
    );
    assert.deepEqual(r.links, [], JSON.stringify(r.links));
    assert.equal(r.markdown, md);
  });
}

test("a page the article already links to is not linked again (relative links resolved on selfUrl)", () => {
  const md =
    "See [vests](/blog/hydration-vests/) first.\n\nMany runners carry a hydration vest on long runs.";
  const candidates = [
    { url: "https://site.example/blog/hydration-vests", title: "Hydration vests" },
  ];
  const r = addInternalLinks(md, candidates, {
    language: "en",
    selfUrl: "https://site.example/blog/x",
  });
  assert.deepEqual(r.links, []);
  const viaDefinition = addInternalLinks(
    "Many runners carry a hydration vest [here][v].\n\n[v]: https://site.example/blog/hydration-vests",
    candidates,
    { language: "en" },
  );
  assert.deepEqual(viaDefinition.links, []);
});

test("minScore decides how much of a title must be present", () => {
  const md = "Trail races are fun, and some trail runners travel far for them.";
  const candidates = [
    { url: "https://site.example/trail-running-in-the-alps", title: "Trail running in the Alps" },
  ];
  assert.deepEqual(addInternalLinks(md, candidates, { language: "en" }).links, []);
  const loose = addInternalLinks(md, candidates, { language: "en", minScore: 0.3 });
  assert.deepEqual(
    loose.links.map((l) => l.anchor),
    ["Trail"],
  );
});

test("the same input gives the same links, whatever the candidates' order", () => {
  const a = addInternalLinks(EN_ARTICLE, EN_CANDIDATES, { language: "en", selfUrl: SELF });
  const b = addInternalLinks(EN_ARTICLE, [...EN_CANDIDATES].reverse(), {
    language: "en",
    selfUrl: SELF,
  });
  assert.deepEqual(b, a);
});

const CS_ARTICLE = `# Jak vybrat běžecké boty na trail

Při běhu v terénu záleží hlavně na obuvi. V běžeckých botách s hrubým vzorkem se na blátě cítíte jistěji [1].

## Oblečení

Na delší výběhy se hodí lehká běžecká vesta s lahvemi na vodu.

## Trénink

Začněte kratšími výběhy a postupně přidávejte. Tréninkový plán na maraton je jiná kapitola.

## Zdroje

1. [Běžecké boty a vesty](https://zdroj.example/)
`;

const CS_CANDIDATES: LinkCandidate[] = [
  { url: "https://beh.example/clanky/bezecke-boty", title: "Běžecké boty" },
  { url: "https://beh.example/clanky/bezecke-vesty", title: "Běžecké vesty" },
  {
    url: "https://beh.example/clanky/treninkovy-plan-maraton",
    title: "Tréninkový plán na maraton",
  },
  { url: "https://beh.example/recepty/svickova", title: "Svíčková na smetaně" },
];

test("Czech: inflected forms in the text match the titles' base forms", () => {
  const r = addInternalLinks(CS_ARTICLE, CS_CANDIDATES, { language: "cs" });
  assert.deepEqual(
    r.links.map((l) => [l.url, l.anchor]),
    [
      ["https://beh.example/clanky/bezecke-boty", "běžeckých botách"],
      ["https://beh.example/clanky/bezecke-vesty", "běžecká vesta"],
      ["https://beh.example/clanky/treninkovy-plan-maraton", "Tréninkový plán na maraton"],
    ],
  );
  assert.ok(
    r.markdown.includes("V [běžeckých botách](https://beh.example/clanky/bezecke-boty) s hrubým"),
  );
  assert.ok(r.markdown.startsWith("# Jak vybrat běžecké boty na trail\n"));
  assert.ok(r.markdown.endsWith("1. [Běžecké boty a vesty](https://zdroj.example/)\n"));
});

test("Czech: a title's words only in a heading or the references list are not linked", () => {
  const md = "# Běžecké boty\n\nO počasí.\n\n## Zdroje\n\n1. [Běžecké boty](https://z.example/)\n";
  const r = addInternalLinks(md, CS_CANDIDATES, { language: "cs" });
  assert.deepEqual(r, { markdown: md, links: [] });
});

const keys: Array<[string, string, string]> = [
  ["cs", "běžecké", "běžeckých"],
  ["cs", "boty", "botách"],
  ["cs", "vesty", "vesta"],
  ["cs", "trail", "trailové"],
  ["cs-CZ", "Maraton", "maratonu"],
  ["en", "shoes", "shoe"],
  ["en", "running", "runs"],
  ["de", "Laufschuhe", "Laufschuhen"],
];

for (const [lang, a, b] of keys) {
  test(`link-match: ${a} and ${b} share a key (${lang})`, () => {
    assert.equal(matchKey(a, lang), matchKey(b, lang));
  });
}

test("link-match: different words keep different keys", () => {
  assert.notEqual(matchKey("boty", "cs"), matchKey("botanika", "cs"));
  assert.notEqual(matchKey("vesta", "cs"), matchKey("vesnice", "cs"));
});

test("pageKey ignores scheme, query, fragment and trailing slash; refuses non-http", () => {
  assert.equal(pageKey("HTTPS://A.Example/x/?q=1#f"), "a.example/x");
  assert.equal(pageKey("http://a.example/x"), "a.example/x");
  assert.equal(pageKey("https://a.example/"), "a.example");
  assert.equal(pageKey("/x", "https://a.example/y"), "a.example/x");
  assert.equal(pageKey("mailto:a@example.com"), undefined);
  assert.equal(pageKey("/x"), undefined);
});

test("bad options are a RangeError naming the value", () => {
  assert.throws(() => addInternalLinks("x", [], { language: "en", max: -1 }), /max .*got -1/);
  assert.throws(
    () => addInternalLinks("x", [], { language: "en", minScore: 2 }),
    /minScore must be between 0 and 1 \(got 2\)/,
  );
});

test("a 50 kB article with many candidates completes", () => {
  const paragraph =
    "Trail running shoes grip on mud [1], and `code` or [links](https://x.example/) sit between words. ";
  const md = `# Title\n\n${`${paragraph.repeat(20)}\n\n`.repeat(30)}${"-".repeat(5_000)} ${"[".repeat(5_000)}`;
  assert.ok(md.length > 50_000);
  const candidates = Array.from({ length: 500 }, (_, i) => ({
    url: `https://site.example/p/${i}-trail-shoes`,
    title: `Trail shoes model ${i}`,
  }));
  const r = addInternalLinks(md, candidates, { language: "en", minScore: 0.3 });
  assert.equal(r.links.length, 3);
});

test("a link never starts right after '!' or ']' (an image or a reference link would result)", () => {
  const candidates = [{ url: "https://site.example/vests", title: "Hydration vest" }];
  for (const md of ["Wow!Hydration vest sales.", "[x]Hydration vest sales."]) {
    const r = addInternalLinks(md, candidates, { language: "en", minScore: 0.9 });
    assert.deepEqual(r.links, [], md);
  }
  const ok = addInternalLinks("Wow! Hydration vest sales.", candidates, { language: "en" });
  assert.equal(ok.markdown, "Wow! [Hydration vest](https://site.example/vests) sales.");
});

test("property: nothing but the new links changes, whatever the Markdown", () => {
  const candidates = [
    { url: "https://site.example/trail-shoes", title: "Trail shoes" },
    { url: "https://site.example/word", title: "word" },
  ];
  fc.assert(
    fc.property(markdownPieces, (md) => {
      const r = addInternalLinks(md, candidates, { language: "en", minScore: 0.3, max: 5 });
      let back = r.markdown;
      for (const l of r.links) back = back.replace(`[${l.anchor}](${l.url})`, l.anchor);
      assert.equal(back, r.links.length > 0 ? md.replace(/\r\n?/g, "\n") : md);
    }),
    { numRuns: 3_000, seed: 7 },
  );
});
