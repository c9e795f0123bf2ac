/**
 * The gateway's Hono app, free of any runtime: Node, Deno and the edge mount the same app
 * with their own server and NATS transport. One error boundary maps domain errors to
 * RFC 9457 problem responses.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { ForbiddenFieldError, InvalidRequestError, SeoFarmError } from "../core/errors.ts";
import type { Logger } from "../core/log.ts";
import type { GatewayBackend } from "./backend.ts";
import { problem, problemResponse } from "./problem.ts";
import { healthRoutes } from "./routes/health.ts";
import { workflowRoutes } from "./routes/workflows.ts";

export interface GatewayOptions {
  backend: GatewayBackend;
  logger: Logger;
  /** Largest accepted request body. @default 65536 */
  maxBodyBytes?: number;
}

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

const STATUS_OF: Partial<Record<string, [number, string, string]>> = {
  INVALID_REQUEST: [400, "invalid-request", "The request is not valid"],
  UNKNOWN_WORKFLOW: [404, "not-found", "No such workflow"],
  CONFLICT: [409, "conflict", "Conflict"],
};

export function createApp(opts: GatewayOptions): Hono {
  const app = new Hono();
  const maxSize = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  app.use(
    "/v1/*",
    bodyLimit({
      maxSize,
      onError: () =>
        problemResponse(
          problem(
            413,
            "payload-too-large",
            "Payload too large",
            `the body must be at most ${maxSize} bytes`,
          ),
        ),
    }),
  );
  app.route("/", healthRoutes(opts.backend));
  app.route("/v1/workflows", workflowRoutes(opts.backend));

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
        problem(403, "forbidden-field", "A field may not be set with this API key", err.message, {
          errors: err.issues,
        }),
      );
    }
    if (err instanceof SeoFarmError) {
      const mapped = STATUS_OF[err.code];
      if (mapped) return problemResponse(problem(mapped[0], mapped[1], mapped[2], err.message));
    }
    if (err instanceof HTTPException) {
      return problemResponse(problem(err.status, "http-error", err.message || "HTTP error"));
    }
    opts.logger.error("request failed", {
      method: c.req.method,
      path: c.req.path,
      error: err instanceof Error ? err.message : String(err),
    });
    return problemResponse(
      problem(500, "internal", "Internal error", "the request could not be completed"),
    );
  });
  return app;
}
