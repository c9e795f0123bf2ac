/**
 * Bearer API keys on the API: `Authorization: Bearer <key>`, checked against the keyring.
 * A refusal is a 401 problem with `WWW-Authenticate: Bearer` (RFC 6750) that never repeats
 * what was presented.
 */
import type { MiddlewareHandler } from "hono";
import type { ApiKeyring } from "../api-keys.ts";
import type { GatewayEnv } from "../context.ts";
import { problem, problemResponse } from "../problem.ts";

export interface ApiKeyAuthOptions {
  keyring: ApiKeyring;
  /** The `realm` of the challenge. @default "seo-farm" */
  realm?: string;
  /** Paths served without a key (the API description). @default [] */
  publicPaths?: readonly string[];
}

const BEARER = /^Bearer +([^\s]+) *$/i;

export function apiKeyAuth(opts: ApiKeyAuthOptions): MiddlewareHandler<GatewayEnv> {
  const realm = opts.realm ?? "seo-farm";
  const refuse = (detail: string, error?: string) =>
    problemResponse(problem(401, "unauthorized", "Unauthorized", detail), {
      "WWW-Authenticate": `Bearer realm="${realm}"${error ? `, error="${error}"` : ""}`,
    });
  const open = new Set(opts.publicPaths ?? []);
  return async function apiKeyAuth(c, next) {
    if (open.has(c.req.path)) return await next();
    const header = c.req.header("Authorization");
    if (!header) return refuse("send an API key: Authorization: Bearer <key>");
    const m = BEARER.exec(header);
    if (!m) {
      return refuse("the Authorization header must be Bearer <key>", "invalid_request");
    }
    const policy = await opts.keyring.verify(m[1]!);
    if (!policy) return refuse("the API key is not valid", "invalid_token");
    c.set("apiKey", policy.name);
    c.set("apiKeyPolicy", policy);
    await next();
  };
}
