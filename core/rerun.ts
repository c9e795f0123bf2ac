/**
 * Rerunning a finished workflow from one of its stages: a new workflow that takes the
 * outputs of the stages before `fromStage` from the original (optionally with some of them
 * edited, e.g. a corrected outline) and runs the rest. The original's outputs are kept at
 * completion as `<id>.outputs.json` in `seo-results`, with the same retention.
 */
import type { FieldIssue } from "./errors.ts";
import { NAME_PATTERN, WORKFLOW_ID_PATTERN } from "./subjects.ts";

/** Largest edited outputs, bytes of JSON. */
export const MAX_RERUN_OUTPUTS_BYTES = 256 * 1024;

export interface RerunRequest {
  /** The workflow whose earlier outputs are reused; it must have completed. */
  of: string;
  /** The first stage to run again; the ones after it run too. */
  fromStage: string;
  /** Replacement outputs for stages before `fromStage`, by stage name. */
  outputs?: Record<string, unknown>;
}

/** The object in `seo-results` holding a completed workflow's stage outputs. */
export function outputsObjectName(workflowId: string): string {
  return `${workflowId}.outputs.json`;
}

/** Validates the `rerun` field of a request, adding issues for what is wrong. */
export function parseRerun(v: unknown, issues: FieldIssue[]): RerunRequest | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "object" || Array.isArray(v)) {
    issues.push({ field: "rerun", message: "must be an object {of, fromStage, outputs?}" });
    return undefined;
  }
  const r = v as Record<string, unknown>;
  const before = issues.length;
  for (const k of Object.keys(r)) {
    if (!["of", "fromStage", "outputs"].includes(k)) {
      issues.push({ field: `rerun.${k}`, message: "unknown field" });
    }
  }
  if (typeof r.of !== "string" || !WORKFLOW_ID_PATTERN.test(r.of)) {
    issues.push({ field: "rerun.of", message: "must be the id of a completed workflow" });
  }
  if (typeof r.fromStage !== "string" || !NAME_PATTERN.test(r.fromStage)) {
    issues.push({ field: "rerun.fromStage", message: "must be a stage name" });
  }
  if (r.outputs !== undefined) {
    if (typeof r.outputs !== "object" || r.outputs === null || Array.isArray(r.outputs)) {
      issues.push({ field: "rerun.outputs", message: "must be an object of outputs by stage" });
    } else if (
      new TextEncoder().encode(JSON.stringify(r.outputs)).length > MAX_RERUN_OUTPUTS_BYTES
    ) {
      issues.push({
        field: "rerun.outputs",
        message: `must be at most ${MAX_RERUN_OUTPUTS_BYTES} bytes as JSON`,
      });
    }
  }
  if (issues.length > before) return undefined;
  return {
    of: r.of as string,
    fromStage: r.fromStage as string,
    ...(r.outputs !== undefined ? { outputs: r.outputs as Record<string, unknown> } : {}),
  };
}
