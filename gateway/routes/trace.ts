/** `GET /v1/workflows/:id/trace`: the stage spans of one workflow (see `trace-view.ts`). */
import { Hono } from "hono";
import { InvalidRequestError, SeoFarmError } from "../../core/errors.ts";
import { WORKFLOW_ID_PATTERN } from "../../core/subjects.ts";
import type { GatewayBackend } from "../backend.ts";
import { workflowTraceView } from "../trace-view.ts";

export function traceRoutes(backend: GatewayBackend) {
  const app = new Hono();
  app.get("/v1/workflows/:id/trace", async (c) => {
    const id = c.req.param("id");
    if (!WORKFLOW_ID_PATTERN.test(id)) {
      throw new InvalidRequestError([
        { field: "id", message: "must be 1–100 characters of [A-Za-z0-9_-]" },
      ]);
    }
    const state = await backend.getWorkflow(id);
    if (!state) throw new SeoFarmError("UNKNOWN_WORKFLOW", `no workflow with id "${id}"`);
    return c.json(workflowTraceView(state));
  });
  return app;
}
