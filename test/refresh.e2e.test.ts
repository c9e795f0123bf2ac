/**
 * Refresh (#11): an existing article, given as Markdown or as a URL, runs through the
 * seo-refresh pipeline (research, import, a rewrite with its score's suggestions, optimise,
 * review, assemble) and comes back with its content score before and after.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  type RunningSearchEmulator,
  startSearchEmulator,
} from "../loadtest/search-emulator/node.ts";
import { startStack, submitWorkflow, type TestStack, waitForWorkflows } from "./helpers/stack.ts";

interface RefreshResult {
  markdown: string;
  refresh: { origin: string; before: { score: number; factors: unknown[] }; after: number };
}

const THIN = `# Trail running shoes

Trail running shoes are shoes. Trail running shoes are good. Buy trail running shoes.

## Trail running shoes

Trail running shoes, trail running shoes, trail running shoes.
`;

describe("refreshing an existing article", () => {
  let search: RunningSearchEmulator;
  let stack: TestStack;

  before(async () => {
    search = await startSearchEmulator({ port: 0 });
    stack = await startStack({
      env: {
        SEARCH_PROVIDER: "searxng",
        SEARXNG_URL: search.url,
        FETCH_ALLOW_ORIGINS: search.origin,
      },
    });
    await stack.startActor("all");
  });
  after(async () => {
    await stack?.stop();
    await search?.close();
  });

  test("a thin, stuffed article given as Markdown comes back scoring higher", async () => {
    const id = await submitWorkflow(stack, {
      keyword: "trail running shoes",
      pipeline: "seo-refresh",
      existing: { markdown: THIN },
      wordCount: 800,
    });
    const [w] = await waitForWorkflows(stack, [id]);
    assert.equal(w!.status, "completed", JSON.stringify(w!.error));
    const r = w!.result as unknown as RefreshResult;
    assert.equal(r.refresh.origin, "markdown");
    assert.ok(r.refresh.before.factors.length > 0, "the score before, factor by factor");
    assert.ok(
      r.refresh.after > r.refresh.before.score,
      `score before ${r.refresh.before.score}, after ${r.refresh.after}`,
    );
    assert.notEqual(r.markdown.trim(), THIN.trim());
  });

  test("an article given by URL is fetched, read and refreshed", async () => {
    const hits = (await (
      await fetch(
        `${search.url}/search?q=${encodeURIComponent("trail running shoes")}&format=json&language=en`,
      )
    ).json()) as { results: Array<{ url: string }> };
    const url = hits.results[0]!.url;
    const id = await submitWorkflow(stack, {
      keyword: "trail running shoes",
      pipeline: "seo-refresh",
      existing: { url },
    });
    const [w] = await waitForWorkflows(stack, [id]);
    assert.equal(w!.status, "completed", JSON.stringify(w!.error));
    const r = w!.result as unknown as RefreshResult;
    assert.equal(r.refresh.origin, url);
    assert.ok(r.refresh.before.score > 0, "the fetched page was scored");
    assert.equal(typeof r.refresh.after, "number");
  });

  test("a refresh whose URL is a private address fails with the reason, not a fetch", async () => {
    const id = await submitWorkflow(stack, {
      keyword: "trail running shoes",
      pipeline: "seo-refresh",
      existing: { url: "http://169.254.169.254/latest/meta-data" },
    });
    const [w] = await waitForWorkflows(stack, [id]);
    assert.equal(w!.status, "failed");
    assert.equal(w!.error?.code, "FETCH_REFUSED", JSON.stringify(w!.error));
  });

  test("a refresh request with both url and markdown is refused with the field named", async () => {
    const res = await fetch(`${stack.gateway!.url}/v1/workflows`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        keyword: "x",
        pipeline: "seo-refresh",
        existing: { url: "https://example.com/", markdown: "# x" },
      }),
    });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /existing/);
  });
});
