/**
 * `/v1/batches`: many keywords as one job on the batch lane, so single requests overtake
 * it. Create from JSON (`{items: [request…]}` or `{keywords: […], defaults: {…}}`) or a CSV
 * upload (`text/csv`, a header row naming request fields, `keyword` required); `?estimate=true`
 * answers the token and cost estimate without starting. Then progress and cost so far,
 * cancel, and an export of the finished articles (ZIP of Markdown and HTML with a CSV index).
 */
import { Hono } from "hono";
import { type BatchRecord, batchItemId } from "../../core/batches.ts";
import type { SeoFarmConfig, TaskClass } from "../../core/config.ts";
import {
  type FieldIssue,
  ForbiddenFieldError,
  InvalidRequestError,
  SeoFarmError,
} from "../../core/errors.ts";
import { newWorkflowId } from "../../core/ids.ts";
import { parseWorkflowRequest, type WorkflowRequest } from "../../core/request.ts";
import type { WorkflowState } from "../../core/state.ts";
import type { GatewayBackend, PipelineSummary } from "../backend.ts";
import { type EstimateStage, estimateBatch } from "../batch-estimate.ts";
import type { GatewayEnv } from "../context.ts";
import { parseCsv, toCsv } from "../csv.ts";
import { unknownSiteIssue } from "../site-check.ts";
import { ownerForNewWork } from "../spend-cap.ts";
import { zip } from "../zip.ts";

export const DEFAULT_BATCH_MAX_ITEMS = 10_000;
export const BATCH_ID_PATTERN = /^b[0-9a-z]{22}$/;
/** Field issues reported at most, so a 10,000-row mistake does not make a megabyte answer. */
const MAX_ISSUES = 20;

export interface BatchRoutesOptions {
  /** Most workflows in one batch. @default 10000 */
  maxItems?: number;
  /** Routes and prices, for the estimate. */
  pricing: Pick<SeoFarmConfig, "routes" | "prices">;
}

/** The raw items of a create body, before validation. */
function rawItems(
  contentType: string,
  text: string,
): { list: "items" | "keywords"; raws: Array<Record<string, unknown>> } {
  if (/^text\/csv\b/i.test(contentType)) {
    let rows: string[][];
    try {
      rows = parseCsv(text);
    } catch (err) {
      throw new InvalidRequestError([{ field: "(body)", message: (err as Error).message }]);
    }
    const [header, ...data] = rows;
    if (!header?.includes("keyword")) {
      throw new InvalidRequestError([
        {
          field: "(body)",
          message: "the CSV's first row must name the columns, keyword among them",
        },
      ]);
    }
    const raws = data.map((row) => {
      const item: Record<string, unknown> = {};
      header.forEach((name, i) => {
        const v = row[i]?.trim();
        if (v === undefined || v === "") return;
        item[name.trim()] = name.trim() === "wordCount" && /^\d+$/.test(v) ? Number(v) : v;
      });
      return item;
    });
    return { list: "items", raws };
  }
  if (!/^application\/(.+\+)?json\b/i.test(contentType)) {
    throw new InvalidRequestError([
      { field: "(body)", message: "send JSON (application/json) or CSV (text/csv)" },
    ]);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new InvalidRequestError([{ field: "(body)", message: "is not valid JSON" }]);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new InvalidRequestError([
      { field: "(body)", message: "must be an object: {items} or {keywords, defaults}" },
    ]);
  }
  const b = body as Record<string, unknown>;
  const unknown = Object.keys(b).filter((k) => !["items", "keywords", "defaults"].includes(k));
  if (unknown.length) {
    throw new InvalidRequestError(unknown.map((k) => ({ field: k, message: "unknown field" })));
  }
  const defaults = b.defaults ?? {};
  if (typeof defaults !== "object" || defaults === null || Array.isArray(defaults)) {
    throw new InvalidRequestError([
      { field: "defaults", message: "must be an object of request fields" },
    ]);
  }
  if (Array.isArray(b.items) === Array.isArray(b.keywords)) {
    throw new InvalidRequestError([{ field: "items", message: "give either items or keywords" }]);
  }
  const list = (b.items ?? b.keywords) as unknown[];
  const raws = list.map((x) => {
    const item = Array.isArray(b.keywords) ? { keyword: x } : x;
    return typeof item === "object" && item !== null && !Array.isArray(item)
      ? { ...(defaults as object), ...(item as object) }
      : ({ __notAnObject: true } as Record<string, unknown>);
  });
  return { list: Array.isArray(b.keywords) ? "keywords" : "items", raws };
}

export function batchRoutes(backend: GatewayBackend, opts: BatchRoutesOptions) {
  const app = new Hono<GatewayEnv>();
  const maxItems = opts.maxItems ?? DEFAULT_BATCH_MAX_ITEMS;
  const field = (list: "items" | "keywords", i: number, f: string) =>
    `${list}[${i}]${f === "(body)" ? "" : `.${f}`}`;

  app.post("/", async (c) => {
    const contentType = c.req.header("Content-Type") ?? "";
    const { list, raws } = rawItems(contentType, await c.req.text());
    if (raws.length === 0) throw new InvalidRequestError([{ field: "items", message: "is empty" }]);
    if (raws.length > maxItems) {
      throw new InvalidRequestError([
        { field: "items", message: `at most ${maxItems} per batch (got ${raws.length})` },
      ]);
    }
    const allowInternalFields = c.get("apiKeyPolicy")?.allowInternalFields === true;
    const requests: WorkflowRequest[] = [];
    const issues: FieldIssue[] = [];
    const forbidden: FieldIssue[] = [];
    for (const [i, raw] of raws.entries()) {
      if (issues.length >= MAX_ISSUES) break;
      if ("__notAnObject" in raw) {
        issues.push({ field: field(list, i, "(body)"), message: "must be a request object" });
        continue;
      }
      if ("id" in raw) {
        issues.push({
          field: field(list, i, "id"),
          message: "is given by the batch (<batchId>-<n>)",
        });
        continue;
      }
      try {
        requests.push(parseWorkflowRequest(raw, { allowInternalFields }));
      } catch (err) {
        if (err instanceof InvalidRequestError) {
          issues.push(...err.issues.map((x) => ({ ...x, field: field(list, i, x.field) })));
        } else if (err instanceof ForbiddenFieldError) {
          forbidden.push(...err.issues.map((x) => ({ ...x, field: field(list, i, x.field) })));
        } else throw err;
      }
    }
    if (issues.length) throw new InvalidRequestError(issues.slice(0, MAX_ISSUES));
    if (forbidden.length) throw new ForbiddenFieldError(forbidden.slice(0, MAX_ISSUES));

    // Every pipeline named must exist; the estimate prices each with its own stages.
    const pipelines = new Map((await backend.pipelines()).map((p) => [p.name, p] as const));
    const missing = [...new Set(requests.map((r) => r.pipeline))].filter((p) => !pipelines.has(p));
    if (missing.length) {
      throw new InvalidRequestError(
        missing.map((p) => ({ field: "pipeline", message: `unknown pipeline "${p}"` })),
      );
    }
    // Every site named must be one the intake actors serve.
    const siteIssues: FieldIssue[] = [];
    for (const [i, r] of requests.entries()) {
      if (r.site === undefined || siteIssues.length >= MAX_ISSUES) continue;
      const issue = await unknownSiteIssue(backend, r.site, field(list, i, "site"));
      if (issue) siteIssues.push(issue);
    }
    if (siteIssues.length) throw new InvalidRequestError(siteIssues);
    const estimate = estimateFor(requests, pipelines, opts.pricing);
    if (c.req.query("estimate") === "true") return c.json({ estimate, count: requests.length });

    const owner = await ownerForNewWork(c, backend);
    const id = `b${newWorkflowId()}`;
    const record: BatchRecord = {
      id,
      createdAt: Date.now(),
      count: requests.length,
      pipeline: [...new Set(requests.map((r) => r.pipeline))].join(","),
      estimate,
      ...(c.get("apiKey") ? { apiKey: c.get("apiKey") } : {}),
    };
    await backend.createBatch(record);
    await backend.submitBatch(
      requests.map((r, i) => ({ ...r, id: batchItemId(id, i + 1) })),
      owner,
    );
    const self = `/v1/batches/${id}`;
    c.header("Location", self);
    return c.json(
      {
        id,
        count: requests.length,
        estimate,
        links: { self, cancel: `${self}/cancel`, export: `${self}/export` },
      },
      202,
    );
  });

  app.get("/:id", async (c) => {
    const { record, states } = await load(c.req.param("id"));
    return c.json(batchView(record, states));
  });

  app.post("/:id/cancel", async (c) => {
    const { record } = await load(c.req.param("id"), false);
    if (!record.cancelledAt) {
      // The record says cancelled first: intake turns the batch's queued submissions into
      // cancelled workflows as it reaches them.
      record.cancelledAt = Date.now();
      await backend.putBatch(record);
    }
    const states = await backend.getWorkflows(itemIds(record));
    const running = states.filter(
      (s): s is WorkflowState => s !== null && (s.status === "queued" || s.status === "running"),
    );
    await Promise.all(running.map((s) => backend.cancel(s.id)));
    return c.json(batchView(record, await backend.getWorkflows(itemIds(record))));
  });

  app.get("/:id/export", async (c) => {
    const { record, states } = await load(c.req.param("id"));
    const rows: unknown[][] = [
      [
        "n",
        "id",
        "keyword",
        "language",
        "status",
        "title",
        "slug",
        "wordCount",
        "costUsd",
        "markdown",
        "html",
      ],
    ];
    const entries: Array<{ name: string; data: string }> = [];
    for (const [i, s] of states.entries()) {
      const n = i + 1;
      if (!s) {
        rows.push([n, batchItemId(record.id, n), "", "", "pending", "", "", "", "", "", ""]);
        continue;
      }
      let md = "";
      let html = "";
      if (s.status === "completed" && s.result) {
        const result = await backend.getResult(s.result.object);
        if (result) {
          const base = `articles/${String(n).padStart(5, "0")}-${s.result.slug || s.id}`;
          md = `${base}.md`;
          html = `${base}.html`;
          entries.push({ name: md, data: String(result.markdown ?? "") });
          entries.push({ name: html, data: String(result.html ?? "") });
        }
      }
      rows.push([
        n,
        s.id,
        s.request.keyword,
        s.request.language,
        s.status,
        s.result?.title ?? "",
        s.result?.slug ?? "",
        s.result?.wordCount ?? "",
        s.costUsd ?? 0,
        md,
        html,
      ]);
    }
    const body = zip([{ name: "index.csv", data: toCsv(rows) }, ...entries]);
    return c.body(body.buffer as ArrayBuffer, 200, {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${record.id}.zip"`,
      "Cache-Control": "no-store",
    });
  });

  async function load(id: string, withStates = true) {
    if (!BATCH_ID_PATTERN.test(id)) {
      throw new InvalidRequestError([{ field: "id", message: "is not a batch id" }]);
    }
    const record = await backend.getBatch(id);
    if (!record) throw new SeoFarmError("UNKNOWN_WORKFLOW", `no batch with id "${id}"`);
    const states = withStates ? await backend.getWorkflows(itemIds(record)) : [];
    return { record, states };
  }

  return app;
}

function itemIds(record: BatchRecord): string[] {
  return Array.from({ length: record.count }, (_, i) => batchItemId(record.id, i + 1));
}

function estimateFor(
  requests: WorkflowRequest[],
  pipelines: Map<string, PipelineSummary>,
  pricing: Pick<SeoFarmConfig, "routes" | "prices">,
) {
  const byPipeline = new Map<string, WorkflowRequest[]>();
  for (const r of requests) byPipeline.set(r.pipeline, [...(byPipeline.get(r.pipeline) ?? []), r]);
  const parts = [...byPipeline].map(([name, rs]) =>
    estimateBatch(
      rs,
      pipelines.get(name)!.stages.map(
        (s): EstimateStage => ({
          assistant: s.assistant,
          taskClass: s.taskClass as TaskClass,
          llm: s.llm,
        }),
      ),
      pricing,
    ),
  );
  return {
    workflows: requests.length,
    promptTokens: parts.reduce((n, p) => n + p.promptTokens, 0),
    completionTokens: parts.reduce((n, p) => n + p.completionTokens, 0),
    costUsd: Math.round(parts.reduce((n, p) => n + p.costUsd, 0) * 10_000) / 10_000,
    basis: parts[0]?.basis ?? "",
  };
}

/** A batch's progress, cost so far and estimate. */
export function batchView(record: BatchRecord, states: Array<WorkflowState | null>) {
  const counts = { pending: 0, queued: 0, running: 0, completed: 0, failed: 0, cancelled: 0 };
  let costUsd = 0;
  const tokens = { prompt: 0, completion: 0 };
  for (const s of states) {
    if (!s) {
      counts.pending++;
      continue;
    }
    // Waiting for approval is still work in progress, as far as a batch's counts go.
    counts[s.status === "awaiting_approval" ? "running" : s.status]++;
    costUsd += s.costUsd ?? 0;
    tokens.prompt += s.tokens.prompt;
    tokens.completion += s.tokens.completion;
  }
  const ended = counts.completed + counts.failed + counts.cancelled;
  const status =
    ended === record.count
      ? record.cancelledAt
        ? "cancelled"
        : "completed"
      : record.cancelledAt
        ? "cancelling"
        : "running";
  const self = `/v1/batches/${record.id}`;
  return {
    id: record.id,
    status,
    count: record.count,
    createdAt: new Date(record.createdAt).toISOString(),
    ...(record.cancelledAt ? { cancelledAt: new Date(record.cancelledAt).toISOString() } : {}),
    progress: { ...counts, ended, fraction: Math.round((ended / record.count) * 1000) / 1000 },
    costUsd: Math.round(costUsd * 1e6) / 1e6,
    tokens,
    estimate: record.estimate,
    links: { self, cancel: `${self}/cancel`, export: `${self}/export` },
  };
}
