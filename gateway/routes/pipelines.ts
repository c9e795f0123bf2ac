/** `GET /v1/pipelines`: every pipeline's current version and its stages. */
import { Hono } from "hono";
import type { GatewayBackend } from "../backend.ts";
import type { GatewayEnv } from "../context.ts";

export function pipelineRoutes(backend: GatewayBackend) {
  const app = new Hono<GatewayEnv>();
  app.get("/", async (c) => c.json({ pipelines: await backend.pipelines() }));
  return app;
}
