/**
 * A server span per gateway request, continuing the caller's trace when it sends a
 * `traceparent`; everything the request does (the submit to NATS included) nests under it.
 */

import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import type { MiddlewareHandler } from "hono";
import { extractTraceContext, inSpan } from "../../core/telemetry/tracing.ts";

export function requestTracing(): MiddlewareHandler {
  return async function requestTracing(c, next) {
    const headers = c.req.raw.headers;
    const parent = extractTraceContext({
      get: (k) => headers.get(k) ?? "",
      set: () => {},
      keys: () => [...headers.keys()],
    });
    await inSpan(
      `${c.req.method}`,
      {
        kind: SpanKind.SERVER,
        parent,
        attributes: { "http.request.method": c.req.method, "url.path": c.req.path },
      },
      async (span) => {
        await next();
        const route = c.req.routePath;
        // Named by the route pattern, as the HTTP semantic conventions ask.
        if (route) {
          span.updateName(`${c.req.method} ${route}`);
          span.setAttribute("http.route", route);
        }
        span.setAttribute("http.response.status_code", c.res.status);
        if (c.res.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      },
    );
  };
}
