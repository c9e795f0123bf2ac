/**
 * Everything a gateway entry does before it listens, whatever the runtime: API keys (from
 * the environment and the key file), the bind decision (loopback only without keys), the
 * topology, the backend and the app. `node.ts` and `deno.ts` then serve `app.fetch`.
 */

import type { NatsConnection } from "@nats-io/nats-core";
import type { Context, Hono } from "hono";
import { ConfigError, type GatewayConfig, type SeoFarmConfig } from "../core/config.ts";
import { errorMessage } from "../core/errors.ts";
import type { Logger } from "../core/log.ts";
import type { PrometheusRegistry } from "../core/telemetry/prometheus-registry.ts";
import { ensureTopology } from "../core/topology.ts";
import { ApiKeyring, type ApiKeySpec, parseApiKeysFile } from "./api-keys.ts";
import { createApp } from "./app.ts";
import type { StaticAssets } from "./assets.ts";
import { gatewayBindHost } from "./bind-host.ts";
import type { GatewayEnv } from "./context.ts";
import { NatsGatewayBackend } from "./nats-backend.ts";

/** Reads a text file (the key file); the runtime's own API. */
export type TextFileReader = (path: string) => Promise<string>;

/** The keys of GATEWAY_API_KEYS and of GATEWAY_API_KEYS_FILE, hashed. */
export async function loadApiKeyring(
  gw: GatewayConfig,
  readTextFile: TextFileReader,
): Promise<ApiKeyring> {
  const specs: ApiKeySpec[] = [...gw.apiKeys];
  if (gw.apiKeysFile) {
    let text: string;
    try {
      text = await readTextFile(gw.apiKeysFile);
    } catch (err) {
      throw new ConfigError(
        `GATEWAY_API_KEYS_FILE: cannot read ${gw.apiKeysFile}: ${errorMessage(err)}`,
      );
    }
    specs.push(...parseApiKeysFile(text, `GATEWAY_API_KEYS_FILE ${gw.apiKeysFile}`));
  }
  return await ApiKeyring.create(specs);
}

export interface GatewaySetupOptions {
  nc: NatsConnection;
  config: SeoFarmConfig;
  logger: Logger;
  readTextFile: TextFileReader;
  /** The process's metrics registry, served at `/metrics`. */
  registry: PrometheusRegistry;
  /** METRICS_TOKEN, when `/metrics` wants one. */
  metricsToken?: string | undefined;
  /** The dashboard's files, when built. */
  assets?: StaticAssets | undefined;
  /** The client's address, where the runtime can tell it (the no-auth rate limit bucket). */
  clientAddress?: (c: Context) => string | undefined;
}

export interface PreparedGateway {
  app: Hono<GatewayEnv>;
  /** Where to listen: HOST, or loopback when there are no keys. */
  bindHost: string;
  authEnabled: boolean;
  /** One line for the operator: the keys by name, or that authentication is off and why. */
  securityNote: string;
}

export async function prepareGateway(opts: GatewaySetupOptions): Promise<PreparedGateway> {
  const { nc, config, logger } = opts;
  const keyring = await loadApiKeyring(config.gateway, opts.readTextFile);
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
  if (!opts.assets) {
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
    metrics: { text: () => opts.registry.text(), token: opts.metricsToken },
    ...(opts.clientAddress ? { clientAddress: opts.clientAddress } : {}),
    ...(opts.assets ? { assets: opts.assets } : {}),
  });
  return { app, bindHost: bind.host, authEnabled, securityNote };
}
