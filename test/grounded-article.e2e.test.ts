/**
 * Issue #11's first acceptance item, offline: with the search emulator as the search
 * provider and its demo site in the sites file, one Czech and one English article —
 * every section in the right language, at least 3 citations from at least 2 pages, each
 * resolving to a page the research stage fetched, the content score with its factors, and
 * at least one internal link, only to URLs of the site's sitemap.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { Objm } from "@nats-io/obj";
import type { ResearchOutput } from "../actors/assistants/research.ts";
import { readSitemap } from "../actors/seo/sitemap.ts";
import { outputsObjectName } from "../core/rerun.ts";
import { OBJECT_STORE_RESULTS } from "../core/subjects.ts";
import {
  type RunningSearchEmulator,
  startSearchEmulator,
} from "../loadtest/search-emulator/node.ts";
import { startStack, submitWorkflow, type TestStack, waitForWorkflows } from "./helpers/stack.ts";

interface GroundedResult {
  markdown: string;
  language: string;
  citations: { sources: Array<{ n: number; url: string }>; removed: number };
  internalLinks: Array<{ url: string; anchor: string }>;
  contentScore: {
    score: number;
    version: string;
    factors: Array<{ id: string; score: number; applicable: boolean; detail: string }>;
  };
  languageCheck: { ok: boolean; parts: Array<{ id: string; ok: boolean; detected?: string }> };
  overlaps?: Array<{ url: string }>;
}

describe("grounded articles, offline", () => {
  let search: RunningSearchEmulator;
  let stack: TestStack;
  let sitemapUrls: Set<string>;
  const dir = mkdtempSync(join(tmpdir(), "seo-farm-grounded-"));

  before(async () => {
    search = await startSearchEmulator({ port: 0 });
    const sitemap = `${search.url}/site/sitemap.xml`;
    const sitesFile = join(dir, "sites.json");
    writeFileSync(sitesFile, JSON.stringify({ sites: { demo: { sitemap } } }));
    sitemapUrls = new Set(
      (await readSitemap(sitemap, async (u) => await (await fetch(u)).text())).map((e) => e.url),
    );
    assert.ok(sitemapUrls.size >= 10, "the demo site's sitemap lists its articles");
    stack = await startStack({
      env: {
        SEARCH_PROVIDER: "searxng",
        SEARXNG_URL: search.url,
        FETCH_ALLOW_ORIGINS: search.origin,
        SITES_FILE: sitesFile,
      },
    });
    await stack.startActor("all");
  });
  after(async () => {
    await stack?.stop();
    await search?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [keyword, language] of [
    ["běžecké boty", "cs"],
    ["trail running shoes", "en"],
  ] as const) {
    test(`${language}: "${keyword}"`, async () => {
      const id = await submitWorkflow(stack, { keyword, language, site: "demo", wordCount: 900 });
      const [w] = await waitForWorkflows(stack, [id]);
      assert.equal(w!.status, "completed", JSON.stringify(w!.error));
      const r = w!.result as unknown as GroundedResult;

      // What the research stage fetched: the sources it numbered.
      const results = await new Objm(stack.nc).open(OBJECT_STORE_RESULTS);
      const outputs = JSON.parse(
        new TextDecoder().decode((await results.getBlob(outputsObjectName(id)))!),
      ) as { research: ResearchOutput };
      const grounding = outputs.research.grounding;
      assert.ok(grounding, "research was grounded");
      const fetched = new Set(grounding.sources.map((s) => s.url));
      assert.ok(fetched.size >= 2, `pages read: ${[...fetched].join(", ")}`);
      for (const url of fetched) assert.ok(url.startsWith(`${search.origin}/pages/`), url);

      // Citations: ≥ 3 markers in the text, from ≥ 2 pages, every one a fetched page.
      const body = r.markdown.split(/^## (Sources|Zdroje)$/m)[0]!;
      const markers = [...body.matchAll(/\[(\d+(?:[–,-]\s?\d+)*)\]/g)];
      assert.ok(markers.length >= 3, `${markers.length} citation markers`);
      assert.ok(r.citations.sources.length >= 2, JSON.stringify(r.citations));
      for (const c of r.citations.sources) {
        assert.ok(fetched.has(c.url), `citation [${c.n}] resolves to a fetched page: ${c.url}`);
        assert.ok(r.markdown.includes(`](${c.url})`), "and is listed with its link");
      }
      for (const m of markers) {
        for (const n of m[1]!.split(/[–,-]\s?/).map(Number)) {
          assert.ok(
            r.citations.sources.some((c) => c.n === n),
            `[${n}] maps to a source`,
          );
        }
      }
      assert.match(r.markdown, language === "cs" ? /^## Zdroje$/m : /^## Sources$/m);

      // Language: every section, the FAQ and the meta fields.
      assert.ok(r.languageCheck.ok, JSON.stringify(r.languageCheck.parts.filter((p) => !p.ok)));
      const judged = r.languageCheck.parts.filter((p) => p.detected);
      assert.ok(judged.length >= 4, `${judged.length} parts long enough to judge`);
      for (const p of judged) assert.equal(p.detected, language, p.id);

      // The content score, factor by factor, against the pages that rank.
      assert.ok(r.contentScore.score >= 0 && r.contentScore.score <= 100);
      const factors = new Map(r.contentScore.factors.map((f) => [f.id, f]));
      for (const id of ["term-coverage", "headings", "length", "readability", "keyword-density"]) {
        assert.ok(factors.get(id)?.applicable, `factor ${id} measured`);
      }

      // Internal links: at least one, only to the sitemap's pages.
      assert.ok(r.internalLinks.length >= 1, "an internal link");
      for (const l of r.internalLinks) {
        assert.ok(sitemapUrls.has(l.url), `${l.url} is in the sitemap`);
        assert.ok(r.markdown.includes(`[${l.anchor}](${l.url})`), "and in the text");
      }
      // The demo site already has an article on this keyword: flagged, not written blind.
      assert.ok((r.overlaps?.length ?? 0) >= 1, "the overlap with the site's own article");
    });
  }
});
