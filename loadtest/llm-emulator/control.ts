/**
 * The control API under `/_emulator`: statistics, the request log, run-time configuration
 * and reset, for tests and load tools. Errors use the OpenAI error shape.
 */
import { Hono } from "hono";
import type { EmulatorState } from "./state.ts";

function invalid(message: string) {
  return { error: { message, type: "invalid_request_error", param: null, code: null } };
}

function nonNegativeInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`${name} must be a non-negative integer (got ${JSON.stringify(value)})`);
  }
  return n;
}

export function controlRoutes(state: EmulatorState): Hono {
  const routes = new Hono();
  routes.get("/stats", (c) => c.json(state.stats()));
  routes.get("/requests", (c) => {
    try {
      const since = nonNegativeInt(c.req.query("since"), "since", 0);
      const limit = nonNegativeInt(c.req.query("limit"), "limit", Number.MAX_SAFE_INTEGER);
      const requests = state.requests(since, limit);
      const next = requests.length > 0 ? requests[requests.length - 1]!.index : Math.max(since, 0);
      return c.json({ requests, next });
    } catch (err) {
      return c.json(invalid((err as Error).message), 400);
    }
  });
  routes.get("/config", (c) => c.json(state.config));
  routes.post("/config", async (c) => {
    let patch: unknown;
    try {
      patch = await c.req.json();
    } catch {
      return c.json(invalid("the request body is not valid JSON"), 400);
    }
    try {
      return c.json(state.configure(patch));
    } catch (err) {
      if (err instanceof RangeError) return c.json(invalid(err.message), 400);
      throw err;
    }
  });
  routes.post("/reset", (c) => {
    state.reset();
    return c.json(state.stats());
  });
  return routes;
}
