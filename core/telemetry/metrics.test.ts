/** The metric names and types of the seed's contract, as Prometheus reads them. */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { observeSupervisor, recordWorkflowEnd, seoFarmMetrics } from "./metrics.ts";
import { installPrometheusRegistry } from "./prometheus-registry.ts";

const registry = installPrometheusRegistry({
  serviceName: "seo-farm-test",
  memory: () => ({ rssBytes: 50 * 2 ** 20, heapUsedBytes: 10 * 2 ** 20 }),
});
after(() => registry.shutdown());

/** The value of one series, e.g. `seo_farm_workflows_total{status="completed"...}`. */
function sample(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return undefined;
}

describe("metrics", () => {
  test("the seed's counters keep their exact names, with help and type", async () => {
    const m = seoFarmMetrics();
    recordWorkflowEnd("completed", "seo-article", 2_000);
    recordWorkflowEnd("completed", "seo-article", 3_000);
    recordWorkflowEnd("failed", "seo-article", 500);
    m.recordLlmCall(
      { provider: "openai", model: "gpt-4o" },
      { ok: true, seconds: 1.5, promptTokens: 100, completionTokens: 300, costUsd: 0.004 },
    );
    m.recordLlmCall({ provider: "openai", model: "gpt-4o" }, { ok: false, seconds: 0.2 });
    m.recordCacheLookup("llm", true);
    m.recordCacheLookup("stage", false);
    const text = await registry.text();
    assert.match(text, /^# HELP seo_farm_workflows_total .+/m);
    assert.match(text, /^# TYPE seo_farm_workflows_total counter$/m);
    assert.equal(sample(text, "seo_farm_workflows_total", { status: "completed" }), 2);
    assert.equal(sample(text, "seo_farm_workflows_total", { status: "failed" }), 1);
    assert.equal(sample(text, "seo_farm_llm_requests_total", { status: "ok" }), 1);
    assert.equal(sample(text, "seo_farm_llm_requests_total", { status: "error" }), 1);
    assert.equal(sample(text, "seo_farm_llm_tokens_total", { type: "prompt" }), 100);
    assert.equal(sample(text, "seo_farm_llm_tokens_total", { type: "completion" }), 300);
    assert.equal(sample(text, "seo_farm_llm_cost_usd_total"), 0.004);
    assert.equal(sample(text, "seo_farm_cache_hits_total", { cache: "llm" }), 1);
    assert.equal(sample(text, "seo_farm_cache_misses_total", { cache: "stage" }), 1);
    assert.doesNotMatch(text, /_total_total/);
    // The histogram in seconds, with the seed's name and no unit appended.
    assert.match(text, /^# TYPE seo_farm_llm_response_time_seconds histogram$/m);
    assert.equal(sample(text, "seo_farm_llm_response_time_seconds_count", { model: "gpt-4o" }), 2);
    assert.equal(sample(text, "seo_farm_llm_response_time_seconds_bucket", { le: "2" }), 2);
    assert.equal(sample(text, "seo_farm_llm_response_time_seconds_bucket", { le: "1" }), 1);
    assert.equal(sample(text, "seo_farm_process_resident_memory_bytes"), 50 * 2 ** 20);
  });

  test("the supervisor's gauges: queue depth and workers per stage, workers_total a gauge", async () => {
    let snapshot:
      | {
          queueDepth: Record<string, number>;
          workersTotal: Record<string, number>;
          workersActive: Record<string, number>;
        }
      | undefined = {
      queueDepth: { research: 12, draft: 0 },
      workersTotal: { research: 3, draft: 1 },
      workersActive: { research: 2, draft: 0 },
    };
    const off = observeSupervisor(() => snapshot);
    let text = await registry.text();
    assert.match(text, /^# TYPE seo_farm_workers_total gauge$/m);
    assert.match(text, /^# TYPE seo_farm_queue_depth gauge$/m);
    assert.equal(sample(text, "seo_farm_queue_depth", { stage: "research" }), 12);
    assert.equal(sample(text, "seo_farm_workers_total", { stage: "research" }), 3);
    assert.equal(sample(text, "seo_farm_workers_active", { stage: "research" }), 2);
    snapshot = undefined;
    text = await registry.text();
    assert.equal(
      sample(text, "seo_farm_queue_depth", { stage: "research" }),
      0,
      "a standby reports 0",
    );
    assert.equal(sample(text, "seo_farm_workers_total", { stage: "research" }), 0);
    off();
  });
});
