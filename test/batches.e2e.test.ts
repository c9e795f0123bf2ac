/**
 * Batches over real HTTP against real actors: the estimate before it starts, a single
 * request that overtakes a queued 2,000-keyword batch, progress and cost so far, the export
 * of every finished article (ZIP of Markdown and HTML with a CSV index), CSV upload, cancel.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { parseCsv } from "../gateway/csv.ts";
import { startStack, submitWorkflow, type TestStack, waitFor } from "./helpers/stack.ts";

let stack: TestStack;
let base: string;
before(async () => {
  stack = await startStack({
    env: { LLM_CACHE: "off", ACTOR_CONCURRENCY: "4", BATCH_CONCURRENCY: "4", ACK_WAIT_MS: "30000" },
  });
  base = stack.gateway!.url;
  await fetch(`${stack.emulatorBase}/_emulator/config`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ latencyMs: 20 }),
  });
  await stack.startActor("all");
});
after(async () => await stack?.stop());

interface BatchView {
  id: string;
  status: string;
  count: number;
  progress: Record<string, number>;
  costUsd: number;
  estimate: { workflows: number; promptTokens: number; completionTokens: number; costUsd: number };
}

async function post(path: string, body: string, contentType = "application/json") {
  return await fetch(`${base}${path}`, {
    method: "POST",
    headers: { "Content-Type": contentType },
    body,
  });
}

async function batch(id: string): Promise<BatchView> {
  return (await (await fetch(`${base}/v1/batches/${id}`)).json()) as BatchView;
}

/** The entries of a stored (uncompressed) ZIP, as the export writes it. */
function unzip(bytes: Uint8Array): Map<string, string> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Map<string, string>();
  const decoder = new TextDecoder();
  let at = 0;
  while (view.getUint32(at, true) === 0x04034b50) {
    assert.equal(view.getUint16(at + 8, true), 0, "stored");
    const size = view.getUint32(at + 18, true);
    const nameLength = view.getUint16(at + 26, true);
    const extra = view.getUint16(at + 28, true);
    const name = decoder.decode(bytes.subarray(at + 30, at + 30 + nameLength));
    const start = at + 30 + nameLength + extra;
    out.set(name, decoder.decode(bytes.subarray(start, start + size)));
    at = start + size;
  }
  assert.equal(view.getUint32(at, true), 0x02014b50, "the central directory follows the entries");
  return out;
}

describe("batches", () => {
  test("a single request overtakes a queued 2,000-keyword batch; the export holds every finished article", async () => {
    const keywords = Array.from({ length: 2_000 }, (_, i) => `batch keyword ${i}`);
    const body = JSON.stringify({ keywords, defaults: { wordCount: 300, language: "en" } });

    const est = await post("/v1/batches?estimate=true", body);
    assert.equal(est.status, 200);
    const { estimate } = (await est.json()) as { estimate: BatchView["estimate"] };
    assert.equal(estimate.workflows, 2_000);
    assert.ok(estimate.promptTokens > 0 && estimate.completionTokens > 0 && estimate.costUsd > 0);
    assert.equal(
      ((await (await fetch(`${base}/v1/workflows?limit=5`)).json()) as { items: unknown[] }).items
        .length,
      0,
      "an estimate starts nothing",
    );

    const created = await post("/v1/batches", body);
    assert.equal(created.status, 202, await created.clone().text());
    const { id } = (await created.json()) as { id: string };
    assert.deepEqual((await batch(id)).estimate, estimate);

    // The interactive request, submitted behind the whole batch.
    const single = await submitWorkflow(stack, {
      keyword: "urgent single request",
      wordCount: 300,
    });
    await waitFor(
      "the single request to complete",
      async () => {
        const w = (await (await fetch(`${base}/v1/workflows/${single}`)).json()) as {
          status: string;
        };
        return w.status === "completed" ? true : undefined;
      },
      60_000,
      100,
    );
    const atThatMoment = await batch(id);
    assert.ok(
      atThatMoment.progress.completed! < 1_000,
      `most of the batch still waits (${JSON.stringify(atThatMoment.progress)})`,
    );

    // Let some of the batch finish, then export: every finished article is in it.
    await waitFor(
      "some batch articles",
      async () => ((await batch(id)).progress.completed! >= 20 ? true : undefined),
      60_000,
      250,
    );
    const res = await fetch(`${base}/v1/batches/${id}/export`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/zip");
    const files = unzip(new Uint8Array(await res.arrayBuffer()));
    const [header, ...rows] = parseCsv(files.get("index.csv")!);
    assert.deepEqual(header?.slice(0, 5), ["n", "id", "keyword", "language", "status"]);
    assert.equal(rows.length, 2_000, "one index row per keyword");
    const col = (name: string) => header!.indexOf(name);
    const done = rows.filter((r) => r[col("status")] === "completed");
    assert.ok(done.length >= 20);
    for (const r of done) {
      const md = files.get(r[col("markdown")]!);
      const html = files.get(r[col("html")]!);
      assert.ok(md?.startsWith("# "), `${r[col("id")]}: markdown article`);
      assert.ok(html?.includes("<h1"), `${r[col("id")]}: html article`);
      assert.ok(md?.toLowerCase().includes(r[col("keyword")]!.toLowerCase()));
    }
    assert.equal([...files.keys()].filter((f) => f.endsWith(".md")).length, done.length);

    // Cancel: nothing left queued or running, whatever was finished stays finished.
    const cancel = await post(`/v1/batches/${id}/cancel`, "");
    assert.equal(cancel.status, 200);
    const ended = await waitFor(
      "every workflow of the batch to end",
      async () => {
        const b = await batch(id);
        return b.progress.ended === 2_000 ? b : undefined;
      },
      90_000,
      500,
    );
    assert.equal(ended.status, "cancelled");
    assert.ok(ended.progress.cancelled! > 1_000);
    assert.equal(
      ended.progress.completed! + ended.progress.failed! + ended.progress.cancelled!,
      2_000,
    );
    assert.ok(ended.costUsd > 0, "the cost of what ran is counted");
  });

  test("CSV upload with quoted fields; bad rows are named; too many keywords is refused", async () => {
    const csv = 'keyword,language,wordCount\r\n"shoes, trail",en,300\r\nběžecké boty,cs,300\r\n';
    const res = await post("/v1/batches?estimate=true", csv, "text/csv");
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { count: number }).count, 2);

    const bad = await post(
      "/v1/batches",
      JSON.stringify({
        items: [{ keyword: "ok" }, { keyword: "ok", wordCount: 5 }, { language: "en" }],
      }),
    );
    assert.equal(bad.status, 400);
    const problem = (await bad.json()) as { errors: Array<{ field: string }> };
    assert.deepEqual(problem.errors.map((e) => e.field).sort(), [
      "items[1].wordCount",
      "items[2].keyword",
    ]);

    const withId = await post(
      "/v1/batches",
      JSON.stringify({ items: [{ keyword: "x", id: "mine" }] }),
    );
    assert.equal(withId.status, 400);
    assert.match(JSON.stringify(await withId.json()), /items\[0\]\.id/);

    const tooMany = await post(
      "/v1/batches",
      JSON.stringify({ keywords: Array.from({ length: 10_001 }, (_, i) => `k${i}`) }),
    );
    assert.equal(tooMany.status, 400);
    assert.match(JSON.stringify(await tooMany.json()), /at most 10000/);

    const unknown = await fetch(`${base}/v1/batches/b0000000000000000000000`);
    assert.equal(unknown.status, 404);
  });
});
