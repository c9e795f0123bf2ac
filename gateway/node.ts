/** Node entry of the gateway: the runtime-free app on `@hono/node-server` with a TCP NATS connection. */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { NatsConnection } from "@nats-io/nats-core";
import type { SeoFarmConfig } from "../core/config.ts";
import type { Logger } from "../core/log.ts";
import { parseTelemetryConfig } from "../core/telemetry/config.ts";
import { installNodeMetrics } from "../core/telemetry/node-metrics.ts";
import type { PrometheusRegistry } from "../core/telemetry/prometheus-registry.ts";
import { ensureTopology } from "../core/topology.ts";
import { createApp } from "./app.ts";
import { NatsGatewayBackend } from "./nats-backend.ts";

export interface RunningGateway {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startGateway(opts: {
  nc: NatsConnection;
  config: SeoFarmConfig;
  logger: Logger;
  /** The process's metrics registry, served at `/metrics`. @default one installed here */
  metrics?: PrometheusRegistry;
  /** Environment for the telemetry settings (METRICS_TOKEN). @default {} */
  env?: Record<string, string | undefined>;
}): Promise<RunningGateway> {
  const { nc, config, logger } = opts;
  await ensureTopology(nc, { ...config, stages: [] });
  const registry = opts.metrics ?? installNodeMetrics("seo-farm-gateway");
  const telemetry = parseTelemetryConfig(opts.env ?? {});
  const app = createApp({
    backend: await NatsGatewayBackend.open(nc),
    logger,
    metrics: { text: () => registry.text(), token: telemetry.metricsToken },
  });
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port });
  // Idle keep-alive connections stay open longer than clients' pools keep them (undici: 4 s),
  // so a client never reuses a socket the server is closing at that moment (ECONNRESET).
  const http = server as unknown as { keepAliveTimeout: number; headersTimeout: number };
  http.keepAliveTimeout = 65_000;
  http.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const port = (server.address() as AddressInfo).port;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  logger.info("gateway listening", { url });
  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections would hold close() open; end them.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
