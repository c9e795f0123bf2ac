/**
 * `seo-farm bench` end to end at tiny sizes, as a child process with its own nats-server:
 * every new section prints its table with figures in it. Speed is never asserted — only that
 * the benchmark runs and reports numbers.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import process from "node:process";
import { test } from "node:test";
import { CLI } from "../../test/helpers/stack.ts";
import { DEFAULT_REDIS_URL, probeRedis } from "./node-redis.ts";

function bench(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, "bench", ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.once("error", reject);
    child.once("exit", (status) => resolve({ status, stdout, stderr }));
  });
}

const NUMBER = /^-?[\d,]+(\.\d+)?( %)?$/;

/** The cells of the table row that starts with `label`, or a failed assertion. */
function row(out: string, label: string): string[] {
  const line = out.split("\n").find((l) => l.startsWith(`| ${label}`));
  assert.ok(line, `no table row "${label}" in:\n${out}`);
  return line
    .split("|")
    .slice(2, -1)
    .map((c) => c.trim());
}

/** Every figure of the row is a number ("—" marks a column the row has no figure for). */
function assertFigures(out: string, label: string): void {
  const cells = row(out, label);
  const figures = cells.filter((c) => c !== "—");
  assert.ok(figures.length > 0, `row "${label}" has no figures`);
  for (const c of figures) assert.match(c, NUMBER, `row "${label}": "${c}" is not a number`);
}

test("bench --only peer,hop,llmbound,repeat prints each table with figures", {
  timeout: 300_000,
}, async () => {
  const redisUrl = process.env.REDIS_URL || DEFAULT_REDIS_URL;
  const probe = await probeRedis(redisUrl);
  const hasRedis = typeof probe !== "string";
  if (typeof probe !== "string") probe.disconnect();
  const r = await bench([
    "--only",
    "peer,hop,llmbound,repeat",
    "--workflows",
    "30",
    "--window",
    "30",
    "--rounds",
    "1",
    "--concurrency",
    "8",
    "--llm-workflows",
    "12",
    "--llm-concurrency",
    "4",
  ]);
  assert.equal(r.status, 0, `bench exited ${r.status}:\n${r.stderr}\n${r.stdout}`);
  const out = r.stdout;
  assert.doesNotMatch(out, /NaN/);
  if (hasRedis) {
    for (const label of [
      "six-hop chains/s",
      "six-stage workflows/s (median of 1) | ",
      "end-to-end latency p50 (ms)",
      "end-to-end latency p99 (ms)",
      "share of its own bare chain",
    ]) {
      assertFigures(out, label);
    }
    assert.match(row(out, "six-hop chains/s")[1] ?? "", NUMBER, "bare BullMQ chain figure");
  } else {
    assert.match(out, /peer skipped: no Redis at /);
  }
  for (const label of [
    "publish → fetch",
    "fetch → handler start",
    "handler start → ack",
    "publish → ack",
    "workflows/hour at ×0.01",
    "workflows/hour scaled back to real time",
    "cache off (baseline)",
    "first pass",
    "second pass",
  ]) {
    assertFigures(out, label);
  }
  // The second pass is answered from the memo: it made no LLM call.
  assert.match(out, /\| second pass \(every LLM stage a memo hit; LLM calls: 0\)/);
  assert.match(out, /in-process canned stand-in/);
});

test("bench --only peer says it skipped the peer when REDIS_URL reaches no Redis", {
  timeout: 60_000,
}, async () => {
  const r = await bench(["--only", "peer", "--workflows", "5", "--rounds", "1"], {
    REDIS_URL: "redis://127.0.0.1:1",
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /peer skipped: no Redis at redis:\/\/127\.0\.0\.1:1 \(set REDIS_URL\)/);
  assert.doesNotMatch(r.stdout, /\| six-hop chains\/s/);
});
