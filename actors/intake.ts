/**
 * The intake actor: turns a `seo.submit` request into a workflow. It validates the request,
 * picks the workflow id (the request's `id`, else the `Nats-Msg-Id` header, else `s<stream
 * sequence>`), records the workflow as `queued` with the pipeline version it starts on, and
 * publishes the first stage. An invalid request fails for good and is dead-lettered.
 */
import type { JsMsg } from "@nats-io/jetstream";
import { headers as natsHeaders } from "@nats-io/nats-core";
import type { Span } from "@opentelemetry/api";
import { approvalArtifactName, COMMAND_APPROVE, HEADER_COMMAND } from "../core/approval.ts";
import { CONTENT_TYPE_MSGPACK, decode, encode, HEADER_CONTENT_TYPE } from "../core/codec.ts";
import { ENVELOPE_VERSION, type StageEnvelope } from "../core/envelope.ts";
import { InvalidRequestError, UnknownWorkflowError } from "../core/errors.ts";
import { publishEvent } from "../core/events.ts";
import { parseWorkflowRequest } from "../core/request.ts";
import type { WorkflowState } from "../core/state.ts";
import { publishWhenRoom } from "../core/stream-full.ts";
import {
  HEADER_API_KEY,
  HEADER_API_KEY_BUDGET,
  HEADER_PUBLISHER,
  laneOfSubject,
  stageMsgId,
  stageSubject,
  WORKFLOW_ID_PATTERN,
  workflowIdFromSequence,
} from "../core/subjects.ts";
import { recordWorkflowEnd } from "../core/telemetry/metrics.ts";
import {
  extractTraceContext,
  injectTraceContext,
  inSpan,
  SpanKind,
} from "../core/telemetry/tracing.ts";
import { type ActorDeps, PROPAGATED_HEADERS } from "./deps.ts";
import { rerunStart } from "./rerun-start.ts";

export function workflowIdFor(
  requestId: string | undefined,
  msgIdHeader: string | undefined,
  streamSeq: number,
): string {
  if (requestId) return requestId;
  if (msgIdHeader) {
    if (!WORKFLOW_ID_PATTERN.test(msgIdHeader)) {
      throw new InvalidRequestError([
        {
          field: "Nats-Msg-Id",
          message:
            "is used as the workflow id and must be 1–100 characters of [A-Za-z0-9_-] (or set the request's id)",
        },
      ]);
    }
    return msgIdHeader;
  }
  return workflowIdFromSequence(streamSeq);
}

/** The API key the gateway created the work with, from the submission's headers. */
function ownerOf(h: JsMsg["headers"]): Pick<WorkflowState, "owner"> {
  const name = h?.get(HEADER_API_KEY);
  if (!name) return {};
  const budget = Number(h?.get(HEADER_API_KEY_BUDGET) || Number.NaN);
  return {
    owner: {
      name,
      ...(Number.isFinite(budget) && budget >= 0 ? { monthlyBudgetUsd: budget } : {}),
    },
  };
}

export function intakeHandler(deps: ActorDeps) {
  const { js, nc, store, registry, logger } = deps;
  // Read for every batch submission, never cached: once the cancel answers, no submission
  // that intake reaches afterwards may start (one KV read is small next to a workflow).
  async function batchCancelled(workflowId: string): Promise<boolean> {
    return (await deps.batches?.cancelledFor(workflowId)) ?? false;
  }
  async function handleSubmit(msg: JsMsg, signal?: AbortSignal): Promise<void> {
    // The workflow span: child of the submitter's span (the gateway's request, or any NATS
    // client's own traceparent), parent of every stage span of the workflow.
    await inSpan(
      "workflow",
      { kind: SpanKind.CONSUMER, parent: extractTraceContext(msg.headers) },
      (span) =>
        msg.headers?.get(HEADER_COMMAND) === COMMAND_APPROVE
          ? resumeApproved(msg, signal)
          : acceptSubmission(msg, span, signal),
    );
  }

  /**
   * An approval (core/approval.ts): the parked publish-stage message goes to its stage again,
   * as the next iteration, carrying who approved it. Only a workflow whose state records the
   * approval is resumed; a command for any other is dead-lettered with the reason.
   */
  async function resumeApproved(msg: JsMsg, signal?: AbortSignal): Promise<void> {
    const body = decode(msg.data, msg.headers?.get(HEADER_CONTENT_TYPE)) as {
      workflowId?: unknown;
    };
    const id = typeof body?.workflowId === "string" ? body.workflowId : "";
    if (!WORKFLOW_ID_PATTERN.test(id)) {
      throw new InvalidRequestError([{ field: "workflowId", message: "must be a workflow id" }]);
    }
    const current = await store.get(id);
    if (!current) throw new UnknownWorkflowError(id);
    const approval = current.state.approval;
    if (current.state.status !== "running" || approval?.approvedAt === undefined) {
      throw new InvalidRequestError([
        {
          field: "workflowId",
          message: `workflow "${id}" is not approved for publishing (${current.state.status})`,
        },
      ]);
    }
    const parked = await deps.artifacts?.get<StageEnvelope>(approvalArtifactName(id));
    if (!parked) {
      throw new InvalidRequestError([
        { field: "workflowId", message: `workflow "${id}" has no publishing waiting for approval` },
      ]);
    }
    const envelope: StageEnvelope = {
      ...parked,
      iteration: parked.iteration + 1,
      approved: { by: approval.by ?? "unknown", at: approval.approvedAt },
    };
    const h = natsHeaders();
    h.set(HEADER_CONTENT_TYPE, CONTENT_TYPE_MSGPACK);
    const lane = current.state.lane === "batch" ? "batch" : "interactive";
    await publishWhenRoom(
      js,
      stageSubject(envelope.stage, lane),
      encode(envelope),
      { msgID: stageMsgId(id, envelope.stage, envelope.iteration), headers: h },
      signal ? { signal } : {},
    );
    logger.info("approved publishing resumed", { workflowId: id, by: approval.by });
  }

  async function acceptSubmission(msg: JsMsg, span: Span, signal?: AbortSignal): Promise<void> {
    // Internal fields are allowed here: publishing to seo.submit already takes NATS
    // credentials, which the operator hands out (the gateway checks its keys before it submits).
    const request = parseWorkflowRequest(decode(msg.data, msg.headers?.get(HEADER_CONTENT_TYPE)), {
      allowInternalFields: true,
    });
    if (request.site !== undefined && !deps.sites?.has(request.site)) {
      throw new InvalidRequestError([
        {
          field: "site",
          message: deps.sites
            ? `unknown site "${request.site}" (the sites file has: ${deps.sites.ids.join(", ") || "none"})`
            : "no sites file is configured (SITES_FILE) on the intake actor",
        },
      ]);
    }
    const id = workflowIdFor(request.id, msg.headers?.get("Nats-Msg-Id") || undefined, msg.seq);
    span.setAttributes({
      "seo_farm.workflow.id": id,
      "seo_farm.pipeline": request.pipeline,
      "seo_farm.keyword": request.keyword,
    });
    const lane = laneOfSubject(msg.subject);
    const pipeline = await registry.current(request.pipeline);
    let firstStage = pipeline.stages[0]!.name;
    const now = Date.now();
    // A rerun starts at its stage with the earlier outputs (a bad one is dead-lettered).
    const rerun = request.rerun
      ? await rerunStart(deps.results, request.rerun, pipeline, now)
      : undefined;
    if (rerun) firstStage = rerun.fromStage;
    const state: WorkflowState = {
      id,
      status: "queued",
      pipeline: { name: pipeline.name, version: pipeline.version },
      promptVersions: Object.fromEntries(
        pipeline.stages.filter((s) => s.prompt).map((s) => [s.name, s.prompt!.version]),
      ),
      stageNames: pipeline.stages.map((s) => s.name),
      request: { ...request, id },
      createdAt: now,
      updatedAt: now,
      submitSeq: msg.seq,
      ...ownerOf(msg.headers),
      ...(lane === "batch" ? { lane } : {}),
      ...(span.isRecording() ? { traceId: span.spanContext().traceId } : {}),
      currentStage: firstStage,
      stages: {},
      tokens: { prompt: 0, completion: 0 },
    };
    let envelope: StageEnvelope = {
      v: ENVELOPE_VERSION,
      workflowId: id,
      pipeline: state.pipeline,
      stage: firstStage,
      iteration: 0,
      request: state.request,
      outputs: rerun?.outputs ?? {},
      timings: rerun?.timings ?? {},
      submittedAt: now,
    };
    // A batch cancelled while this submission waited: record it as cancelled, run nothing.
    if (lane === "batch" && (await batchCancelled(id))) {
      state.status = "cancelled";
      state.error = { code: "CANCELLED", message: "its batch was cancelled" };
      delete state.currentStage;
      if ((await store.create(state)) !== null) {
        recordWorkflowEnd("cancelled", pipeline.name, 0);
        publishEvent(nc, id, "status", { status: "cancelled", reason: "batch cancelled" });
      }
      return;
    }
    if ((await store.create(state)) === null) {
      const existing = await store.get(id);
      if (existing && existing.state.submitSeq === msg.seq) {
        // Our own earlier attempt recorded it and died before publishing: finish the job,
        // starting from what was recorded (the msg-id dedupes a publish that did happen).
        firstStage = existing.state.stageNames[0] ?? firstStage;
        envelope = {
          ...envelope,
          stage: firstStage,
          pipeline: existing.state.pipeline,
          submittedAt: existing.state.createdAt,
        };
      } else {
        logger.info("duplicate submission ignored", { workflowId: id, streamSeq: msg.seq });
        return;
      }
    }
    const h = natsHeaders();
    h.set(HEADER_CONTENT_TYPE, CONTENT_TYPE_MSGPACK);
    for (const name of PROPAGATED_HEADERS) {
      const v = msg.headers?.get(name);
      if (v) h.set(name, v);
    }
    if (deps.instanceId) h.set(HEADER_PUBLISHER, deps.instanceId);
    // With tracing on, the stages hang under the workflow span instead.
    injectTraceContext(h);
    // An accepted submission waits for room in a full first stage (the loop keeps it in
    // hand with in-progress acks) rather than spending its deliveries and being dead-lettered.
    await publishWhenRoom(
      js,
      stageSubject(firstStage, lane),
      encode(envelope),
      { msgID: stageMsgId(id, firstStage, 0), headers: h },
      signal ? { signal } : {},
    );
    publishEvent(nc, id, "status", { status: "queued", pipeline: state.pipeline });
    logger.info("workflow accepted", {
      workflowId: id,
      pipeline: pipeline.name,
      keyword: request.keyword,
    });
  }
  return handleSubmit;
}
