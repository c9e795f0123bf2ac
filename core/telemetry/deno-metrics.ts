/**
 * Deno side of metrics: the process registry with Deno's memory figures, and the `/metrics`
 * server of actor and supervisor processes on `Deno.serve` (node-metrics.ts is Node's).
 */
import { type MetricsServer, type MetricsServerOptions, metricsHandler } from "./metrics-server.ts";
import { installPrometheusRegistry, type PrometheusRegistry } from "./prometheus-registry.ts";

/** Installs the global metrics registry of this Deno process. */
export function installDenoMetrics(serviceName: string, instanceId?: string): PrometheusRegistry {
  return installPrometheusRegistry({
    serviceName,
    ...(instanceId ? { instanceId } : {}),
    memory: () => {
      const m = Deno.memoryUsage();
      return { rssBytes: m.rss, heapUsedBytes: m.heapUsed };
    },
  });
}

/** Serves `GET /metrics` (optionally behind a bearer token) and nothing else. */
export async function startMetricsServer(opts: MetricsServerOptions): Promise<MetricsServer> {
  const { promise: listening, resolve } = Promise.withResolvers<Deno.NetAddr>();
  const server = Deno.serve(
    { port: opts.port, hostname: opts.host, onListen: (addr) => resolve(addr) },
    metricsHandler(opts),
  );
  const addr = await listening;
  // Like Node's server.unref(): scrapes alone do not keep the process alive.
  server.unref();
  return { port: addr.port, close: () => server.shutdown() };
}
