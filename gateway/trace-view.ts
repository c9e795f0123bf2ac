/**
 * `GET /v1/workflows/:id/trace`: the workflow's stage spans as the dashboard's timeline
 * draws them — a waterfall of stage runs with cache hits marked. They come from the stage
 * records in the workflow state (the same start and end times the stage spans carry), so the
 * timeline works without a trace backend; `traceId` opens the full trace (LLM calls, cache
 * lookups, the gateway request) in Jaeger or any OTLP backend when tracing is on.
 */
import type { WorkflowState } from "../core/state.ts";

export interface StageSpanView {
  name: string;
  stage: string;
  /** Start, ISO 8601. */
  startTime: string;
  /** Milliseconds from the workflow's submission to the stage's start. */
  offsetMs: number;
  durationMs: number;
  attempt: number;
  iteration: number;
  llmCalls: number;
  cacheHits: number;
  /** The stage's output came from its memo: no LLM call ran. */
  memo: boolean;
  provider?: string;
  model?: string;
  tokens: { prompt: number; completion: number; cached?: number };
}

export interface WorkflowTraceView {
  workflowId: string;
  status: WorkflowState["status"];
  /** W3C trace id, when tracing was on for the workflow. */
  traceId?: string;
  submittedAt: string;
  /** Submission to the end of the last recorded stage. */
  durationMs: number;
  spans: StageSpanView[];
}

export function workflowTraceView(s: WorkflowState): WorkflowTraceView {
  const spans: StageSpanView[] = [];
  for (const stage of s.stageNames) {
    const r = s.stages[stage];
    if (!r) continue;
    spans.push({
      name: `stage ${stage}`,
      stage,
      startTime: new Date(r.startedAt).toISOString(),
      offsetMs: r.startedAt - s.createdAt,
      durationMs: r.durationMs,
      attempt: r.attempt,
      iteration: r.iteration,
      llmCalls: r.llmCalls,
      cacheHits: r.cacheHits ?? 0,
      memo: r.memo ?? false,
      ...(r.provider ? { provider: r.provider } : {}),
      ...(r.model ? { model: r.model } : {}),
      tokens: r.tokens,
    });
  }
  spans.sort((a, b) => a.offsetMs - b.offsetMs);
  const end = Math.max(0, ...spans.map((x) => x.offsetMs + x.durationMs));
  return {
    workflowId: s.id,
    status: s.status,
    ...(s.traceId ? { traceId: s.traceId } : {}),
    submittedAt: new Date(s.createdAt).toISOString(),
    durationMs: end,
    spans,
  };
}
