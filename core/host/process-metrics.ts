/**
 * The metrics of a long-running process (actor, supervisor): the registry, and its
 * `/metrics` server on METRICS_PORT unless that is `off`.
 */
import type { TelemetryConfig } from "../telemetry/config.ts";
import type { MetricsServer } from "../telemetry/metrics-server.ts";
import {
  installPrometheusRegistry,
  type PrometheusRegistry,
} from "../telemetry/prometheus-registry.ts";
import type { ProcessHost } from "./process-host.ts";

export async function startProcessMetrics(
  host: ProcessHost,
  serviceName: string,
  telemetry: TelemetryConfig,
): Promise<{ registry: PrometheusRegistry; server: MetricsServer | undefined }> {
  const registry = installPrometheusRegistry({
    serviceName,
    instanceId: `${host.hostname}:${host.pid}`,
    memory: host.memory,
  });
  const server =
    telemetry.metricsPort === null
      ? undefined
      : await host.startMetricsServer({
          registry,
          port: telemetry.metricsPort,
          host: telemetry.metricsHost,
          token: telemetry.metricsToken,
        });
  return { registry, server };
}
