/**
 * The gateway at the edge (Deno Deploy, Cloudflare Workers and alike): no TCP socket, so
 * NATS is reached over WebSocket (nats.js `wsconnect`; the server's `websocket` block, see
 * infra/nats/nats-websocket.conf) and no file is read. The same app as on Node and Deno,
 * as a `fetch` handler that connects on its first request and keeps the connection.
 *
 * An edge gateway is public by nature: it does not start without API keys
 * (GATEWAY_API_KEYS); every request answers 503 saying so instead.
 */
import { wsconnect } from "@nats-io/nats-core";
import type { Hono } from "hono";
import { parseConfig } from "../core/config.ts";
import { createLogger } from "../core/log.ts";
import { parseNatsAuth } from "../core/nats/auth.ts";
import { parseTelemetryConfig } from "../core/telemetry/config.ts";
import { installPrometheusRegistry } from "../core/telemetry/prometheus-registry.ts";
import type { StaticAssets } from "./assets.ts";
import type { GatewayEnv } from "./context.ts";
import { prepareGateway } from "./gateway-setup.ts";
import { problem, problemResponse } from "./problem.ts";

export interface EdgeGatewayOptions {
  /** The platform's environment (variables and secrets). */
  env: Record<string, string | undefined>;
  /** The dashboard's files, if the platform bundles them. @default none */
  assets?: StaticAssets;
}

/** The NATS WebSocket URL(s): NATS_WS_URL, comma-separated. */
function wsServers(env: Record<string, string | undefined>): string[] {
  const raw = env.NATS_WS_URL?.trim();
  if (!raw)
    throw new TypeError(
      "NATS_WS_URL is not set: the edge gateway needs ws(s)://host:port of a NATS WebSocket listener",
    );
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

export function edgeGateway(opts: EdgeGatewayOptions): { fetch(req: Request): Promise<Response> } {
  let app: Promise<Hono<GatewayEnv>> | undefined;
  const start = async (): Promise<Hono<GatewayEnv>> => {
    const config = parseConfig(opts.env);
    const logger = createLogger({
      level: config.logLevel,
      base: { component: "gateway", runtime: "edge" },
    });
    if (config.gateway.apiKeys.length === 0) {
      throw new EdgeNotConfigured(
        "set GATEWAY_API_KEYS: an edge gateway does not run without API keys",
      );
    }
    // A user and password or a token from the environment (a creds file needs a file system).
    const auth = parseNatsAuth(opts.env, "");
    const nc = await wsconnect({
      servers: wsServers(opts.env),
      name: "seo-farm-gateway-edge",
      ...(auth.kind === "user" ? { user: auth.user, pass: auth.pass } : {}),
      ...(auth.kind === "token" ? { token: auth.token } : {}),
    });
    const registry = installPrometheusRegistry({ serviceName: "seo-farm-gateway-edge" });
    const gateway = await prepareGateway({
      nc,
      config,
      logger,
      readTextFile: () =>
        Promise.reject(
          new TypeError("there are no files at the edge: give the keys in GATEWAY_API_KEYS"),
        ),
      registry,
      metricsToken: parseTelemetryConfig(opts.env).metricsToken,
      assets: opts.assets,
    });
    logger.info("edge gateway connected", { auth: gateway.authEnabled });
    return gateway.app;
  };
  return {
    async fetch(req) {
      // A failed start is tried again on the next request (NATS may come up later).
      app ??= start().catch((err: unknown) => {
        app = undefined;
        throw err;
      });
      try {
        return await (await app).fetch(req);
      } catch (err) {
        return problemResponse(
          problem(
            503,
            "unavailable",
            "The gateway cannot serve yet",
            err instanceof Error ? err.message : String(err),
          ),
          { "Retry-After": "5" },
        );
      }
    },
  };
}

export class EdgeNotConfigured extends Error {
  override name = "EdgeNotConfigured";
}
