/**
 * Where a rerun starts (see core/rerun.ts): the stage to run first, the earlier stages'
 * outputs (the original's, with the edited ones in their place) and their records, which
 * show as reused (no LLM call, no cost) in the new workflow. Every output handed on must fit
 * its stage's assistant (assistants/output-checks.ts); one that does not fails the request
 * here, naming the field, and the intake dead-letters it.
 */
import type { ObjectStore } from "@nats-io/obj";
import type { StageTiming } from "../core/envelope.ts";
import { type FieldIssue, InvalidRequestError } from "../core/errors.ts";
import type { PipelineSnapshot } from "../core/pipeline.ts";
import { outputsObjectName, type RerunRequest } from "../core/rerun.ts";
import { stageOutputIssues } from "./assistants/output-checks.ts";

export interface RerunStart {
  fromStage: string;
  outputs: Record<string, unknown>;
  timings: Record<string, StageTiming>;
}

export async function rerunStart(
  results: ObjectStore,
  rerun: RerunRequest,
  pipeline: PipelineSnapshot,
  now: number,
): Promise<RerunStart> {
  const at = pipeline.stages.findIndex((s) => s.name === rerun.fromStage);
  if (at === -1) {
    throw new InvalidRequestError([
      {
        field: "rerun.fromStage",
        message: `pipeline ${pipeline.name} has no stage "${rerun.fromStage}" (its stages: ${pipeline.stages.map((s) => s.name).join(", ")})`,
      },
    ]);
  }
  const stages = pipeline.stages.slice(0, at);
  const earlier = stages.map((s) => s.name);
  const issues: FieldIssue[] = [];
  for (const name of Object.keys(rerun.outputs ?? {})) {
    if (!earlier.includes(name)) {
      issues.push({
        field: `rerun.outputs.${name}`,
        message: `only the outputs of stages before ${rerun.fromStage} can be given (${earlier.join(", ") || "none"})`,
      });
    }
  }
  const blob = at > 0 ? await results.getBlob(outputsObjectName(rerun.of)) : null;
  if (at > 0 && !blob) {
    issues.push({
      field: "rerun.of",
      message: `workflow "${rerun.of}" has no stored outputs: only a completed workflow can be rerun`,
    });
  }
  // Edited outputs must fit their stage's assistant: a later stage reads them as its types say.
  issues.push(...stageOutputIssues(stages, rerun.outputs ?? {}, "rerun.outputs"));
  if (issues.length) throw new InvalidRequestError(issues);
  const stored = blob
    ? (JSON.parse(new TextDecoder().decode(blob)) as Record<string, unknown>)
    : {};
  const outputs: Record<string, unknown> = {};
  const reused: Record<string, unknown> = {};
  for (const name of earlier) {
    const edited = rerun.outputs?.[name];
    if (edited !== undefined && edited !== null) outputs[name] = edited;
    else outputs[name] = reused[name] = stored[name];
  }
  // The reused ones must fit too: the pipeline may have changed since they were written
  // (another assistant behind a stage's name), and a stage would then fail on them half-way.
  const outdated = stageOutputIssues(stages, reused, "outputs");
  if (outdated.length) {
    throw new InvalidRequestError(
      outdated.map((i) => ({
        field: "rerun.of",
        message: `its stored ${i.field} does not fit what the stage's assistant produces now: ${i.message} (give that output in rerun.outputs instead)`,
      })),
    );
  }
  const timings: Record<string, StageTiming> = {};
  for (const name of earlier) {
    timings[name] = {
      startedAt: now,
      finishedAt: now,
      iteration: 0,
      attempt: 1,
      llmCalls: 0,
      tokens: { prompt: 0, completion: 0 },
      costUsd: 0,
      memo: true,
    };
  }
  return { fromStage: rerun.fromStage, outputs, timings };
}
