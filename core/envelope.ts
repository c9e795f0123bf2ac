/**
 * The stage message: everything the next stage needs, so actors stay stateless. Outputs of
 * earlier stages travel inside it; anything large travels as an object-store reference.
 */
import type { TaskClass } from "./config.ts";
import { InvalidEnvelopeError } from "./errors.ts";
import type { WorkflowRequest } from "./request.ts";
import { NAME_PATTERN, WORKFLOW_ID_PATTERN } from "./subjects.ts";

export const ENVELOPE_VERSION = 1;

/** What a finished stage reports; it travels on so any later stage can record it too. */
export interface StageTiming {
  startedAt: number;
  finishedAt: number;
  iteration?: number;
  attempt?: number;
  llmCalls?: number;
  tokens?: { prompt: number; completion: number; cached?: number };
  model?: string;
  provider?: string;
  costUsd?: number;
  /** LLM calls answered from the cache, and whether the whole stage came from its memo. */
  cacheHits?: number;
  memo?: boolean;
}

export interface StageEnvelope {
  /** Payload version; a newer one is rejected with a clear error, not misread. */
  v: typeof ENVELOPE_VERSION;
  workflowId: string;
  /** The pipeline and version the workflow started with (kept until it ends). */
  pipeline: { name: string; version: string };
  /** The stage this message is for. */
  stage: string;
  /** Deliberate re-runs of this stage (part of the dedupe msg id). */
  iteration: number;
  request: WorkflowRequest;
  /** Outputs of the stages done so far, by stage name. */
  outputs: Record<string, unknown>;
  /** When each stage done so far started and finished (epoch ms), its attempt and tokens. */
  timings: Record<string, StageTiming>;
  /** When the workflow was accepted (epoch ms). */
  submittedAt: number;
  /** Set on the publish stage's message once a person approved publishing. */
  approved?: { by: string; at: number };
  /** Set from a revision on: which stage sent the workflow back to which, and why. */
  revision?: Revision;
}

/** A stage sending the workflow back to an earlier one (the review, for a weak draft). */
export interface Revision {
  /** The stage that runs again. */
  stage: string;
  /** The stage that asked. */
  from: string;
  reason: string;
  /** The task class the revised stage runs on, when not its own. */
  taskClass?: TaskClass;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Checks a decoded value is a stage envelope; throws InvalidEnvelopeError naming the problem. */
export function parseEnvelope(value: unknown): StageEnvelope {
  if (!isRecord(value)) throw new InvalidEnvelopeError("stage message is not an object");
  if (value.v !== ENVELOPE_VERSION) {
    throw new InvalidEnvelopeError(
      `unsupported envelope version ${JSON.stringify(value.v)} (this actor reads version ${ENVELOPE_VERSION})`,
    );
  }
  const { workflowId, pipeline, stage, iteration, request, outputs, timings, submittedAt } = value;
  if (typeof workflowId !== "string" || !WORKFLOW_ID_PATTERN.test(workflowId)) {
    throw new InvalidEnvelopeError("workflowId is missing or not a valid id");
  }
  if (
    !isRecord(pipeline) ||
    typeof pipeline.name !== "string" ||
    typeof pipeline.version !== "string"
  ) {
    throw new InvalidEnvelopeError("pipeline must be {name, version}");
  }
  if (typeof stage !== "string" || !NAME_PATTERN.test(stage)) {
    throw new InvalidEnvelopeError("stage is missing or not a stage name");
  }
  if (typeof iteration !== "number" || !Number.isInteger(iteration) || iteration < 0) {
    throw new InvalidEnvelopeError("iteration must be a non-negative integer");
  }
  if (!isRecord(request) || typeof request.keyword !== "string") {
    throw new InvalidEnvelopeError("request is missing or has no keyword");
  }
  if (!isRecord(outputs)) throw new InvalidEnvelopeError("outputs must be an object");
  if (timings !== undefined && !isRecord(timings)) {
    throw new InvalidEnvelopeError("timings must be an object");
  }
  if (typeof submittedAt !== "number")
    throw new InvalidEnvelopeError("submittedAt must be a number");
  const { revision } = value;
  if (
    revision !== undefined &&
    (!isRecord(revision) ||
      typeof revision.stage !== "string" ||
      typeof revision.from !== "string" ||
      typeof revision.reason !== "string")
  ) {
    throw new InvalidEnvelopeError("revision must be {stage, from, reason, taskClass?}");
  }
  // Messages written before stage records travelled in the envelope have none.
  if (timings === undefined) value.timings = {};
  return value as unknown as StageEnvelope;
}
