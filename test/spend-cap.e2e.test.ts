/**
 * The per-API-key monthly spend cap: work created with a key is accounted to it stage by
 * stage; once the key has spent its budget, its running workflow stops with a clear error
 * (MONTHLY_BUDGET_EXCEEDED, dead-lettered, not retried), and its new work is refused with a
 * 402 problem — while another key's work goes on.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { SpendStore } from "../core/spend.ts";
import { startStack, type TestStack, waitFor } from "./helpers/stack.ts";

const CAPPED = "capped-key-0123456789abcdef";
const FREE = "free-key-0123456789abcdefgh";
let stack: TestStack;
let base: string;
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "seo-farm-keys-"));
  const file = join(dir, "keys.json");
  // A budget far below one stage's cost at the default prices: the first stage spends it.
  writeFileSync(
    file,
    JSON.stringify([
      { name: "capped", key: CAPPED, monthlyBudgetUsd: 0.000001 },
      { name: "free", key: FREE },
    ]),
  );
  stack = await startStack({ env: { GATEWAY_API_KEYS_FILE: file, LLM_CACHE: "off" } });
  base = stack.gateway!.url;
  await stack.startActor("all");
});
after(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function create(key: string, keyword: string): Promise<Response> {
  return await fetch(`${base}/v1/workflows`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${key}` },
    body: JSON.stringify({ keyword, wordCount: 300 }),
  });
}

async function ended(key: string, id: string) {
  return await waitFor(
    `workflow ${id} to end`,
    async () => {
      const w = (await (
        await fetch(`${base}/v1/workflows/${id}`, { headers: { Authorization: `Bearer ${key}` } })
      ).json()) as {
        status: string;
        error?: { code: string; message: string };
        stages: Array<{ status: string }>;
        costUsd: number;
      };
      return ["completed", "failed", "cancelled"].includes(w.status) ? w : undefined;
    },
    30_000,
    200,
  );
}

describe("monthly spend cap", () => {
  test("a key past its budget: its running workflow stops, new work gets 402; other keys go on", async () => {
    const first = await create(CAPPED, "capped running shoes");
    assert.equal(first.status, 202, "nothing spent yet");
    const { id } = (await first.json()) as { id: string };
    const w = await ended(CAPPED, id);
    assert.equal(w.status, "failed");
    assert.equal(w.error?.code, "MONTHLY_BUDGET_EXCEEDED");
    assert.match(w.error!.message, /API key "capped" has spent \$[\d.]+ of its monthly budget/);
    assert.equal(w.stages.filter((s) => s.status === "done").length, 1, "only the first stage ran");

    // What it spent is accounted to the key, for this month.
    const spent = await (await SpendStore.open(stack.nc)).spent("capped");
    assert.ok(spent > 0 && Math.abs(spent - w.costUsd) < 1e-6, `spent ${spent}, cost ${w.costUsd}`);

    const refused = await create(CAPPED, "more capped shoes");
    assert.equal(refused.status, 402);
    const problem = (await refused.json()) as { type: string; detail: string };
    assert.match(problem.type, /monthly-budget-exceeded$/);
    assert.match(problem.detail, /monthly budget/);
    const batch = await fetch(`${base}/v1/batches`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${CAPPED}` },
      body: JSON.stringify({ keywords: ["a", "b"] }),
    });
    assert.equal(batch.status, 402);

    const other = await create(FREE, "uncapped running shoes");
    assert.equal(other.status, 202);
    const done = await ended(FREE, ((await other.json()) as { id: string }).id);
    assert.equal(done.status, "completed");
    assert.equal(
      await (await SpendStore.open(stack.nc)).spent("capped"),
      spent,
      "not charged to capped",
    );
  });
});
