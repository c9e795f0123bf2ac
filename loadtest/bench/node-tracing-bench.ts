/**
 * Tracing's cost: the engine's throughput with tracing off (no SDK: the API's no-op spans)
 * and on (the Node SDK, every span sampled and exported over OTLP/HTTP to a local receiver
 * that reads and drops them), rounds alternating in one run. The LLM is the canned stand-in
 * behind the real router, so LLM-call spans are made as in production.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { NatsConnection } from "@nats-io/nats-core";
import { context, propagation, trace } from "@opentelemetry/api";
import type { SeoFarmConfig } from "../../core/config.ts";
import { LlmRouter } from "../../core/llm/router.ts";
import type { PipelineSnapshot } from "../../core/pipeline.ts";
import { cannedProviders } from "./canned-llm.ts";
import { runEngine } from "./engine.ts";
import { median } from "./stats.ts";

export interface TracingBenchResult {
  offPerSecond: number[];
  onPerSecond: number[];
  spansExported: number;
}

export async function runTracingBench(
  submitNc: NatsConnection,
  actorNc: NatsConnection,
  opts: {
    config: SeoFarmConfig;
    pipelines: PipelineSnapshot[];
    workflows: number;
    window: number;
    rounds: number;
  },
): Promise<TracingBenchResult> {
  let bytes = 0;
  let posts = 0;
  const sink = createServer((req, res) => {
    req.on("data", (d: Buffer) => {
      bytes += d.length;
    });
    req.on("end", () => {
      posts++;
      res.writeHead(200, { "Content-Type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((r) => sink.listen(0, "127.0.0.1", r));
  const endpoint = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
  const { NodeSDK } = await import("@opentelemetry/sdk-node");
  const { OTLPTraceExporter } = await import("@opentelemetry/exporter-trace-otlp-http");
  const { BatchSpanProcessor } = await import("@opentelemetry/sdk-trace-base");
  let spans = 0;
  const llm = new LlmRouter(
    cannedProviders([
      ...new Set(
        Object.values(opts.config.routes)
          .flat()
          .map((s) => s.provider),
      ),
    ]),
    opts.config,
  );
  const result: TracingBenchResult = { offPerSecond: [], onPerSecond: [], spansExported: 0 };
  for (let r = 0; r < opts.rounds; r++) {
    for (const on of [false, true]) {
      let sdk: InstanceType<typeof NodeSDK> | undefined;
      if (on) {
        const exporter = new OTLPTraceExporter({ url: `${endpoint}/v1/traces` });
        const counting = {
          export: (
            items: Parameters<typeof exporter.export>[0],
            done: Parameters<typeof exporter.export>[1],
          ) => {
            spans += items.length;
            exporter.export(items, done);
          },
          shutdown: () => exporter.shutdown(),
          forceFlush: () => exporter.forceFlush(),
        };
        sdk = new NodeSDK({
          serviceName: "seo-farm-bench",
          spanProcessors: [new BatchSpanProcessor(counting, { maxQueueSize: 65_536 })],
          metricReaders: [],
          logRecordProcessors: [],
          instrumentations: [],
        });
        sdk.start();
      }
      const res = await runEngine(submitNc, actorNc, {
        config: opts.config,
        pipelines: opts.pipelines,
        llm,
        workflows: opts.workflows,
        window: opts.window,
        run: 1000 + r * 2 + (on ? 1 : 0),
      });
      (on ? result.onPerSecond : result.offPerSecond).push(res.perSecond);
      if (sdk) {
        await sdk.shutdown();
        // Back to the API's no-op globals for the next "off" round.
        trace.disable();
        context.disable();
        propagation.disable();
      }
      console.log(
        `tracing round ${r + 1} ${on ? "on " : "off"}: ${res.perSecond.toFixed(0)} workflows/s`,
      );
    }
  }
  result.spansExported = spans;
  sink.close();
  console.log(
    `  (exported ${spans} spans in ${posts} OTLP requests, ${(bytes / 2 ** 20).toFixed(1)} MiB)`,
  );
  return result;
}

export function tracingRatio(r: TracingBenchResult): number {
  return median(r.onPerSecond) / median(r.offPerSecond);
}
