/** `GET /v1/workflows/:id/trace`: the stage spans of one workflow (see `trace-view.ts`). */
import { Hono } from "hono";
import { SeoFarmError } from "../../core/errors.ts";
import type { GatewayBackend } from "../backend.ts";
import { workflowIdParam } from "../route-params.ts";
import { workflowTraceView } from "../trace-view.ts";

export function traceRoutes(backend: GatewayBackend) {
  const app = new Hono();
  app.get("/v1/workflows/:id/trace", async (c) => {
    const id = workflowIdParam(c.req.param("id"));
    const state = await backend.getWorkflow(id);
    if (!state) throw new SeoFarmError("UNKNOWN_WORKFLOW", `no workflow with id "${id}"`);
    return c.json(workflowTraceView(state));
  });
  return app;
}
