/**
 * `GET /v1/stats`: each stage's backlog and the actor processes serving it, for the
 * dashboard's live queue chart. The same numbers as the supervisor's `seo_farm_queue_depth`
 * and `seo_farm_workers_*` gauges, without a Prometheus in between.
 */
import { Hono } from "hono";
import type { GatewayBackend, StageStats } from "../backend.ts";
import type { GatewayEnv } from "../context.ts";

/** The JSON of `GET /v1/stats`. */
export interface StatsView {
  /** When the reading was taken, ISO 8601. */
  at: string;
  /** Intake first, then every pipeline's stages in pipeline order. */
  stages: StageStats[];
  /** Live actor processes in all. */
  actors: number;
}

export function statsRoutes(backend: GatewayBackend) {
  const app = new Hono<GatewayEnv>();
  app.get("/", async (c) => {
    const s = await backend.stats();
    const view: StatsView = {
      at: new Date(s.at).toISOString(),
      stages: s.stages,
      actors: s.actors,
    };
    return c.json(view);
  });
  return app;
}
