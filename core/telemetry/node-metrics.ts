/**
 * Node side of metrics: the process registry with Node's memory figures, and the small
 * `/metrics` HTTP server of actor and supervisor processes (the gateway serves `/metrics`
 * from its own app instead).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import process from "node:process";
import type { MetricsServer, MetricsServerOptions } from "./metrics-server.ts";
import {
  installPrometheusRegistry,
  PROMETHEUS_CONTENT_TYPE,
  type PrometheusRegistry,
} from "./prometheus-registry.ts";

export type { MetricsServer } from "./metrics-server.ts";

/** Installs the global metrics registry of this Node process. */
export function installNodeMetrics(serviceName: string, instanceId?: string): PrometheusRegistry {
  return installPrometheusRegistry({
    serviceName,
    ...(instanceId ? { instanceId } : {}),
    memory: () => {
      const m = process.memoryUsage();
      return { rssBytes: m.rss, heapUsedBytes: m.heapUsed };
    },
  });
}

/** Serves `GET /metrics` (optionally behind a bearer token) and nothing else. */
export async function startMetricsServer(opts: MetricsServerOptions): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/metrics") {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("not found\n");
      return;
    }
    if (opts.token && req.headers.authorization !== `Bearer ${opts.token}`) {
      res.writeHead(401, { "WWW-Authenticate": "Bearer" }).end();
      return;
    }
    opts.registry.text().then(
      (body) => res.writeHead(200, { "Content-Type": PROMETHEUS_CONTENT_TYPE }).end(body),
      (err: unknown) => res.writeHead(500).end(`metrics collection failed: ${String(err)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  server.unref();
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
