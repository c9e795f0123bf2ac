/** `/v1/workflows`: create one, read one, cancel one. */
import { Hono } from "hono";
import { InvalidRequestError, SeoFarmError } from "../../core/errors.ts";
import { newWorkflowId } from "../../core/ids.ts";
import { parseWorkflowRequest } from "../../core/request.ts";
import { WORKFLOW_ID_PATTERN } from "../../core/subjects.ts";
import type { GatewayBackend } from "../backend.ts";
import type { GatewayEnv } from "../context.ts";
import { workflowView } from "../workflow-view.ts";

export function workflowRoutes(backend: GatewayBackend) {
  const app = new Hono<GatewayEnv>();

  app.post("/", async (c) => {
    const contentType = c.req.header("Content-Type") ?? "";
    if (!/^application\/(.+\+)?json\b/i.test(contentType)) {
      throw new InvalidRequestError([
        { field: "(body)", message: "send JSON with Content-Type: application/json" },
      ]);
    }
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      throw new InvalidRequestError([{ field: "(body)", message: "is not valid JSON" }]);
    }
    // Internal fields (model, maxTokens) only with a key that allows them; with
    // authentication off there is no such key, so they are refused too.
    const request = parseWorkflowRequest(body, {
      allowInternalFields: c.get("apiKeyPolicy")?.allowInternalFields === true,
    });
    if (!(await backend.hasPipeline(request.pipeline))) {
      throw new InvalidRequestError([
        { field: "pipeline", message: `unknown pipeline "${request.pipeline}"` },
      ]);
    }
    const id = request.id ?? newWorkflowId();
    if (request.id && (await backend.getWorkflow(id))) {
      throw new SeoFarmError("CONFLICT", `a workflow with id "${id}" already exists`);
    }
    const receipt = await backend.submit({ ...request, id });
    if (receipt.duplicate) {
      throw new SeoFarmError("CONFLICT", `a workflow with id "${id}" was already submitted`);
    }
    const self = `/v1/workflows/${id}`;
    c.header("Location", self);
    return c.json({ id, status: "queued", links: { self } }, 202);
  });

  app.get("/:id", async (c) => {
    const id = c.req.param("id");
    if (!WORKFLOW_ID_PATTERN.test(id)) {
      throw new InvalidRequestError([
        { field: "id", message: "must be 1–100 characters of [A-Za-z0-9_-]" },
      ]);
    }
    const state = await backend.getWorkflow(id);
    if (!state) throw new SeoFarmError("UNKNOWN_WORKFLOW", `no workflow with id "${id}"`);
    const result =
      state.status === "completed" && state.result
        ? await backend.getResult(state.result.object)
        : null;
    return c.json(workflowView(state, result));
  });

  app.post("/:id/cancel", async (c) => {
    const id = c.req.param("id");
    if (!WORKFLOW_ID_PATTERN.test(id)) {
      throw new InvalidRequestError([
        { field: "id", message: "must be 1–100 characters of [A-Za-z0-9_-]" },
      ]);
    }
    const r = await backend.cancel(id);
    if (r.outcome === "unknown") {
      throw new SeoFarmError("UNKNOWN_WORKFLOW", `no workflow with id "${id}"`);
    }
    if (r.outcome === "already-ended") {
      throw new SeoFarmError(
        "CONFLICT",
        `workflow "${id}" has already ended (${r.state.status}); only a queued or running one can be cancelled`,
      );
    }
    return c.json(workflowView(r.state, null));
  });

  return app;
}
