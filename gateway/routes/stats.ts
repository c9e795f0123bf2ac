/**
 * `GET /v1/stats`: each stage's backlog and the actor processes serving it, for the
 * dashboard's live queue chart. The same numbers as the supervisor's `seo_farm_queue_depth`
 * and `seo_farm_workers_*` gauges, without a Prometheus in between.
 */
import { Hono } from "hono";
import type { GatewayBackend } from "../backend.ts";
import type { GatewayEnv } from "../context.ts";

export function statsRoutes(backend: GatewayBackend) {
  const app = new Hono<GatewayEnv>();
  app.get("/", async (c) => {
    const s = await backend.stats();
    return c.json({ at: new Date(s.at).toISOString(), stages: s.stages, actors: s.actors });
  });
  return app;
}
