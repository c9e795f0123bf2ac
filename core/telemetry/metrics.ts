/**
 * The Prometheus metrics of seo-farm, as OpenTelemetry instruments. Names are a public
 * contract (the seed's dashboards and alert rules query them), so they live here and nowhere
 * else. Instruments come from the global meter provider: with none installed they are
 * no-ops and cost next to nothing; an entry installs one (`prometheus-registry.ts`) first.
 */
import {
  type Attributes,
  type Counter,
  type Histogram,
  type Meter,
  type MeterProvider,
  metrics,
  type ObservableGauge,
} from "@opentelemetry/api";

/** Buckets of LLM latency, seconds: a cached answer is milliseconds, a long draft a minute. */
export const LLM_LATENCY_BUCKETS_S = [
  0.005, 0.025, 0.1, 0.25, 0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 30, 45, 60, 120,
];
/** Buckets of stage and workflow durations, seconds. */
export const DURATION_BUCKETS_S = [
  0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600, 1200,
];
/** Buckets of gateway request durations, seconds. */
export const HTTP_DURATION_BUCKETS_S = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
];

export type WorkflowOutcome = "completed" | "failed" | "cancelled";

/** Every instrument that code records into; gauges observed from a snapshot are separate. */
export class SeoFarmMetrics {
  /** `seo_farm_workflows_total{status,pipeline}`: workflows that ended, by how. */
  readonly workflows: Counter;
  /** `seo_farm_workflow_duration_seconds{status,pipeline}`: submit to end. */
  readonly workflowDuration: Histogram;
  /** `seo_farm_llm_requests_total{status,provider,model}`: every call to a provider, retries included. */
  readonly llmRequests: Counter;
  /** `seo_farm_llm_response_time_seconds{provider,model}`: how long a provider took to answer. */
  readonly llmResponseTime: Histogram;
  /** `seo_farm_llm_tokens_total{type,provider,model}`: prompt and completion tokens. */
  readonly llmTokens: Counter;
  /** `seo_farm_llm_cost_usd_total{provider,model}`: what the calls cost, at the configured prices. */
  readonly llmCost: Counter;
  /** `seo_farm_cache_hits_total{cache}`: answers served from `seo-llm-cache` (`llm`, `stage`). */
  readonly cacheHits: Counter;
  /** `seo_farm_cache_misses_total{cache}`: lookups that had to compute. */
  readonly cacheMisses: Counter;
  /** `seo_farm_stage_duration_seconds{stage,outcome}`: one stage run, as the actor saw it. */
  readonly stageDuration: Histogram;
  /** `seo_farm_dlq_messages_total{stage}`: messages moved to the dead-letter stream. */
  readonly deadLetters: Counter;
  /** `seo_farm_scaling_decisions_total{stage,direction}`: supervisor scale events. */
  readonly scalingDecisions: Counter;
  /** `seo_farm_http_requests_total{method,route,status}`: gateway requests. */
  readonly httpRequests: Counter;
  /** `seo_farm_http_request_duration_seconds{method,route}`: gateway latency. */
  readonly httpDuration: Histogram;

  constructor(readonly meter: Meter) {
    this.workflows = meter.createCounter("seo_farm_workflows_total", {
      description: "Workflows that ended, by final status (completed, failed, cancelled).",
    });
    this.workflowDuration = meter.createHistogram("seo_farm_workflow_duration_seconds", {
      description: "Time from submission to the end of a workflow, in seconds.",
      advice: { explicitBucketBoundaries: DURATION_BUCKETS_S },
    });
    this.llmRequests = meter.createCounter("seo_farm_llm_requests_total", {
      description: "LLM provider calls (each retry counts), by status: ok or error.",
    });
    this.llmResponseTime = meter.createHistogram("seo_farm_llm_response_time_seconds", {
      description: "Time an LLM provider took to answer one call, in seconds.",
      advice: { explicitBucketBoundaries: LLM_LATENCY_BUCKETS_S },
    });
    this.llmTokens = meter.createCounter("seo_farm_llm_tokens_total", {
      description: "LLM tokens spent, by type: prompt or completion (cache hits spend none).",
    });
    this.llmCost = meter.createCounter("seo_farm_llm_cost_usd_total", {
      description: "What LLM calls cost in US dollars, at the configured prices.",
    });
    this.cacheHits = meter.createCounter("seo_farm_cache_hits_total", {
      description:
        "Lookups answered from the KV cache: llm (an LLM answer) or stage (a stage memo).",
    });
    this.cacheMisses = meter.createCounter("seo_farm_cache_misses_total", {
      description: "Cache lookups that had to compute the answer: llm or stage.",
    });
    this.stageDuration = meter.createHistogram("seo_farm_stage_duration_seconds", {
      description: "Time one stage run took in an actor, in seconds, by outcome: ok or error.",
      advice: { explicitBucketBoundaries: DURATION_BUCKETS_S },
    });
    this.deadLetters = meter.createCounter("seo_farm_dlq_messages_total", {
      description: "Messages moved to the dead-letter stream SEO_DLQ, by stage.",
    });
    this.scalingDecisions = meter.createCounter("seo_farm_scaling_decisions_total", {
      description: "Scaling decisions the leading supervisor acted on, by stage and direction.",
    });
    this.httpRequests = meter.createCounter("seo_farm_http_requests_total", {
      description: "Gateway HTTP requests, by method, route and status code.",
    });
    this.httpDuration = meter.createHistogram("seo_farm_http_request_duration_seconds", {
      description: "Gateway HTTP request duration, in seconds.",
      advice: { explicitBucketBoundaries: HTTP_DURATION_BUCKETS_S },
    });
  }

  /** Records one provider call: its status, latency, and on success its tokens and cost. */
  recordLlmCall(
    attrs: { provider: string; model: string },
    outcome: {
      ok: boolean;
      seconds: number;
      promptTokens?: number;
      completionTokens?: number;
      costUsd?: number;
    },
  ): void {
    this.llmRequests.add(1, { ...attrs, status: outcome.ok ? "ok" : "error" });
    this.llmResponseTime.record(outcome.seconds, attrs);
    if (!outcome.ok) return;
    if (outcome.promptTokens)
      this.llmTokens.add(outcome.promptTokens, { ...attrs, type: "prompt" });
    if (outcome.completionTokens)
      this.llmTokens.add(outcome.completionTokens, { ...attrs, type: "completion" });
    if (outcome.costUsd) this.llmCost.add(outcome.costUsd, attrs);
  }

  recordCacheLookup(cache: "llm" | "stage", hit: boolean): void {
    (hit ? this.cacheHits : this.cacheMisses).add(1, { cache });
  }
}

let current: { provider: MeterProvider; metrics: SeoFarmMetrics } | undefined;

/**
 * The instruments of the global meter provider. Instruments made before a provider was
 * installed would stay no-ops forever, so they are made anew when the provider changes.
 */
export function seoFarmMetrics(): SeoFarmMetrics {
  const provider = metrics.getMeterProvider();
  if (current?.provider !== provider) {
    current = { provider, metrics: new SeoFarmMetrics(provider.getMeter("seo-farm")) };
  }
  return current.metrics;
}

/** A snapshot of what the supervisor sees, observed at each scrape. */
export interface SupervisorSnapshot {
  /** Per stage: pending + ack-pending messages of its consumer. */
  queueDepth: Record<string, number>;
  /** Per stage: live actor processes serving it. */
  workersTotal: Record<string, number>;
  /** Per stage: those of them with work in hand. */
  workersActive: Record<string, number>;
}

/**
 * The seed's gauges `seo_farm_queue_depth{stage}`, `seo_farm_workers_total{stage}` and
 * `seo_farm_workers_active{stage}`, read from the supervisor's last poll. The name
 * `seo_farm_workers_total` is a gauge despite its `_total`: kept for the seed's dashboards.
 */
export function observeSupervisor(snapshot: () => SupervisorSnapshot | undefined): () => void {
  const meter = seoFarmMetrics().meter;
  const gauges: Array<[ObservableGauge, keyof SupervisorSnapshot]> = [
    [
      meter.createObservableGauge("seo_farm_queue_depth", {
        description: "Messages waiting or in progress per stage (consumer pending + ack pending).",
      }),
      "queueDepth",
    ],
    [
      meter.createObservableGauge("seo_farm_workers_total", {
        description: "Actor processes serving each stage.",
      }),
      "workersTotal",
    ],
    [
      meter.createObservableGauge("seo_farm_workers_active", {
        description: "Actor processes serving each stage that have work in hand.",
      }),
      "workersActive",
    ],
  ];
  // The SDK keeps reporting a series' last value once observed, so a supervisor that stops
  // leading reports zeros for what it reported before: sums over supervisors stay right.
  const seen = new Set<string>();
  const callback = (
    result: { observe(value: number, attrs?: Attributes): void },
    key: keyof SupervisorSnapshot,
  ) => {
    const values = snapshot()?.[key] ?? {};
    for (const [stage, value] of Object.entries(values)) {
      seen.add(stage);
      result.observe(value, { stage });
    }
    for (const stage of seen) if (!(stage in values)) result.observe(0, { stage });
  };
  const registered = gauges.map(([gauge, key]) => {
    const cb = (r: { observe(value: number, attrs?: Attributes): void }) => callback(r, key);
    gauge.addCallback(cb);
    return () => gauge.removeCallback(cb);
  });
  return () => {
    for (const off of registered) off();
  };
}

/** What a runtime can tell about its own memory, in bytes. */
export interface ProcessMemory {
  rssBytes: number;
  heapUsedBytes: number;
}

/** `seo_farm_process_resident_memory_bytes` and `seo_farm_process_heap_used_bytes`. */
export function observeProcessMemory(memory: () => ProcessMemory): void {
  const meter = seoFarmMetrics().meter;
  meter
    .createObservableGauge("seo_farm_process_resident_memory_bytes", {
      description: "Resident set size of this process, in bytes.",
    })
    .addCallback((r) => r.observe(memory().rssBytes));
  meter
    .createObservableGauge("seo_farm_process_heap_used_bytes", {
      description: "JavaScript heap in use by this process, in bytes.",
    })
    .addCallback((r) => r.observe(memory().heapUsedBytes));
}

/** Counts a workflow that ended and how long it took from submission. */
export function recordWorkflowEnd(
  status: WorkflowOutcome,
  pipeline: string,
  durationMs: number,
): void {
  const m = seoFarmMetrics();
  m.workflows.add(1, { status, pipeline });
  if (durationMs >= 0) m.workflowDuration.record(durationMs / 1000, { status, pipeline });
}
