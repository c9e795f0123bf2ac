/** `GET /metrics`: the process's Prometheus exposition on the API port, optionally behind a token. */
import { Hono } from "hono";
import { PROMETHEUS_CONTENT_TYPE } from "../../core/telemetry/prometheus-registry.ts";
import { problem, problemResponse } from "../problem.ts";

export interface MetricsRouteOptions {
  /** Collects the exposition text. */
  text(): Promise<string>;
  /** When set, scrapers send `Authorization: Bearer <token>`. */
  token?: string | undefined;
}

const encoder = new TextEncoder();

/** Compares in time independent of where the strings differ. */
async function sameSecret(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all(
    [given, expected].map(
      async (s) => new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(s))),
    ),
  );
  let diff = 0;
  for (let i = 0; i < a!.length; i++) diff |= a![i]! ^ b![i]!;
  return diff === 0;
}

export function metricsRoutes(opts: MetricsRouteOptions) {
  const app = new Hono();
  app.get("/metrics", async (c) => {
    if (opts.token) {
      const auth = c.req.header("Authorization") ?? "";
      const given = auth.startsWith("Bearer ") ? auth.slice(7) : "";
      if (!(await sameSecret(given, opts.token))) {
        return problemResponse(
          problem(401, "unauthorized", "Unauthorized", "send the metrics token as a bearer token"),
          { "WWW-Authenticate": 'Bearer realm="metrics"' },
        );
      }
    }
    return c.body(await opts.text(), 200, { "Content-Type": PROMETHEUS_CONTENT_TYPE });
  });
  return app;
}
