/**
 * Per-key rate limit on the API: each API key has its own bucket (its file entry may set its
 * own rate); with authentication off, each client address has one, or all share one where
 * the runtime cannot tell addresses. Headers are never trusted for this: a client would
 * pick a fresh `X-Forwarded-For` per request.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { GatewayEnv } from "../context.ts";
import { problem, problemResponse } from "../problem.ts";
import type { RateDecision, RateLimiter } from "../rate-limiter.ts";

export interface RateLimitOptions {
  limiter: RateLimiter;
  /** Requests per minute of a key without its own setting, and of anonymous clients; 0 = off. */
  perMinute: number;
  /** The client's address where the runtime knows it (buckets when authentication is off). */
  clientAddress?: (c: Context) => string | undefined;
}

/** The bucket of unauthenticated clients whose address the runtime does not give. */
export const ANONYMOUS_BUCKET = "anonymous";

function headersOf(d: RateDecision): Record<string, string> {
  return {
    "RateLimit-Limit": String(d.limit),
    "RateLimit-Remaining": String(d.remaining),
    "RateLimit-Reset": String(d.resetSeconds),
  };
}

export function rateLimit(opts: RateLimitOptions): MiddlewareHandler<GatewayEnv> {
  return async function rateLimit(c, next) {
    const policy = c.get("apiKeyPolicy");
    const perMinute = policy?.rateLimitPerMinute ?? opts.perMinute;
    if (perMinute === 0) return await next();
    let bucket: string;
    if (policy) bucket = `key:${policy.name}`;
    else {
      const address = opts.clientAddress?.(c);
      bucket = address ? `ip:${address}` : ANONYMOUS_BUCKET;
    }
    const d = opts.limiter.take(bucket, perMinute);
    if (!d.allowed) {
      const who = policy ? `API key "${policy.name}"` : "this client";
      return problemResponse(
        problem(
          429,
          "rate-limited",
          "Too many requests",
          `${who} may make ${perMinute} requests per minute; retry in ${d.retryAfterSeconds} s`,
        ),
        { "Retry-After": String(d.retryAfterSeconds), ...headersOf(d) },
      );
    }
    await next();
    for (const [name, value] of Object.entries(headersOf(d))) c.res.headers.set(name, value);
  };
}
