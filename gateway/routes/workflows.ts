/** `/v1/workflows`: create one, read one, cancel one. */
import { Hono } from "hono";
import { stageOutputIssues } from "../../actors/assistants/output-checks.ts";
import { InvalidRequestError, SeoFarmError } from "../../core/errors.ts";
import { newWorkflowId } from "../../core/ids.ts";
import { parseWorkflowRequest } from "../../core/request.ts";
import type { WorkflowState } from "../../core/state.ts";
import { WORKFLOW_ID_PATTERN } from "../../core/subjects.ts";
import type { GatewayBackend } from "../backend.ts";
import type { GatewayEnv } from "../context.ts";
import { IDEMPOTENCY_KEY_PATTERN, idempotentWorkflowId, sameRequest } from "../idempotency.ts";
import { problem, problemResponse } from "../problem.ts";
import { workflowIdParam } from "../route-params.ts";
import { unknownSiteIssue } from "../site-check.ts";
import { ownerForNewWork } from "../spend-cap.ts";
import { workflowSummary, workflowView } from "../workflow-view.ts";

const STATUSES: string[] = [
  "queued",
  "running",
  "awaiting_approval",
  "completed",
  "failed",
  "cancelled",
];

export interface WorkflowRoutesOptions {
  /** 503 for creates once a stage's backlog passes this; 0 = never. @default 0 */
  maxBacklog?: number;
  /** Retry-After of those 503s, seconds. @default 10 */
  retryAfterS?: number;
}

export function workflowRoutes(backend: GatewayBackend, opts: WorkflowRoutesOptions = {}) {
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
    if (request.rerun?.outputs) {
      await refuseMisfitOutputs(backend, request.pipeline, request.rerun.outputs, "rerun.outputs");
    }
    if (request.site !== undefined) {
      const issue = await unknownSiteIssue(backend, request.site, "site");
      if (issue) throw new InvalidRequestError([issue]);
    }
    const idempotencyKey = c.req.header("Idempotency-Key");
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
      throw new InvalidRequestError([
        { field: "Idempotency-Key", message: "must be 1–255 visible ASCII characters" },
      ]);
    }
    const id =
      request.id ??
      (idempotencyKey
        ? await idempotentWorkflowId(idempotencyKey, c.get("apiKey") ?? "")
        : newWorkflowId());
    const self = `/v1/workflows/${id}`;
    const existing = await backend.getWorkflow(id);
    if (existing) {
      // A retried create with the same key and request: the answer it got the first time.
      if (idempotencyKey && sameRequest(existing.request, { ...request, id })) {
        c.header("Location", self);
        c.header("Idempotent-Replayed", "true");
        return c.json({ id, status: existing.status, links: { self } }, 202);
      }
      throw new SeoFarmError(
        "CONFLICT",
        idempotencyKey
          ? `Idempotency-Key "${idempotencyKey}" was used for a different request`
          : `a workflow with id "${id}" already exists`,
      );
    }
    // Backpressure: refuse new work the stages cannot finish in time; none is dropped.
    if (opts.maxBacklog) {
      const backlog = await backend.backlog();
      if (backlog.messages > opts.maxBacklog) {
        const retryAfterS = opts.retryAfterS ?? 10;
        return problemResponse(
          problem(
            503,
            "backpressure",
            "Too much work queued",
            `stage ${backlog.stage} has ${backlog.messages} messages waiting or in progress (limit ${opts.maxBacklog}); retry in ${retryAfterS} s`,
            { stage: backlog.stage, backlog: backlog.messages, limit: opts.maxBacklog },
          ),
          { "Retry-After": String(retryAfterS) },
        );
      }
    }
    const receipt = await backend.submit({ ...request, id }, await ownerForNewWork(c, backend));
    if (receipt.duplicate && !idempotencyKey) {
      throw new SeoFarmError("CONFLICT", `a workflow with id "${id}" was already submitted`);
    }
    // A duplicate under an idempotency key is the first create, not yet recorded by intake.
    c.header("Location", self);
    if (receipt.duplicate) c.header("Idempotent-Replayed", "true");
    return c.json({ id, status: "queued", links: { self } }, 202);
  });

  /** Listing: newest first, `?status=`, `?limit=` (1–200, default 50), `?cursor=` from `next`. */
  app.get("/", async (c) => {
    const status = c.req.query("status");
    const issues: Array<{ field: string; message: string }> = [];
    if (status !== undefined && !STATUSES.includes(status)) {
      issues.push({ field: "status", message: `must be one of ${STATUSES.join(", ")}` });
    }
    const rawLimit = c.req.query("limit") ?? "50";
    const limit = Number(rawLimit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
      issues.push({ field: "limit", message: "must be an integer from 1 to 200" });
    }
    const cursor = c.req.query("cursor");
    if (cursor !== undefined && !WORKFLOW_ID_PATTERN.test(cursor)) {
      issues.push({ field: "cursor", message: "must be the `next` value of a listing" });
    }
    if (issues.length) throw new InvalidRequestError(issues);
    const page = await backend.listWorkflows({
      limit,
      ...(status ? { status: status as WorkflowState["status"] } : {}),
      ...(cursor ? { after: cursor } : {}),
    });
    const query = (after: string) => {
      const q = new URLSearchParams({ limit: String(limit), cursor: after });
      if (status) q.set("status", status);
      return `/v1/workflows?${q}`;
    };
    return c.json({
      items: page.items.map((s) => workflowSummary(s)),
      next: page.next ?? null,
      links: page.next ? { next: query(page.next) } : {},
    });
  });

  app.get("/:id", async (c) => {
    const id = workflowIdParam(c.req.param("id"));
    const state = await backend.getWorkflow(id);
    if (!state) throw new SeoFarmError("UNKNOWN_WORKFLOW", `no workflow with id "${id}"`);
    // A workflow awaiting approval has its article to review, before it is published.
    const result =
      (state.status === "completed" || state.status === "awaiting_approval") && state.result
        ? await backend.getResult(state.result.object)
        : null;
    return c.json(workflowView(state, result));
  });

  /** The article alone: `article.md`, `article.html` or `article.json`. */
  app.get("/:id/article.:format{md|html|json}", async (c) => {
    const id = workflowIdParam(c.req.param("id"));
    const state = await backend.getWorkflow(id);
    if (!state) throw new SeoFarmError("UNKNOWN_WORKFLOW", `no workflow with id "${id}"`);
    const result = state.result ? await backend.getResult(state.result.object) : null;
    if ((state.status !== "completed" && state.status !== "awaiting_approval") || !result) {
      throw new SeoFarmError(
        "UNKNOWN_WORKFLOW",
        `workflow "${id}" has no article (it is ${state.status})`,
      );
    }
    const name = String(result.slug || id);
    const format = c.req.param("format");
    if (format === "json") return c.json(result);
    const body = String((format === "md" ? result.markdown : result.html) ?? "");
    return c.body(body, 200, {
      "Content-Type": format === "md" ? "text/markdown; charset=utf-8" : "text/html; charset=utf-8",
      "Content-Disposition": `inline; filename="${name}.${format}"`,
    });
  });

  app.delete("/:id", async (c) => {
    const id = workflowIdParam(c.req.param("id"));
    if (!(await backend.deleteWorkflow(id))) {
      throw new SeoFarmError("UNKNOWN_WORKFLOW", `no workflow with id "${id}"`);
    }
    return c.body(null, 204);
  });

  /**
   * A new workflow that reruns a completed one from a stage: `{fromStage, outputs?, cache?}`,
   * `outputs` replacing earlier stages' outputs (e.g. a corrected outline).
   */
  app.post("/:id/rerun", async (c) => {
    const id = workflowIdParam(c.req.param("id"));
    let body: Record<string, unknown>;
    try {
      body = JSON.parse((await c.req.text()) || "{}") as Record<string, unknown>;
    } catch {
      throw new InvalidRequestError([{ field: "(body)", message: "is not valid JSON" }]);
    }
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw new InvalidRequestError([{ field: "(body)", message: "must be an object" }]);
    }
    const issues = Object.keys(body)
      .filter((k) => !["fromStage", "outputs", "cache"].includes(k))
      .map((k) => ({ field: k, message: "unknown field" }));
    if (issues.length) throw new InvalidRequestError(issues);
    const original = await backend.getWorkflow(id);
    if (!original) throw new SeoFarmError("UNKNOWN_WORKFLOW", `no workflow with id "${id}"`);
    if (original.status !== "completed") {
      throw new SeoFarmError(
        "CONFLICT",
        `workflow "${id}" is ${original.status}: only a completed workflow can be rerun`,
      );
    }
    const at = original.stageNames.indexOf(String(body.fromStage));
    if (at === -1) {
      throw new InvalidRequestError([
        { field: "fromStage", message: `must be one of ${original.stageNames.join(", ")}` },
      ]);
    }
    const earlier = original.stageNames.slice(0, at);
    if (body.outputs !== undefined) {
      if (
        typeof body.outputs !== "object" ||
        body.outputs === null ||
        Array.isArray(body.outputs)
      ) {
        throw new InvalidRequestError([
          { field: "outputs", message: "must be an object of outputs by stage" },
        ]);
      }
      const wrong = Object.keys(body.outputs).filter((k) => !earlier.includes(k));
      if (wrong.length) {
        throw new InvalidRequestError(
          wrong.map((k) => ({
            field: `outputs.${k}`,
            message: `only stages before ${body.fromStage} (${earlier.join(", ") || "none"})`,
          })),
        );
      }
      await refuseMisfitOutputs(
        backend,
        original.request.pipeline,
        body.outputs as Record<string, unknown>,
        "outputs",
      );
    }
    const { id: _original, rerun: _rerun, ...asked } = original.request;
    // The original's request was accepted with its fields; the rerun repeats them.
    const request = parseWorkflowRequest(
      {
        ...asked,
        ...(body.cache !== undefined ? { cache: body.cache } : {}),
        rerun: {
          of: id,
          fromStage: body.fromStage,
          ...(body.outputs !== undefined ? { outputs: body.outputs } : {}),
        },
      },
      { allowInternalFields: true },
    );
    const newId = newWorkflowId();
    await backend.submit({ ...request, id: newId }, await ownerForNewWork(c, backend));
    const self = `/v1/workflows/${newId}`;
    c.header("Location", self);
    return c.json({ id: newId, status: "queued", rerunOf: id, links: { self } }, 202);
  });

  // Publishing that waits for a person: approve it (rejecting is a cancel).
  app.post("/:id/approve", async (c) => {
    const id = workflowIdParam(c.req.param("id"));
    const by = c.get("apiKeyPolicy")?.name ?? "dashboard";
    const r = await backend.approve(id, by);
    if (r.outcome === "unknown") {
      throw new SeoFarmError("UNKNOWN_WORKFLOW", `no workflow with id "${id}"`);
    }
    if (r.outcome === "not-awaiting") {
      throw new SeoFarmError(
        "CONFLICT",
        `workflow "${id}" is ${r.state.status}; only one awaiting approval can be approved`,
      );
    }
    return c.json(workflowView(r.state, null), 202);
  });

  app.post("/:id/cancel", async (c) => {
    const id = workflowIdParam(c.req.param("id"));
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

/**
 * Refuses a rerun's edited outputs that do not fit their stage's assistant, naming each wrong
 * field under `field`: the stages after them would read them as that assistant's output and
 * fail half-way. Checked against the pipeline's current version, the one intake starts the
 * rerun on; what only intake can tell (stored outputs, a pipeline gone meanwhile) it tells.
 */
async function refuseMisfitOutputs(
  backend: GatewayBackend,
  pipelineName: string,
  outputs: Record<string, unknown>,
  field: string,
): Promise<void> {
  const pipeline = await backend.pipeline(pipelineName);
  if (!pipeline) return;
  const issues = stageOutputIssues(pipeline.stages, outputs, field);
  if (issues.length) throw new InvalidRequestError(issues);
}
