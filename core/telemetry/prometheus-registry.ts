/**
 * The process's metric registry: an OpenTelemetry MeterProvider whose reader is the
 * Prometheus exporter, read on demand. The exporter's own HTTP server stays off: the gateway
 * serves `/metrics` on its API port and other processes from a small server of their entry,
 * both through `text()`, so this module needs no runtime API.
 */
import { metrics } from "@opentelemetry/api";
import { PrometheusExporter, PrometheusSerializer } from "@opentelemetry/exporter-prometheus";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { MeterProvider } from "@opentelemetry/sdk-metrics";
import { observeProcessMemory, type ProcessMemory } from "./metrics.ts";

export interface PrometheusRegistryOptions {
  /** `service.name` of the process (`target_info`): `seo-farm-actor`, `seo-farm-gateway`, … */
  serviceName: string;
  /** `service.instance.id`, e.g. `host:pid`. */
  instanceId?: string;
  /** Reports the process's memory as `seo_farm_process_*_bytes`, when the runtime can tell. */
  memory?: () => ProcessMemory;
}

export interface PrometheusRegistry {
  /** The Prometheus text exposition (format 0.0.4) of every metric, collected now. */
  text(): Promise<string>;
  shutdown(): Promise<void>;
}

/** The content type of `text()`. */
export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** Installs the global meter provider (once per process) and returns its reader. */
export function installPrometheusRegistry(opts: PrometheusRegistryOptions): PrometheusRegistry {
  const exporter = new PrometheusExporter({ preventServerStart: true, withoutScopeInfo: true });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({
      "service.name": opts.serviceName,
      ...(opts.instanceId ? { "service.instance.id": opts.instanceId } : {}),
    }),
    readers: [exporter],
  });
  metrics.disable();
  metrics.setGlobalMeterProvider(provider);
  if (opts.memory) observeProcessMemory(opts.memory);
  const serializer = new PrometheusSerializer("", false, undefined, false, true);
  return {
    async text() {
      const { resourceMetrics, errors } = await exporter.collect();
      const body = serializer.serialize(resourceMetrics);
      return errors.length
        ? `${body}\n# collection errors: ${errors.map(String).join("; ").replace(/\n/g, " ")}\n`
        : body;
    },
    async shutdown() {
      await provider.shutdown();
      metrics.disable();
    },
  };
}
