/** Node entry of the gateway: the runtime-free app on `@hono/node-server` with a TCP NATS connection. */
import { readFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { NatsConnection } from "@nats-io/nats-core";
import type { GatewayConfig, SeoFarmConfig } from "../core/config.ts";
import type { Logger } from "../core/log.ts";
import { parseTelemetryConfig } from "../core/telemetry/config.ts";
import { installNodeMetrics } from "../core/telemetry/node-metrics.ts";
import type { PrometheusRegistry } from "../core/telemetry/prometheus-registry.ts";
import type { ApiKeyring } from "./api-keys.ts";
import type { StaticAssets } from "./assets.ts";
import { loadApiKeyring as loadKeyring, prepareGateway } from "./gateway-setup.ts";
import { loadStaticAssets } from "./node-assets.ts";

export interface RunningGateway {
  url: string;
  port: number;
  /** Whether `/v1/*` asks for an API key. */
  authEnabled: boolean;
  /** One line for the operator: the keys by name, or that authentication is off and why. */
  securityNote: string;
  /** Where the dashboard is, when it is built. */
  dashboardUrl?: string;
  /** The process serving it, when that is not this one (tests run it on Deno too). */
  pid?: number;
  close(): Promise<void>;
}

/** The keys of GATEWAY_API_KEYS and of GATEWAY_API_KEYS_FILE, hashed. */
export function loadApiKeyring(gw: GatewayConfig): Promise<ApiKeyring> {
  return loadKeyring(gw, (path) => readFile(path, "utf8"));
}

export async function startGateway(opts: {
  nc: NatsConnection;
  config: SeoFarmConfig;
  logger: Logger;
  /** The process's metrics registry, served at `/metrics`. @default one installed here */
  metrics?: PrometheusRegistry;
  /** Environment for the telemetry settings (METRICS_TOKEN). @default {} */
  env?: Record<string, string | undefined>;
  /** The dashboard's files. @default the build in dist/web, if there is one */
  assets?: StaticAssets;
}): Promise<RunningGateway> {
  const { nc, config, logger } = opts;
  const registry = opts.metrics ?? installNodeMetrics("seo-farm-gateway");
  const assets = opts.assets ?? (await loadStaticAssets());
  const { app, bindHost, authEnabled, securityNote } = await prepareGateway({
    nc,
    config,
    logger,
    readTextFile: (path) => readFile(path, "utf8"),
    registry,
    metricsToken: parseTelemetryConfig(opts.env ?? {}).metricsToken,
    assets,
    clientAddress: (c) => getConnInfo(c).remote.address,
  });
  const bind = { host: bindHost };
  const server = serve({ fetch: app.fetch, hostname: bind.host, port: config.port });
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
  const host = bind.host.includes(":") ? `[${bind.host}]` : bind.host;
  const url = `http://${host}:${port}`;
  logger.info("gateway listening", { url, auth: authEnabled });
  return {
    url,
    port,
    authEnabled,
    securityNote,
    ...(assets ? { dashboardUrl: `${url}/dashboard` } : {}),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections would hold close() open; end them.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
