/** The public JSON shape of a workflow (`GET /v1/workflows/:id`). */
import type { WorkflowState } from "../core/state.ts";

export type StageStatus = "pending" | "running" | "done";

export interface WorkflowView {
  id: string;
  status: WorkflowState["status"];
  keyword: string;
  language: string;
  pipeline: { name: string; version: string };
  currentStage?: string;
  createdAt: string;
  updatedAt: string;
  durationMs?: number;
  stages: Array<{
    name: string;
    status: StageStatus;
    durationMs?: number;
    attempt?: number;
    llmCalls?: number;
    tokens?: { prompt: number; completion: number; cached?: number };
    costUsd?: number;
    model?: string;
    provider?: string;
    cacheHits?: number;
    memo?: boolean;
    tokenRatio?: number;
    /** How many times the stage was run again after a revision (absent: never). */
    iteration?: number;
  }>;
  tokens: { prompt: number; completion: number; cached?: number };
  costUsd: number;
  error?: { code: string; message: string; stage?: string };
  /** Publishing that waits (waited) for a person: asked when, approved by whom and when. */
  approval?: WorkflowState["approval"];
  /** Each time a stage sent the workflow back (the review, for a draft under its score). */
  revisions?: WorkflowState["revisions"];
  request: WorkflowState["request"];
  result?: Record<string, unknown>;
  links: Record<string, string>;
}

/** One line of a workflow listing: what a list shows, no stage details or article. */
export interface WorkflowSummary {
  id: string;
  status: WorkflowState["status"];
  keyword: string;
  language: string;
  pipeline: string;
  currentStage?: string;
  stagesDone: number;
  stageCount: number;
  createdAt: string;
  updatedAt: string;
  costUsd: number;
  title?: string;
  links: { self: string };
}

export function workflowSummary(s: WorkflowState, basePath = "/v1/workflows"): WorkflowSummary {
  return {
    id: s.id,
    status: s.status,
    keyword: s.request.keyword,
    language: s.request.language,
    pipeline: s.pipeline.name,
    ...(s.currentStage ? { currentStage: s.currentStage } : {}),
    stagesDone: Object.keys(s.stages).length,
    stageCount: s.stageNames.length,
    createdAt: new Date(s.createdAt).toISOString(),
    updatedAt: new Date(s.updatedAt).toISOString(),
    costUsd: s.costUsd ?? 0,
    ...(s.result?.title ? { title: s.result.title } : {}),
    links: { self: `${basePath}/${s.id}` },
  };
}

export function workflowView(
  s: WorkflowState,
  result: Record<string, unknown> | null,
  basePath = "/v1/workflows",
): WorkflowView {
  const view: WorkflowView = {
    id: s.id,
    status: s.status,
    keyword: s.request.keyword,
    language: s.request.language,
    pipeline: s.pipeline,
    createdAt: new Date(s.createdAt).toISOString(),
    updatedAt: new Date(s.updatedAt).toISOString(),
    stages: s.stageNames.map((name, i) => {
      const rec = s.stages[name];
      // After a revision, the stages from the revised one on are due again: their records
      // are of the earlier iteration until they run.
      const latest = s.revisions?.at(-1);
      const due =
        rec !== undefined &&
        latest !== undefined &&
        rec.iteration < latest.iteration &&
        i >= s.stageNames.indexOf(latest.stage);
      if (rec && !due) {
        return {
          name,
          status: "done" as const,
          durationMs: rec.durationMs,
          attempt: rec.attempt,
          llmCalls: rec.llmCalls,
          tokens: rec.tokens,
          costUsd: rec.costUsd ?? 0,
          // The seed's token efficiency, per stage: completion ÷ prompt tokens.
          ...(rec.tokens.prompt > 0
            ? { tokenRatio: Math.round((rec.tokens.completion / rec.tokens.prompt) * 1000) / 1000 }
            : {}),
          ...(rec.model ? { model: rec.model } : {}),
          ...(rec.provider ? { provider: rec.provider } : {}),
          ...(rec.cacheHits ? { cacheHits: rec.cacheHits } : {}),
          ...(rec.memo ? { memo: true } : {}),
          ...(rec.iteration > 0 ? { iteration: rec.iteration } : {}),
        };
      }
      const running = s.status === "running" || s.status === "queued";
      return { name, status: running && s.currentStage === name ? "running" : "pending" };
    }),
    tokens: s.tokens,
    costUsd: s.costUsd ?? 0,
    request: s.request,
    links: { self: `${basePath}/${s.id}`, trace: `${basePath}/${s.id}/trace` },
  };
  if (s.currentStage) view.currentStage = s.currentStage;
  if (s.status === "completed") view.durationMs = s.updatedAt - s.createdAt;
  if (s.error) view.error = s.error;
  if (s.revisions?.length) view.revisions = s.revisions;
  if (s.approval) view.approval = s.approval;
  if (result) view.result = result;
  return view;
}
