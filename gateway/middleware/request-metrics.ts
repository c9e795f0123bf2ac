/**
 * Counts and times every gateway request as `seo_farm_http_requests_total` and
 * `seo_farm_http_request_duration_seconds`, labelled by the matched route pattern (never the
 * raw path, which would make one series per workflow id).
 */
import type { MiddlewareHandler } from "hono";
import { seoFarmMetrics } from "../../core/telemetry/metrics.ts";

export function requestMetrics(): MiddlewareHandler {
  return async function requestMetrics(c, next) {
    const started = performance.now();
    try {
      await next();
    } finally {
      const m = seoFarmMetrics();
      const route = c.req.routePath || "unmatched";
      const method = c.req.method;
      m.httpRequests.add(1, { method, route, status: String(c.res.status) });
      m.httpDuration.record((performance.now() - started) / 1000, { method, route });
    }
  };
}
