/**
 * The OpenAPI 3.1 description of the gateway (`GET /v1/openapi.json`), written out by hand
 * next to the routes it describes; a test checks that every route the app serves is in it.
 */
import {
  DEFAULT_LANGUAGE,
  DEFAULT_PIPELINE,
  DEFAULT_WORD_COUNT,
  MAX_KEYWORD_LENGTH,
  MAX_WORD_COUNT,
  MIN_WORD_COUNT,
} from "../core/request.ts";

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});
const json = (description: string, schema: object) => ({
  description,
  content: { "application/json": { schema } },
});
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const idParam = {
  name: "id",
  in: "path",
  required: true,
  schema: { type: "string", pattern: "^[A-Za-z0-9_-]{1,100}$" },
};
const errors = {
  "400": problem("The request is not valid; `errors` names the fields"),
  "401": problem("Missing or wrong API key (when keys are configured)"),
  "429": problem("Rate limit of the API key passed; see Retry-After"),
};

export const OPENAPI = {
  openapi: "3.1.0",
  info: {
    title: "seo-farm gateway",
    version: "1",
    description:
      "Submit SEO article workflows (keyword → research → outline → draft → optimise → review → assemble), follow their progress and fetch the articles. Errors are RFC 9457 problem documents.",
  },
  servers: [{ url: "/" }],
  security: [{ bearer: [] }, {}],
  paths: {
    "/v1/workflows": {
      post: {
        summary: "Create a workflow",
        parameters: [
          {
            name: "Idempotency-Key",
            in: "header",
            schema: { type: "string", maxLength: 255 },
            description:
              "A retried create with the same key and request answers with the same workflow",
          },
        ],
        requestBody: {
          required: true,
          content: { "application/json": { schema: ref("WorkflowRequest") } },
        },
        responses: {
          "202": json("Accepted; `Location` names the workflow", ref("Accepted")),
          ...errors,
          "402": problem("The API key's monthly spend cap is reached"),
          "403": problem("An internal field this key may not set"),
          "409": problem("The id (or Idempotency-Key) is taken by another request"),
          "413": problem("Body over the limit (Content-Length or chunked)"),
          "503": problem(
            "Backpressure (a stage's backlog is over the limit), or NATS did not answer in time (nats-unavailable: retry with the same Idempotency-Key); see Retry-After",
          ),
        },
      },
      get: {
        summary: "List workflows, newest first",
        parameters: [
          { name: "status", in: "query", schema: ref("Status") },
          {
            name: "limit",
            in: "query",
            schema: { type: "integer", minimum: 1, maximum: 200, default: 50 },
          },
          {
            name: "cursor",
            in: "query",
            schema: { type: "string" },
            description: "`next` of the previous page",
          },
        ],
        responses: {
          "200": json("A page", {
            type: "object",
            properties: {
              items: { type: "array", items: ref("WorkflowSummary") },
              next: { type: ["string", "null"] },
              links: { type: "object" },
            },
          }),
          ...errors,
        },
      },
    },
    "/v1/workflows/{id}": {
      get: {
        summary: "A workflow: status, stages, tokens, cost, and the result once completed",
        parameters: [idParam],
        responses: {
          "200": json("The workflow", ref("Workflow")),
          ...errors,
          "404": problem("No such workflow"),
        },
      },
      delete: {
        summary: "Delete a workflow and its article (cancelling it first if it runs)",
        parameters: [idParam],
        responses: {
          "204": { description: "Deleted" },
          ...errors,
          "404": problem("No such workflow"),
        },
      },
    },
    "/v1/workflows/{id}/events": {
      get: {
        summary: "Progress as Server-Sent Events until the workflow ends",
        parameters: [
          idParam,
          {
            name: "Last-Event-ID",
            in: "header",
            schema: { type: "string" },
            description: "Resume after this event",
          },
          { name: "lastEventId", in: "query", schema: { type: "string" } },
        ],
        responses: {
          "200": {
            description:
              "text/event-stream; event types status, stage, delta, done, failed; ids are stream sequences",
            content: { "text/event-stream": { schema: { type: "string" } } },
          },
          ...errors,
          "404": problem("No such workflow"),
        },
      },
    },
    "/v1/workflows/{id}/rerun": {
      post: {
        summary:
          "A new workflow that reruns a completed one from a stage, with edited earlier outputs if given",
        parameters: [idParam],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["fromStage"],
                additionalProperties: false,
                properties: {
                  fromStage: { type: "string" },
                  outputs: {
                    type: "object",
                    description:
                      "Outputs of stages before fromStage, by stage name, each in the shape its stage's assistant produces (a wrong one is a 400 naming the field, e.g. outputs.research.keywords); null keeps the stored one",
                  },
                  cache: { enum: ["use", "refresh", "bypass"] },
                },
              },
            },
          },
        },
        responses: {
          "202": json("The new workflow", ref("Accepted")),
          ...errors,
          "404": problem("No such workflow"),
          "409": problem("It has not completed"),
        },
      },
    },
    "/v1/workflows/{id}/approve": {
      post: {
        summary:
          "Approve publishing a workflow that awaits approval (its site's publish.approval); reject it with cancel",
        parameters: [idParam],
        responses: {
          "202": json("Approved: the publish stage runs", ref("Workflow")),
          ...errors,
          "404": problem("No such workflow"),
          "409": problem("It does not await approval"),
        },
      },
    },
    "/v1/workflows/{id}/cancel": {
      post: {
        summary: "Cancel (or, awaiting approval, reject) a workflow that has not ended",
        parameters: [idParam],
        responses: {
          "200": json("Cancelled", ref("Workflow")),
          ...errors,
          "404": problem("No such workflow"),
          "409": problem("It has already ended"),
        },
      },
    },
    "/v1/workflows/{id}/trace": {
      get: {
        summary: "The workflow's stage spans (a timeline) and its trace id",
        parameters: [idParam],
        responses: {
          "200": json("Stage spans", { type: "object" }),
          ...errors,
          "404": problem("No such workflow"),
        },
      },
    },
    "/v1/workflows/{id}/article.{format}": {
      get: {
        summary: "The finished article as Markdown, HTML or JSON",
        parameters: [
          idParam,
          { name: "format", in: "path", required: true, schema: { enum: ["md", "html", "json"] } },
        ],
        responses: {
          "200": {
            description: "The article",
            content: { "text/markdown": {}, "text/html": {}, "application/json": {} },
          },
          ...errors,
          "404": problem("No such workflow, or it has not completed"),
        },
      },
    },
    "/v1/batches": {
      post: {
        summary: "Create a batch (up to 10,000 workflows) on the batch lane",
        parameters: [
          {
            name: "estimate",
            in: "query",
            schema: { enum: ["true"] },
            description: "Only estimate tokens and cost",
          },
        ],
        requestBody: {
          required: true,
          content: {
            "application/json": { schema: ref("BatchRequest") },
            "text/csv": {
              schema: {
                type: "string",
                description: "A header row naming request fields; keyword required",
              },
            },
          },
        },
        responses: {
          "202": json("Accepted", { type: "object" }),
          "200": json("The estimate (with ?estimate=true)", { type: "object" }),
          ...errors,
          "402": problem("The API key's monthly spend cap is reached"),
          "403": problem("An internal field this key may not set"),
          "413": problem("Body over 4 MiB"),
        },
      },
    },
    "/v1/batches/{id}": {
      get: {
        summary: "A batch's progress, cost so far and estimate",
        parameters: [idParam],
        responses: {
          "200": json("The batch", { type: "object" }),
          ...errors,
          "404": problem("No such batch"),
        },
      },
    },
    "/v1/batches/{id}/cancel": {
      post: {
        summary: "Cancel what has not ended",
        parameters: [idParam],
        responses: {
          "200": json("The batch", { type: "object" }),
          ...errors,
          "404": problem("No such batch"),
        },
      },
    },
    "/v1/batches/{id}/export": {
      get: {
        summary: "A ZIP of the finished articles (Markdown and HTML) with a CSV index",
        parameters: [idParam],
        responses: {
          "200": { description: "application/zip", content: { "application/zip": {} } },
          ...errors,
          "404": problem("No such batch"),
        },
      },
    },
    "/v1/pipelines": {
      get: {
        summary: "Every pipeline's current version and stages",
        responses: { "200": json("Pipelines", { type: "object" }), ...errors },
      },
    },
    "/v1/stats": {
      get: {
        summary:
          "Each stage's backlog (both lanes, and the batch part) and the actor processes serving it",
        responses: { "200": json("Stats", { type: "object" }), ...errors },
      },
    },
    "/v1/openapi.json": {
      get: {
        summary: "This document",
        security: [{}],
        responses: { "200": json("OpenAPI 3.1", { type: "object" }) },
      },
    },
    "/v1/docs": {
      get: {
        summary: "This document as a page",
        security: [{}],
        responses: { "200": { description: "text/html", content: { "text/html": {} } } },
      },
    },
    "/healthz": {
      get: {
        summary: "NATS and JetStream answer",
        security: [{}],
        responses: {
          "200": json("OK", { type: "object" }),
          "503": json("Not OK", { type: "object" }),
        },
      },
    },
    "/readyz": {
      get: {
        summary: "Ready to take work: NATS, JetStream and the streams are there",
        security: [{}],
        responses: {
          "200": json("Ready", { type: "object" }),
          "503": json("Not ready", { type: "object" }),
        },
      },
    },
    "/metrics": {
      get: {
        summary: "Prometheus metrics of this process (METRICS_TOKEN as a bearer token, if set)",
        security: [{}],
        responses: {
          "200": { description: "text/plain; version=0.0.4", content: { "text/plain": {} } },
          "401": problem("Wrong metrics token"),
        },
      },
    },
  },
  components: {
    securitySchemes: {
      bearer: {
        type: "http",
        scheme: "bearer",
        description: "An API key from GATEWAY_API_KEYS or GATEWAY_API_KEYS_FILE",
      },
    },
    schemas: {
      Status: {
        enum: ["queued", "running", "awaiting_approval", "completed", "failed", "cancelled"],
      },
      WorkflowRequest: {
        type: "object",
        additionalProperties: false,
        required: ["keyword"],
        properties: {
          keyword: { type: "string", minLength: 1, maxLength: MAX_KEYWORD_LENGTH },
          language: { type: "string", default: DEFAULT_LANGUAGE, description: "BCP 47" },
          country: { type: "string", pattern: "^[A-Z]{2}$" },
          audience: { type: "string", maxLength: 200 },
          tone: { type: "string", maxLength: 100 },
          wordCount: {
            type: "integer",
            minimum: MIN_WORD_COUNT,
            maximum: MAX_WORD_COUNT,
            default: DEFAULT_WORD_COUNT,
          },
          pipeline: { type: "string", default: DEFAULT_PIPELINE },
          id: { type: "string", pattern: "^[A-Za-z0-9_-]{1,100}$" },
          metadata: { type: "object", description: "≤ 4 KiB as JSON" },
          cache: { enum: ["use", "refresh", "bypass"], default: "use" },
          tokenBudget: { type: "integer", minimum: 1 },
          site: {
            type: "string",
            pattern: "^[A-Za-z0-9_.-]{1,64}$",
            description:
              "A site id from the sites file (SITES_FILE): internal links from its sitemap, the cannibalisation check, its publish target",
          },
          existing: {
            description:
              "An existing article to refresh (pipeline seo-refresh): exactly one of url or markdown",
            oneOf: [
              {
                type: "object",
                properties: { url: { type: "string", format: "uri" } },
                required: ["url"],
                additionalProperties: false,
              },
              {
                type: "object",
                properties: { markdown: { type: "string" } },
                required: ["markdown"],
                additionalProperties: false,
              },
            ],
          },
          model: {
            type: "string",
            description: "Internal: provider:model, only with a key that allows internal fields",
          },
          maxTokens: {
            type: "integer",
            minimum: 1,
            maximum: 100_000,
            description: "Internal, as model",
          },
        },
      },
      BatchRequest: {
        oneOf: [
          {
            type: "object",
            required: ["keywords"],
            properties: {
              keywords: { type: "array", items: { type: "string" } },
              defaults: { type: "object" },
            },
          },
          {
            type: "object",
            required: ["items"],
            properties: {
              items: { type: "array", items: ref("WorkflowRequest") },
              defaults: { type: "object" },
            },
          },
        ],
      },
      Accepted: {
        type: "object",
        properties: { id: { type: "string" }, status: ref("Status"), links: { type: "object" } },
      },
      WorkflowSummary: {
        type: "object",
        properties: {
          id: { type: "string" },
          status: ref("Status"),
          keyword: { type: "string" },
          stagesDone: { type: "integer" },
          stageCount: { type: "integer" },
          costUsd: { type: "number" },
          title: { type: "string" },
        },
      },
      Workflow: {
        type: "object",
        properties: {
          id: { type: "string" },
          status: ref("Status"),
          stages: { type: "array", items: { type: "object" } },
          tokens: { type: "object" },
          costUsd: { type: "number" },
          error: { type: "object" },
          result: {
            type: "object",
            description:
              "title, metaDescription, slug, h1, markdown, html, jsonLd, faq, outline, wordCount",
          },
        },
      },
      Problem: {
        type: "object",
        properties: {
          type: { type: "string" },
          title: { type: "string" },
          status: { type: "integer" },
          detail: { type: "string" },
          errors: {
            type: "array",
            items: {
              type: "object",
              properties: { field: { type: "string" }, message: { type: "string" } },
            },
          },
        },
      },
    },
  },
} as const;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The document as a plain page: no script, so the strict CSP holds. */
export function openApiPage(): string {
  const rows: string[] = [];
  for (const [path, ops] of Object.entries(OPENAPI.paths)) {
    for (const [method, op] of Object.entries(
      ops as Record<string, { summary: string; responses: object }>,
    )) {
      rows.push(
        `<tr><td><code>${method.toUpperCase()}</code></td><td><code>${escapeHtml(path)}</code></td><td>${escapeHtml(op.summary)}</td><td>${Object.keys(op.responses).join(", ")}</td></tr>`,
      );
    }
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>seo-farm API</title><meta name="viewport" content="width=device-width, initial-scale=1"></head><body><h1>seo-farm API v1</h1><p>${escapeHtml(OPENAPI.info.description)}</p><p>Machine-readable: <a href="/v1/openapi.json">/v1/openapi.json</a> (OpenAPI 3.1).</p><table><thead><tr><th>method</th><th>path</th><th>what</th><th>answers</th></tr></thead><tbody>${rows.join("")}</tbody></table></body></html>`;
}
