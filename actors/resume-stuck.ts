/**
 * Resuming workflows whose stage message is gone.
 *
 * A stage publishes the next stage's message (acknowledged by JetStream) before it records
 * itself, so a running workflow always has its next message in the work queue — unless the
 * server loses it. nats-server 2.9.10 does: after a frozen stream leader thaws, a work-queue
 * message it acknowledged can be gone from the stream, or kept there with no consumer
 * counting it (docs/reliability.md, upstream nats-io/nats-server#6387, #6566). The workflow
 * then waits for ever: nothing failed, nothing will be delivered.
 *
 * The sweep finds such workflows — running, unchanged for `stuckAfterMs`, their current
 * stage's consumer holding nothing (no message waiting, none in hand) — and publishes their
 * current stage's message again. The message carries every earlier stage's output, which
 * only the lost message had; each is found again in the stage memo, stage by stage, from the
 * request (the same inputs give the same memo key). No LLM call is made for it. A workflow
 * whose outputs cannot all be found (memo off or expired, a stage that is never memoised
 * before it, or a revision loop, whose inputs the state does not keep) is failed with
 * STAGE_MESSAGE_LOST and a dead-letter entry, so it ends with a reason rather than never.
 *
 * Several processes may sweep at once: the message id names the state revision it was
 * built from, so within the duplicate window one resume per stuck state is stored.
 */
import type { JetStreamClient, JetStreamManager } from "@nats-io/jetstream";
import { type NatsConnection, headers as natsHeaders } from "@nats-io/nats-core";
import { CONTENT_TYPE_MSGPACK, encode, HEADER_CONTENT_TYPE } from "../core/codec.ts";
import { ENVELOPE_VERSION, type StageEnvelope, type StageTiming } from "../core/envelope.ts";
import { errorMessage } from "../core/errors.ts";
import type { LlmCache } from "../core/llm/cache.ts";
import type { Logger } from "../core/log.ts";
import type { PipelineRegistry } from "../core/pipeline-registry.ts";
import type { WorkflowState, WorkflowStore } from "../core/state.ts";
import { STREAM_STAGES, stageConsumerName, stageMsgId, stageSubject } from "../core/subjects.ts";
import { markFailed, publishDeadLetter } from "./dead-letter.ts";
import { isMemoised, stageMemoKeyOf } from "./stage-worker.ts";

export interface ResumeSweepDeps {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  store: WorkflowStore;
  registry: PipelineRegistry;
  /** The stage memo; absent when caching is off (then nothing can be resumed). */
  cache?: LlmCache | undefined;
  logger: Logger;
  /** How long a running workflow may go unchanged with its stage's consumer idle. */
  stuckAfterMs: number;
  now?: () => number;
}

export interface ResumeSweepResult {
  /** Running workflows looked at. */
  running: number;
  /** Ids whose current stage's message was published again. */
  resumed: string[];
  /** Ids failed as STAGE_MESSAGE_LOST (their outputs could not be found again). */
  failed: string[];
}

/** The code a workflow fails with when its stage message was lost and cannot be rebuilt. */
export const STAGE_MESSAGE_LOST = "STAGE_MESSAGE_LOST";

/** One sweep over every workflow. */
export async function sweepStuckWorkflows(deps: ResumeSweepDeps): Promise<ResumeSweepResult> {
  const now = deps.now?.() ?? Date.now();
  const result: ResumeSweepResult = { running: 0, resumed: [], failed: [] };
  // Which stage consumers hold nothing (no message waiting, none in hand). With none idle
  // there is nothing to resume yet (a stranded workflow waits until its stage's consumer is
  // idle: a busy one may still hold its message), so no scan.
  const idle = new Set<string>();
  for await (const c of deps.jsm.consumers.list(STREAM_STAGES)) {
    if (c.num_pending + c.num_ack_pending === 0) idle.add(c.name);
  }
  if (idle.size === 0) return result;
  for (const id of await deps.store.ids()) {
    const current = await deps.store.get(id).catch(() => null);
    const s = current?.state;
    if (!s || (s.status !== "running" && s.status !== "queued") || !s.currentStage) continue;
    result.running++;
    if (now - s.updatedAt < deps.stuckAfterMs) continue;
    if (!idle.has(stageConsumerName(s.currentStage, s.lane ?? "interactive"))) continue;
    // Confirmed where writes are applied: a replica behind would resume a finished stage.
    const latest = await deps.store.get(id, { fromLeader: true });
    if (!latest || latest.revision !== current!.revision) continue;
    try {
      const envelope = await rebuildEnvelope(deps, s);
      if (envelope) {
        await publishResume(deps, s, envelope, latest.revision);
        result.resumed.push(id);
        deps.logger.warn("stage message lost; resumed from the stage memo", {
          workflowId: id,
          stage: s.currentStage,
          idleForMs: now - s.updatedAt,
        });
      } else {
        await failLost(deps, s);
        result.failed.push(id);
      }
    } catch (err) {
      deps.logger.warn("could not resume a stuck workflow", {
        workflowId: id,
        error: errorMessage(err),
      });
    }
  }
  return result;
}

/**
 * The current stage's envelope as the lost message had it, or null if an earlier output is
 * not in the memo.
 */
async function rebuildEnvelope(
  deps: ResumeSweepDeps,
  s: WorkflowState,
): Promise<StageEnvelope | null> {
  if (!deps.cache || s.request.cache === "bypass" || (s.revisions?.length ?? 0) > 0) return null;
  const pipeline = await deps.registry.get(s.pipeline.name, s.pipeline.version);
  const at = pipeline.stages.findIndex((st) => st.name === s.currentStage);
  if (at === -1) return null;
  const outputs: Record<string, unknown> = {};
  const timings: Record<string, StageTiming> = {};
  for (const stage of pipeline.stages.slice(0, at)) {
    if (!isMemoised(stage)) return null;
    const output = await deps.cache.get<unknown>(
      await stageMemoKeyOf({ request: s.request, outputs: { ...outputs } }, stage),
    );
    if (output === undefined) return null;
    outputs[stage.name] = output;
    const record = s.stages[stage.name];
    if (record) timings[stage.name] = { ...record };
  }
  return {
    v: ENVELOPE_VERSION,
    workflowId: s.id,
    pipeline: s.pipeline,
    stage: s.currentStage!,
    iteration: 0,
    request: s.request,
    outputs,
    timings,
    submittedAt: s.createdAt,
  };
}

async function publishResume(
  deps: ResumeSweepDeps,
  s: WorkflowState,
  envelope: StageEnvelope,
  revision: number,
): Promise<void> {
  const h = natsHeaders();
  h.set(HEADER_CONTENT_TYPE, CONTENT_TYPE_MSGPACK);
  // Not the lost message's id: that one may still be in the duplicate window.
  await deps.js.publish(stageSubject(envelope.stage, s.lane ?? "interactive"), encode(envelope), {
    headers: h,
    msgID: `${stageMsgId(s.id, envelope.stage, envelope.iteration)}.resume.${revision}`,
  });
}

async function failLost(deps: ResumeSweepDeps, s: WorkflowState): Promise<void> {
  const stage = s.currentStage!;
  const reason = `the ${stage} stage's message was lost by the server and the earlier outputs it carried are not all in the stage memo (memo off or expired, a revision, or a stage that is not memoised): submit the request again`;
  const data = new TextEncoder().encode(JSON.stringify({ workflowId: s.id, request: s.request }));
  await publishDeadLetter(deps.js, {
    stage,
    reason,
    code: STAGE_MESSAGE_LOST,
    deliveries: 0,
    subject: stageSubject(stage, s.lane ?? "interactive"),
    // No stream message to name: the id keeps one entry per workflow and stage.
    streamSeq: 0,
    dedupeId: `dlq.lost.${s.id}.${stage}`,
    workflowId: s.id,
    data,
  });
  await markFailed(deps.nc, deps.store, s.id, { code: STAGE_MESSAGE_LOST, message: reason, stage });
}
