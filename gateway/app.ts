/**
 * The gateway's Hono app, free of any runtime: Node, Deno and the edge mount the same app
 * with their own server and NATS transport. One error boundary maps domain errors to
 * RFC 9457 problem responses.
 *
 * On `/v1/*`, in this order: CORS (a preflight carries no key), the API key, the key's rate
 * limit, the body size limit; so a request is refused before its body is read. The
 * dashboard's files (`/`, `/dashboard`, `/assets/*`) pass none of these: they hold no data.
 */
import type { Context } from "hono";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import {
  DEFAULT_GATEWAY_MAX_BODY_BYTES,
  DEFAULT_GATEWAY_RATE_LIMIT_PER_MINUTE,
  parseConfig,
  type SeoFarmConfig,
} from "../core/config.ts";

/** The default batch body limit. */
export const DEFAULT_MAX_BATCH_BODY_BYTES = 4 * 1024 * 1024;
const DEFAULT_PRICING = parseConfig({});

import { ForbiddenFieldError, InvalidRequestError, SeoFarmError } from "../core/errors.ts";
import type { Logger } from "../core/log.ts";
import { isNatsUnavailable } from "../core/nats-unavailable.ts";
import type { ApiKeyring } from "./api-keys.ts";
import { type StaticAssets, staticRoutes } from "./assets.ts";
import type { GatewayBackend } from "./backend.ts";
import type { GatewayEnv } from "./context.ts";
import { apiKeyAuth } from "./middleware/api-key-auth.ts";
import { apiCors } from "./middleware/cors.ts";
import { rateLimit } from "./middleware/rate-limit.ts";
import { requestMetrics } from "./middleware/request-metrics.ts";
import { requestTracing } from "./middleware/request-tracing.ts";
import { gatewaySecureHeaders } from "./middleware/secure-headers.ts";
import { OPENAPI, openApiPage } from "./openapi.ts";
import { problem, problemResponse } from "./problem.ts";
import { RateLimiter } from "./rate-limiter.ts";
import { batchRoutes } from "./routes/batches.ts";
import { eventRoutes } from "./routes/events.ts";
import { healthRoutes } from "./routes/health.ts";
import { type MetricsRouteOptions, metricsRoutes } from "./routes/metrics.ts";
import { pipelineRoutes } from "./routes/pipelines.ts";
import { statsRoutes } from "./routes/stats.ts";
import { traceRoutes } from "./routes/trace.ts";
import { workflowRoutes } from "./routes/workflows.ts";

export interface GatewayOptions {
  backend: GatewayBackend;
  logger: Logger;
  /** Largest accepted request body, with Content-Length or chunked. @default 65536 */
  maxBodyBytes?: number;
  /** Serves `GET /metrics` from this registry; without it there is no such route. */
  metrics?: MetricsRouteOptions;
  /**
   * The API keys `/v1/*` accepts as `Authorization: Bearer <key>`. None, or an empty
   * keyring: no authentication (the runtime entry then serves loopback only). @default none
   */
  keyring?: ApiKeyring;
  /**
   * Requests per minute per API key without its own `rateLimitPerMinute`, and per client
   * when authentication is off; 0 = no limit. @default 600
   */
  rateLimitPerMinute?: number;
  /** Origins allowed to call the API from a browser; none = same-origin only. @default [] */
  corsOrigins?: readonly string[];
  /**
   * The client's address, where the runtime can tell it: the rate limit's bucket when
   * authentication is off. Without it those clients share one bucket. @default none
   */
  clientAddress?: (c: Context) => string | undefined;
  /** Largest batch create body (JSON or CSV). @default 4194304 (4 MiB) */
  maxBatchBodyBytes?: number;
  /** Most workflows in one batch. @default 10000 */
  maxBatchItems?: number;
  /** Model routes and prices, for batch estimates. @default the built-in defaults */
  pricing?: Pick<SeoFarmConfig, "routes" | "prices">;
  /** Creates get 503 once a stage's backlog passes this (GATEWAY_MAX_BACKLOG); 0 = never. @default 0 */
  maxBacklog?: number;
  /** Retry-After of the backpressure 503, seconds. @default 10 */
  backpressureRetryAfterS?: number;
  /** The rate limiter's clock, ms. @default Date.now */
  now?: () => number;
  /**
   * The dashboard's built files, served at `/`, `/dashboard` and `/assets/*`; the runtime
   * entry reads them. @default none (no dashboard)
   */
  assets?: StaticAssets;
}

/** The default body limit (GATEWAY_MAX_BODY_BYTES). */
export const DEFAULT_MAX_BODY_BYTES = DEFAULT_GATEWAY_MAX_BODY_BYTES;

const STATUS_OF: Partial<Record<string, [number, string, string]>> = {
  INVALID_REQUEST: [400, "invalid-request", "The request is not valid"],
  UNKNOWN_WORKFLOW: [404, "not-found", "No such workflow"],
  CONFLICT: [409, "conflict", "Conflict"],
  MONTHLY_BUDGET_EXCEEDED: [402, "monthly-budget-exceeded", "Monthly spend cap reached"],
};

export function createApp(opts: GatewayOptions): Hono<GatewayEnv> {
  const app = new Hono<GatewayEnv>();
  const maxSize = opts.maxBodyBytes ?? DEFAULT_GATEWAY_MAX_BODY_BYTES;
  const perMinute = opts.rateLimitPerMinute ?? DEFAULT_GATEWAY_RATE_LIMIT_PER_MINUTE;
  app.use("*", requestMetrics());
  app.use("*", requestTracing());

  app.use("*", gatewaySecureHeaders());
  const cors = apiCors(opts.corsOrigins ?? []);
  if (cors) app.use("/v1/*", cors);
  if (opts.keyring && opts.keyring.size > 0) {
    // The API's own description is public: a client reads it before it has a key.
    app.use(
      "/v1/*",
      apiKeyAuth({ keyring: opts.keyring, publicPaths: ["/v1/openapi.json", "/v1/docs"] }),
    );
  }
  app.use(
    "/v1/*",
    rateLimit({
      limiter: new RateLimiter(opts.now ? { now: opts.now } : {}),
      perMinute,
      ...(opts.clientAddress ? { clientAddress: opts.clientAddress } : {}),
    }),
  );
  // Hono's bodyLimit trusts Content-Length only when there is no Transfer-Encoding, and
  // counts a chunked body's bytes as they arrive, answering 413 past the limit.
  const limitOf = (size: number) =>
    bodyLimit({
      maxSize: size,
      // The answer comes before the rest of the body is read: the connection cannot carry
      // another request, so the client is told not to reuse it.
      onError: () =>
        problemResponse(
          problem(
            413,
            "payload-too-large",
            "Payload too large",
            `the body must be at most ${size} bytes`,
          ),
          { Connection: "close" },
        ),
    });
  const requestLimit = limitOf(maxSize);
  // A batch of 10,000 keywords is larger than any single request.
  const batchLimit = limitOf(opts.maxBatchBodyBytes ?? DEFAULT_MAX_BATCH_BODY_BYTES);
  app.use("/v1/*", (c, next) =>
    c.req.path === "/v1/batches" || c.req.path === "/v1/batches/"
      ? batchLimit(c, next)
      : requestLimit(c, next),
  );
  app.route("/", healthRoutes(opts.backend));
  if (opts.assets) app.route("/", staticRoutes(opts.assets));
  if (opts.metrics) app.route("/", metricsRoutes(opts.metrics));
  app.route("/", traceRoutes(opts.backend));
  app.route("/", eventRoutes(opts.backend));
  app.route("/v1/pipelines", pipelineRoutes(opts.backend));
  app.get("/v1/openapi.json", (c) => c.json(OPENAPI));
  app.get("/v1/docs", (c) => c.html(openApiPage()));
  app.route(
    "/v1/batches",
    batchRoutes(opts.backend, {
      pricing: opts.pricing ?? DEFAULT_PRICING,
      ...(opts.maxBatchItems ? { maxItems: opts.maxBatchItems } : {}),
    }),
  );
  app.route("/v1/stats", statsRoutes(opts.backend));
  app.route(
    "/v1/workflows",
    workflowRoutes(opts.backend, {
      maxBacklog: opts.maxBacklog ?? 0,
      ...(opts.backpressureRetryAfterS ? { retryAfterS: opts.backpressureRetryAfterS } : {}),
    }),
  );

  app.notFound((c) =>
    problemResponse(
      problem(404, "not-found", "Not found", `no route for ${c.req.method} ${c.req.path}`),
    ),
  );
  app.onError((err, c) => {
    if (err instanceof InvalidRequestError) {
      return problemResponse(
        problem(400, "invalid-request", "The request is not valid", err.message, {
          errors: err.issues,
        }),
      );
    }
    if (err instanceof ForbiddenFieldError) {
      return problemResponse(
        problem(
          403,
          "forbidden-field",
          "The request sets a field its sender may not set",
          err.message,
          {
            errors: err.issues,
          },
        ),
      );
    }
    if (err instanceof SeoFarmError && err.code === "STREAM_FULL") {
      // The same answer as the backlog check's: nothing was accepted, come back later.
      const retryAfterS = opts.backpressureRetryAfterS ?? 10;
      return problemResponse(problem(503, "backpressure", "Too much work queued", err.message), {
        "Retry-After": String(retryAfterS),
      });
    }
    if (err instanceof SeoFarmError) {
      const mapped = STATUS_OF[err.code];
      if (mapped) return problemResponse(problem(mapped[0], mapped[1], mapped[2], err.message));
    }
    if (err instanceof HTTPException) {
      return problemResponse(problem(err.status, "http-error", err.message || "HTTP error"));
    }
    if (isNatsUnavailable(err)) {
      // A failover or reconnect: NATS did not answer in time. A create may still have been
      // accepted, so the way back is a retry with the same Idempotency-Key.
      opts.logger.warn("NATS unavailable", { method: c.req.method, path: c.req.path });
      return problemResponse(
        problem(
          503,
          "nats-unavailable",
          "The message bus is not answering",
          "NATS did not answer in time; retry shortly (a create with the same Idempotency-Key)",
        ),
        { "Retry-After": "2" },
      );
    }
    opts.logger.error("request failed", {
      method: c.req.method,
      path: c.req.path,
      ...(c.get("apiKey") ? { apiKey: c.get("apiKey") } : {}),
      error: err instanceof Error ? err.message : String(err),
    });
    return problemResponse(
      problem(500, "internal", "Internal error", "the request could not be completed"),
    );
  });
  return app;
}
