/**
 * The files in infra/ against the product: Prometheus accepts the config and the rules, and
 * every seo_farm_* name that the rules and the Grafana dashboard query is one the processes
 * really export (a renamed metric would silently empty a panel or mute an alert).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { observeSupervisor, recordWorkflowEnd, seoFarmMetrics } from "../core/telemetry/metrics.ts";
import { installPrometheusRegistry } from "../core/telemetry/prometheus-registry.ts";

const INFRA = fileURLToPath(new URL("../../infra/", import.meta.url));
const hasPromtool = spawnSync("sh", ["-c", "command -v promtool"]).status === 0;

/** Every metric family name the processes can export. */
async function exportedNames(): Promise<Set<string>> {
  const registry = installPrometheusRegistry({
    serviceName: "infra-test",
    memory: () => ({ rssBytes: 1, heapUsedBytes: 1 }),
  });
  const m = seoFarmMetrics();
  recordWorkflowEnd("completed", "p", 1);
  m.recordLlmCall(
    { provider: "p", model: "m" },
    { ok: true, seconds: 1, promptTokens: 1, completionTokens: 1, costUsd: 1 },
  );
  m.recordCacheLookup("llm", true);
  m.recordCacheLookup("llm", false);
  m.stageDuration.record(1, { stage: "s", outcome: "ok" });
  m.deadLetters.add(1, { stage: "s" });
  m.scalingDecisions.add(1, { stage: "s", direction: "up" });
  m.httpRequests.add(1, { method: "GET", route: "/", status: "200" });
  m.httpDuration.record(1, { method: "GET", route: "/" });
  observeSupervisor(() => ({
    queueDepth: { s: 1 },
    workersTotal: { s: 1 },
    workersActive: { s: 1 },
  }));
  const text = await registry.text();
  await registry.shutdown();
  const names = new Set<string>();
  for (const line of text.split("\n")) {
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (!type) continue;
    names.add(type[1]!);
    if (type[2] === "histogram")
      for (const s of ["_bucket", "_sum", "_count"]) names.add(type[1] + s);
  }
  return names;
}

function referencedNames(text: string): string[] {
  return [...new Set(text.match(/\bseo_farm_[a-z0-9_]+/g) ?? [])];
}

describe("infra/", () => {
  test("promtool accepts the Prometheus config and the alert rules", {
    skip: !hasPromtool && "promtool not installed",
  }, () => {
    for (const args of [
      ["check", "config", `${INFRA}prometheus/prometheus.yml`],
      ["check", "rules", `${INFRA}prometheus/seo-farm.rules.yml`],
    ]) {
      const r = spawnSync("promtool", args, { encoding: "utf8" });
      assert.equal(r.status, 0, `promtool ${args.join(" ")}:\n${r.stdout}${r.stderr}`);
    }
  });

  test("rules and dashboard query only metrics the processes export", async () => {
    const exported = await exportedNames();
    const rules = readFileSync(`${INFRA}prometheus/seo-farm.rules.yml`, "utf8");
    const dashboard = JSON.parse(
      readFileSync(`${INFRA}grafana/seo-farm-dashboard.json`, "utf8"),
    ) as { panels: Array<{ title: string; targets: Array<{ expr: string }> }> };
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
    assert.ok(exprs.length >= 10, "the dashboard has its panels");
    // Recording rules define seo_farm:… names (with a colon), which are not exported ones.
    const used = referencedNames(`${rules}\n${exprs.join("\n")}`);
    const unknown = used.filter((n) => !exported.has(n));
    assert.deepEqual(unknown, [], `unknown metric names: ${unknown.join(", ")}`);
    for (const seed of [
      "seo_farm_workflows_total",
      "seo_farm_queue_depth",
      "seo_farm_workers_active",
      "seo_farm_workers_total",
      "seo_farm_llm_response_time_seconds_bucket",
      "seo_farm_llm_requests_total",
      "seo_farm_llm_tokens_total",
    ]) {
      assert.ok(exported.has(seed), `the seed's ${seed} is exported`);
      assert.ok(used.includes(seed), `the dashboard or rules use the seed's ${seed}`);
    }
  });
});
