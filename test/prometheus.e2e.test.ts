/**
 * Metrics as Prometheus sees them: a real Prometheus (Debian's `prometheus` package) scrapes
 * the gateway, the supervisor and the actors the supervisor spawned (found through the file
 * it writes from `seo-actors`) during a small load run, and answers the seed's queries;
 * `promtool` accepts every process's exposition.
 */
import assert from "node:assert/strict";
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import type { SdTargetGroup } from "../supervisor/prometheus-sd.ts";
import { freePort } from "./helpers/nats-server.ts";
import {
  CLI,
  startStack,
  stopChild,
  submitWorkflow,
  type TestStack,
  waitFor,
  waitForWorkflows,
} from "./helpers/stack.ts";

function has(bin: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${bin}`]).status === 0;
}
const missing = ["prometheus", "promtool"].filter((b) => !has(b));
const skip = missing.length
  ? `${missing.join(" and ")} not installed (apt-get install prometheus; CI installs it)`
  : false;

const cleanups: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

function startSupervisor(stack: TestStack, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, "supervisor"], {
    env: { ...process.env, ...stack.env, ...env },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("message", () => resolve(child));
    child.once("exit", (code) => reject(new Error(`supervisor exited with ${code}`)));
  });
}

async function query(
  base: string,
  expr: string,
): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
  const res = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = (await res.json()) as { status: string; data: { result: [] }; error?: string };
  assert.equal(body.status, "success", `${expr}: ${body.error}`);
  return body.data.result;
}

/** `promtool check metrics` complaints about one exposition, one per line. */
function promtoolComplaints(exposition: string): string[] {
  const r = spawnSync("promtool", ["check", "metrics"], { input: exposition, encoding: "utf8" });
  return `${r.stdout}\n${r.stderr}`
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
}

describe("Prometheus", { skip }, () => {
  test("scrapes gateway, supervisor and actors; counts every completed workflow; answers the seed's queries", async () => {
    const stack = await startStack({
      env: { LLM_MAX_RETRIES: "4", LLM_RETRY_BASE_MS: "5", LLM_RETRY_MAX_DELAY_MS: "20" },
    });
    cleanups.push(() => stack.stop());
    const dir = mkdtempSync(join(tmpdir(), "seo-farm-prom-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const sdFile = join(dir, "targets.json");
    writeFileSync(sdFile, "[]\n");

    // Some LLM calls fail (and are retried), so the error-rate query has errors to count.
    await fetch(`${stack.emulatorBase}/_emulator/config`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ errorRate: 0.15, errorStatus: 500 }),
    });
    const supervisor = await startSupervisor(stack, {
      SUPERVISOR_POLL_MS: "300",
      PROMETHEUS_SD_FILE: sdFile,
      METRICS_PORT: "0",
    });
    cleanups.push(() => stopChild(supervisor));

    // The supervisor lists itself and one actor per stage (7) in the SD file.
    const groups = await waitFor(
      "the SD file to list the supervisor and 7 actors",
      () => {
        const g = JSON.parse(readFileSync(sdFile, "utf8")) as SdTargetGroup[];
        return g.filter((x) => x.labels.role === "actor").length >= 7 &&
          g.some((x) => x.labels.role === "supervisor")
          ? g
          : undefined;
      },
      60_000,
      250,
    );
    const gatewayTarget = new URL(stack.gateway!.url).host;

    // Every exposition passes promtool, but for the seed's gauge name kept on purpose.
    for (const target of [gatewayTarget, ...groups.map((g) => g.targets[0]!)]) {
      const text = await (await fetch(`http://${target}/metrics`)).text();
      assert.match(text, /^# TYPE seo_farm_process_resident_memory_bytes gauge$/m, target);
      const complaints = promtoolComplaints(text).filter(
        (l) => !l.startsWith("seo_farm_workers_total non-counter metrics should not have"),
      );
      assert.deepEqual(complaints, [], `promtool on ${target}`);
    }

    const promPort = await freePort();
    writeFileSync(
      join(dir, "prometheus.yml"),
      [
        "global: { scrape_interval: 1s, evaluation_interval: 1s }",
        "scrape_configs:",
        "  - job_name: seo-farm-gateway",
        `    static_configs: [{ targets: ["${gatewayTarget}"] }]`,
        "  - job_name: seo-farm",
        `    file_sd_configs: [{ files: ["${sdFile}"], refresh_interval: 1s }]`,
        "",
      ].join("\n"),
    );
    execFileSync("promtool", ["check", "config", join(dir, "prometheus.yml")]);
    const prom = spawn(
      "prometheus",
      [
        `--config.file=${join(dir, "prometheus.yml")}`,
        `--storage.tsdb.path=${join(dir, "data")}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
        "--log.level=warn",
      ],
      { stdio: ["ignore", "ignore", "inherit"] },
    );
    cleanups.push(() => stopChild(prom));
    const promBase = `http://127.0.0.1:${promPort}`;
    const targets = groups.length + 1;
    await waitFor(
      `Prometheus to scrape all ${targets} targets`,
      async () => {
        try {
          const up = await query(promBase, "sum(up)");
          return Number(up[0]?.value[1] ?? 0) >= targets ? true : undefined;
        } catch {
          return undefined;
        }
      },
      60_000,
      500,
    );

    const n = 8;
    const ids = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        submitWorkflow(stack, { keyword: `prometheus keyword ${i}`, wordCount: 300 }),
      ),
    );
    const done = await waitForWorkflows(stack, ids, 90_000);
    const completed = done.filter((w) => w.status === "completed").length;
    assert.equal(completed, n, "every workflow completed");

    // Each actor's counter starts at 0 with its process, so the sum of every series' highest
    // value is the increase over the run, whichever actor finished which workflow.
    const seen = await waitFor(
      "Prometheus to see every completed workflow",
      async () => {
        const r = await query(
          promBase,
          'sum(max_over_time(seo_farm_workflows_total{status="completed"}[10m]))',
        );
        const v = Number(r[0]?.value[1] ?? 0);
        return v >= completed ? v : undefined;
      },
      30_000,
      500,
    );
    assert.equal(seen, completed);

    // The seed's queries (README "Metrics" explains the summed forms of the last two).
    const seedQueries = [
      "rate(seo_farm_workflows_total[5m])",
      "seo_farm_queue_depth",
      "seo_farm_workers_active / seo_farm_workers_total * 100",
      "histogram_quantile(0.95, seo_farm_llm_response_time_seconds_bucket)",
      "histogram_quantile(0.95, sum by (le) (rate(seo_farm_llm_response_time_seconds_bucket[5m])))",
      'sum(rate(seo_farm_llm_requests_total{status="error"}[5m])) / sum(rate(seo_farm_llm_requests_total[5m])) * 100',
      'sum(seo_farm_llm_tokens_total{type="completion"}) / sum(seo_farm_llm_tokens_total{type="prompt"})',
    ];
    for (const expr of seedQueries) {
      const r = await waitFor(
        `an answer to ${expr}`,
        async () => {
          const res = await query(promBase, expr);
          return res.length > 0 ? res : undefined;
        },
        20_000,
        500,
      );
      assert.ok(r.length > 0, expr);
    }
    // rate() cannot see the increase of a series that first appears at its final value (a
    // run faster than a scrape), so the share of errors is read from the counters themselves.
    const errorShare = await query(
      promBase,
      'sum(seo_farm_llm_requests_total{status="error"}) / sum(seo_farm_llm_requests_total)',
    );
    const share = Number(errorShare[0]!.value[1]);
    assert.ok(share > 0 && share < 1, `some but not all LLM calls failed (${share})`);
    const gw = await query(
      promBase,
      'sum(seo_farm_http_requests_total{method="POST",route="/v1/workflows",status="202"})',
    );
    assert.equal(Number(gw[0]?.value[1]), n, "the gateway counted each accepted request");
  });
});
