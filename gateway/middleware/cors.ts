/**
 * CORS for the API, off unless GATEWAY_CORS_ORIGINS lists origins: a browser page from
 * another origin can then call the API with its own API key (a bearer header, no cookies, so
 * credentials mode stays off).
 */
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";

/** Response headers a cross-origin page may read. */
export const CORS_EXPOSED_HEADERS = [
  "Location",
  "Retry-After",
  "RateLimit-Limit",
  "RateLimit-Remaining",
  "RateLimit-Reset",
];

/** How long a browser may cache a preflight answer. */
export const CORS_MAX_AGE_S = 600;

/** The CORS middleware for `origins`, or undefined when there are none (same-origin only). */
export function apiCors(origins: readonly string[]): MiddlewareHandler | undefined {
  if (origins.length === 0) return undefined;
  return cors({
    origin: origins.includes("*") ? "*" : [...origins],
    allowMethods: ["GET", "POST", "OPTIONS"],
    allowHeaders: ["Authorization", "Content-Type"],
    exposeHeaders: CORS_EXPOSED_HEADERS,
    maxAge: CORS_MAX_AGE_S,
  });
}
