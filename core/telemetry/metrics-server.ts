/**
 * The small `/metrics` server of actor and supervisor processes, as a contract and a
 * web-standard request handler: each runtime's entry (node-metrics.ts, deno-metrics.ts) binds
 * it to a port. The gateway serves `/metrics` from its own app instead.
 */
import { PROMETHEUS_CONTENT_TYPE, type PrometheusRegistry } from "./prometheus-registry.ts";

export interface MetricsServerOptions {
  registry: PrometheusRegistry;
  /** 0 picks a free port. */
  port: number;
  host: string;
  /** When set, scrapers send `Authorization: Bearer <token>`. */
  token?: string | undefined;
}

export interface MetricsServer {
  /** The port it listens on (the one picked when asked for 0). */
  port: number;
  close(): Promise<void>;
}

/** Answers `GET /metrics` (behind the token, if any) and 404 to anything else. */
export function metricsHandler(
  opts: Pick<MetricsServerOptions, "registry" | "token">,
): (req: Request) => Promise<Response> {
  return async (req) => {
    if (req.method !== "GET" || new URL(req.url).pathname !== "/metrics") {
      return new Response("not found\n", {
        status: 404,
        headers: { "Content-Type": "text/plain" },
      });
    }
    if (opts.token && req.headers.get("authorization") !== `Bearer ${opts.token}`) {
      return new Response(null, { status: 401, headers: { "WWW-Authenticate": "Bearer" } });
    }
    try {
      const body = await opts.registry.text();
      return new Response(body, { headers: { "Content-Type": PROMETHEUS_CONTENT_TYPE } });
    } catch (err) {
      return new Response(`metrics collection failed: ${String(err)}\n`, { status: 500 });
    }
  };
}
