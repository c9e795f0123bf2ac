/** Node entry of the gateway: the runtime-free app on `@hono/node-server` with a TCP NATS connection. */
import { readFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { NatsConnection } from "@nats-io/nats-core";
import { ConfigError, type GatewayConfig, type SeoFarmConfig } from "../core/config.ts";
import { errorMessage } from "../core/errors.ts";
import type { Logger } from "../core/log.ts";
import { parseTelemetryConfig } from "../core/telemetry/config.ts";
import { installNodeMetrics } from "../core/telemetry/node-metrics.ts";
import type { PrometheusRegistry } from "../core/telemetry/prometheus-registry.ts";
import { ensureTopology } from "../core/topology.ts";
import { ApiKeyring, type ApiKeySpec, parseApiKeysFile } from "./api-keys.ts";
import { createApp } from "./app.ts";
import type { StaticAssets } from "./assets.ts";
import { gatewayBindHost } from "./bind-host.ts";
import { NatsGatewayBackend } from "./nats-backend.ts";
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
  close(): Promise<void>;
}

/** The keys of GATEWAY_API_KEYS and of GATEWAY_API_KEYS_FILE, hashed. */
export async function loadApiKeyring(gw: GatewayConfig): Promise<ApiKeyring> {
  const specs: ApiKeySpec[] = [...gw.apiKeys];
  if (gw.apiKeysFile) {
    let text: string;
    try {
      text = await readFile(gw.apiKeysFile, "utf8");
    } catch (err) {
      throw new ConfigError(
        `GATEWAY_API_KEYS_FILE: cannot read ${gw.apiKeysFile}: ${errorMessage(err)}`,
      );
    }
    specs.push(...parseApiKeysFile(text, `GATEWAY_API_KEYS_FILE ${gw.apiKeysFile}`));
  }
  return await ApiKeyring.create(specs);
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
  const keyring = await loadApiKeyring(config.gateway);
  const authEnabled = keyring.size > 0;
  const bind = gatewayBindHost(config.host, authEnabled);
  let securityNote: string;
  if (authEnabled) {
    securityNote = `API keys required (${keyring.names.join(", ")})`;
    logger.info("gateway authentication on", { apiKeys: keyring.names });
  } else if (bind.warning) {
    securityNote = `no API keys: authentication off, so serving ${bind.host} only instead of HOST ${config.host}`;
    logger.warn(bind.warning, { host: config.host, listening: bind.host });
  } else {
    securityNote =
      "no API keys: authentication off (loopback only; set GATEWAY_API_KEYS to serve other hosts)";
    logger.info(
      "no API keys configured: authentication is off, and the gateway serves loopback only",
      { host: bind.host },
    );
  }
  await ensureTopology(nc, { ...config, stages: [] });
  const registry = opts.metrics ?? installNodeMetrics("seo-farm-gateway");
  const telemetry = parseTelemetryConfig(opts.env ?? {});
  const assets = opts.assets ?? (await loadStaticAssets());
  if (!assets) {
    logger.warn("the dashboard is not built (no dist/web/manifest.json): run npm run build");
  }
  const app = createApp({
    backend: await NatsGatewayBackend.open(nc),
    logger,
    keyring,
    rateLimitPerMinute: config.gateway.rateLimitPerMinute,
    corsOrigins: config.gateway.corsOrigins,
    maxBodyBytes: config.gateway.maxBodyBytes,
    maxBacklog: config.gateway.maxBacklog,
    pricing: config,
    backpressureRetryAfterS: config.gateway.backpressureRetryAfterS,
    clientAddress: (c) => getConnInfo(c).remote.address,
    metrics: { text: () => registry.text(), token: telemetry.metricsToken },
    ...(assets ? { assets } : {}),
  });
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
