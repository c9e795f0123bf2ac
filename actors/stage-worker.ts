/**
 * The stage actor's handler. For one message: check it belongs here and is still wanted,
 * run the stage's assistant, then — in this order — publish the next stage's message (with
 * `Nats-Msg-Id` so a redelivered stage cannot enqueue it twice), record the stage in the
 * workflow state with compare-and-set, and return so the loop acks. The last stage stores
 * the result and completes the workflow, also with compare-and-set, so there is one result.
 */

import type { JsMsg } from "@nats-io/jetstream";
import { type NatsConnection, headers as natsHeaders } from "@nats-io/nats-core";
import type { Span } from "@opentelemetry/api";
import { linkSignals } from "../core/abort-link.ts";
import { approvalArtifactName } from "../core/approval.ts";
import { cancelWorkflow } from "../core/cancellation.ts";
import { CONTENT_TYPE_MSGPACK, decode, encode, HEADER_CONTENT_TYPE } from "../core/codec.ts";
import { parseEnvelope, type StageEnvelope, type StageTiming } from "../core/envelope.ts";
import {
  BudgetExceededError,
  InvalidEnvelopeError,
  MonthlyBudgetExceededError,
  UnknownSiteError,
  UnknownWorkflowError,
} from "../core/errors.ts";
import { publishEvent } from "../core/events.ts";
import { stageMemoKey } from "../core/llm/cache-keys.ts";
import { parseRoute } from "../core/llm/routes.ts";
import type { LlmUsage } from "../core/llm/types.ts";
import type { Logger } from "../core/log.ts";
import type { PipelineSnapshot, ResolvedStage } from "../core/pipeline.ts";
import { outputsObjectName } from "../core/rerun.ts";
import {
  type ResultRef,
  TERMINAL_STATUSES,
  type VersionedState,
  type WorkflowState,
} from "../core/state.ts";
import { publishWhenRoom } from "../core/stream-full.ts";
import {
  HEADER_PUBLISHER,
  type Lane,
  laneOfSubject,
  stageMsgId,
  stageOfSubject,
  stageSubject,
} from "../core/subjects.ts";
import { recordWorkflowEnd, seoFarmMetrics } from "../core/telemetry/metrics.ts";
import { extractTraceContext, inSpan, SpanKind } from "../core/telemetry/tracing.ts";
import { ASSISTANTS } from "./assistants/mod.ts";
import { awaitsApproval } from "./assistants/publish.ts";
import type { AssistantContext } from "./assistants/types.ts";
import { type ActorDeps, PROPAGATED_HEADERS } from "./deps.ts";
import { renderPrompt } from "./prompt-input.ts";

export interface StageRun {
  output: unknown;
  llmCalls: number;
  usage: LlmUsage;
  costUsd: number;
  model?: string;
  provider?: string;
  /** LLM calls answered from the cache. */
  cacheHits: number;
  /** The output came from the stage memo; the assistant did not run. */
  memo: boolean;
  /** The assistant asked to send the workflow back (the stage's `revise` rule allowed it). */
  revision?: { reason: string };
}

function emptyRun(): StageRun {
  return {
    output: undefined,
    llmCalls: 0,
    usage: { promptTokens: 0, completionTokens: 0, cachedPromptTokens: 0 },
    costUsd: 0,
    cacheHits: 0,
    memo: false,
  };
}

/** The result stored in `seo-results`: the assembled article plus generic stages' outputs. */
export function buildResult(pipeline: PipelineSnapshot, outputs: Record<string, unknown>) {
  const assembleStage = [...pipeline.stages].reverse().find((s) => s.assistant === "assemble");
  const last = pipeline.stages[pipeline.stages.length - 1]!;
  const base = outputs[(assembleStage ?? last).name];
  const extras: Record<string, unknown> = {};
  let published: unknown;
  for (const s of pipeline.stages) {
    if (s.assistant === "prompt") extras[s.name] = outputs[s.name];
    if (s.assistant === "publish") published = outputs[s.name];
  }
  const article =
    typeof base === "object" && base !== null
      ? (base as Record<string, unknown>)
      : { output: base };
  return { ...article, extras, ...(published !== undefined ? { published } : {}) };
}

/** What the workflow state keeps of a stored result: where it is, and what a listing shows. */
export function resultRef(object: string, result: Record<string, unknown>): ResultRef {
  return {
    object,
    title: String(result.title ?? ""),
    slug: String(result.slug ?? ""),
    metaDescription: String(result.metaDescription ?? ""),
    wordCount: Number(result.wordCount ?? 0),
  };
}

export function resultObjectName(workflowId: string): string {
  return `${workflowId}.json`;
}

/** Streamed text is published in batches: at most every 100 ms or 512 characters. */
export const DELTA_FLUSH_MS = 100;
export const DELTA_FLUSH_CHARS = 512;

function deltaPublisher(nc: NatsConnection, workflowId: string, stage: string) {
  let buffer = "";
  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!buffer) return;
    publishEvent(nc, workflowId, "delta", { stage, seq: seq++, text: buffer });
    buffer = "";
  };
  return {
    push: (text: string): void => {
      buffer += text;
      if (buffer.length >= DELTA_FLUSH_CHARS) flush();
      else timer ??= setTimeout(flush, DELTA_FLUSH_MS);
    },
    flush,
  };
}

/**
 * Runs a stage's assistant: its prompt rendered, the LLM asked, usage and cost added up.
 * Without `nc` (a benchmark peer that has no NATS) streamed text is not published.
 */
export async function runAssistant(
  deps: Pick<ActorDeps, "llm" | "config"> &
    Partial<Pick<ActorDeps, "grounding" | "artifacts" | "sites" | "web">> & {
      nc?: NatsConnection;
    },
  envelope: StageEnvelope,
  pipeline: PipelineSnapshot,
  stage: ResolvedStage,
  signal: AbortSignal,
  lane: Lane,
): Promise<StageRun> {
  const assistant = ASSISTANTS[stage.assistant];
  if (!assistant)
    throw new InvalidEnvelopeError(`stage ${stage.name}: unknown assistant ${stage.assistant}`);
  const run = emptyRun();
  const siteId = envelope.request.site;
  const site = siteId === undefined ? undefined : deps.sites?.get(siteId);
  if (siteId !== undefined && !site) throw new UnknownSiteError(siteId);
  // A revised stage runs on the task class its reviser named (a stronger model).
  const taskClass =
    envelope.revision?.stage === stage.name && envelope.revision.taskClass
      ? envelope.revision.taskClass
      : stage.taskClass;
  const timeoutMs = stage.timeoutMs ?? deps.config.timeoutsMs[taskClass];
  const { model, maxTokens } = envelope.request;
  // The request's own model (an internal field its sender was allowed to set) wins over the
  // pipeline's route: whoever may choose the model chose this one, without fallbacks.
  const route = model
    ? parseRoute(model, timeoutMs, "model")
    : stage.route
      ? parseRoute(stage.route.join(","), timeoutMs, `stage ${stage.name} route`)
      : undefined;
  const ctx: AssistantContext = {
    envelope,
    pipeline,
    stage,
    signal,
    ...(deps.grounding ? { grounding: deps.grounding } : {}),
    ...(deps.artifacts ? { artifacts: deps.artifacts } : {}),
    ...(deps.web ? { web: deps.web } : {}),
    ...(site ? { site } : {}),
    async ask(input, opts = {}) {
      if (!stage.prompt) throw new TypeError(`stage ${stage.name} has no prompt`);
      const { system, user } = renderPrompt(stage.prompt, envelope.request, input);
      const deltas =
        opts.stream && deps.nc
          ? deltaPublisher(deps.nc, envelope.workflowId, stage.name)
          : undefined;
      const res = await deps.llm
        .complete({
          system,
          user,
          json: opts.json ?? stage.response === "json",
          taskClass,
          task: stage.assistant,
          stage: stage.name,
          workflowId: envelope.workflowId,
          ...(stage.prompt.version ? { promptVersion: stage.prompt.version } : {}),
          ...(route ? { route } : {}),
          ...(maxTokens !== undefined ? { maxTokens } : {}),
          ...(deltas ? { onDelta: deltas.push } : {}),
          ...(envelope.request.cache ? { cache: envelope.request.cache } : {}),
          ...(lane === "batch" ? { priority: "batch" as const } : {}),
          signal,
        })
        .finally(() => deltas?.flush());
      run.llmCalls++;
      if (res.cacheHit) run.cacheHits++;
      run.usage.promptTokens += res.usage.promptTokens;
      run.usage.completionTokens += res.usage.completionTokens;
      run.usage.cachedPromptTokens =
        (run.usage.cachedPromptTokens ?? 0) + (res.usage.cachedPromptTokens ?? 0);
      run.costUsd += res.costUsd;
      run.model = res.model;
      run.provider = res.provider;
      return res.text;
    },
    requestRevision(reason: string): boolean {
      const rule = stage.revise;
      if (!rule || envelope.iteration >= rule.max) return false;
      run.revision = { reason };
      return true;
    },
    outputOf<T>(kind: string): T | undefined {
      const idx = pipeline.stages.findIndex((s) => s.name === stage.name);
      for (let i = idx - 1; i >= 0; i--) {
        const s = pipeline.stages[i]!;
        if (s.assistant === kind && envelope.outputs[s.name] !== undefined)
          return envelope.outputs[s.name] as T;
      }
      return undefined;
    },
  };
  run.output = await assistant.run(ctx);
  return run;
}

/**
 * Adds the records of finished stages that the state does not have yet. Every stage's
 * envelope carries the records of the stages before it, so whichever write lands first —
 * a stage's own, or a later stage's that overtook it — the state ends up complete.
 */
export function addStageRecords(s: WorkflowState, timings: Record<string, StageTiming>): boolean {
  let added = false;
  for (const name of s.stageNames) {
    const t = timings[name];
    // A stage run again after a revision replaces its record; the earlier run's tokens and
    // cost stay counted in the totals (they were spent).
    if (!t || (s.stages[name] && s.stages[name].iteration >= (t.iteration ?? 0))) continue;
    const tokens = t.tokens ?? { prompt: 0, completion: 0 };
    const cost = t.costUsd ?? 0;
    s.stages[name] = {
      iteration: t.iteration ?? 0,
      startedAt: t.startedAt,
      finishedAt: t.finishedAt,
      durationMs: t.finishedAt - t.startedAt,
      attempt: t.attempt ?? 1,
      llmCalls: t.llmCalls ?? 0,
      tokens,
      costUsd: cost,
      ...(t.model ? { model: t.model } : {}),
      ...(t.provider ? { provider: t.provider } : {}),
      ...(t.cacheHits ? { cacheHits: t.cacheHits } : {}),
      ...(t.memo ? { memo: true } : {}),
    };
    s.tokens.prompt += tokens.prompt;
    s.tokens.completion += tokens.completion;
    if (tokens.cached) s.tokens.cached = (s.tokens.cached ?? 0) + tokens.cached;
    s.costUsd = Math.round(((s.costUsd ?? 0) + cost) * 1e6) / 1e6;
    added = true;
  }
  return added;
}

/**
 * The stage memo: the same assistant, prompt version and input (request and earlier
 * outputs) give the same output, so a repeated workflow skips the stage. Assemble is cheap
 * and not memoised; `refresh` and `bypass` requests do not read the memo.
 */
/**
 * The stage memo's key of `stage` run on `envelope`: the request fields a stage reads and
 * every earlier output, so equal inputs find the output again (also how a lost stage
 * message is resumed: actors/resume-stuck.ts walks the memo stage by stage).
 */
export async function stageMemoKeyOf(
  envelope: Pick<StageEnvelope, "request" | "outputs" | "revision">,
  stage: ResolvedStage,
): Promise<string> {
  const { keyword, language, country, audience, tone, wordCount, model, maxTokens } =
    envelope.request;
  return await stageMemoKey({
    assistant: stage.assistant,
    promptVersion: stage.prompt?.version ?? "none",
    keyword,
    input: {
      stage: stage.name,
      language,
      country,
      audience,
      tone,
      wordCount,
      // Only when set, so the memo keys of requests without them stay what they were.
      ...(model !== undefined ? { model } : {}),
      ...(maxTokens !== undefined ? { maxTokens } : {}),
      ...(envelope.revision ? { revision: envelope.revision } : {}),
      // What a stage reads beyond the text fields: the site (its sitemap) and the article
      // a refresh starts from.
      ...(envelope.request.site !== undefined ? { site: envelope.request.site } : {}),
      ...(envelope.request.existing !== undefined ? { existing: envelope.request.existing } : {}),
      outputs: envelope.outputs,
    },
  });
}

/** Whether a stage's output is kept in the stage memo (publishing acts outside; assemble is cheap). */
export function isMemoised(stage: ResolvedStage): boolean {
  return stage.assistant !== "assemble" && stage.assistant !== "publish";
}

async function runStageMemoised(
  deps: ActorDeps,
  envelope: StageEnvelope,
  pipeline: PipelineSnapshot,
  stage: ResolvedStage,
  signal: AbortSignal,
  lane: Lane,
): Promise<StageRun> {
  const mode = envelope.request.cache ?? "use";
  // Publishing has an effect outside: it runs every time, never from a memo.
  if (!deps.cache || !isMemoised(stage) || mode === "bypass") {
    return await runAssistant(deps, envelope, pipeline, stage, signal, lane);
  }
  const key = await stageMemoKeyOf(envelope, stage);
  if (mode === "use") {
    const cache = deps.cache;
    const memo = await inSpan("cache stage", {}, async (span) => {
      const found = await cache.get<unknown>(key);
      span.setAttribute("seo_farm.cache.hit", found !== undefined);
      return found;
    });
    seoFarmMetrics().recordCacheLookup("stage", memo !== undefined);
    if (memo !== undefined) return { ...emptyRun(), output: memo, memo: true };
  }
  const run = await runAssistant(deps, envelope, pipeline, stage, signal, lane);
  await deps.cache.put(key, run.output).catch((err: unknown) => {
    deps.logger.warn("stage memo not stored", { stage: stage.name, error: String(err) });
  });
  return run;
}

/**
 * The state change of a finished stage that has a next one: its record (and any earlier
 * ones the envelope carries) added, the workflow running at the next stage. The next stage
 * may already be running — even finished, when it makes no LLM call — so this never moves
 * the workflow backwards: it only adds the stage. Null when there is nothing to add.
 */
export function recordStage(
  timings: Record<string, StageTiming>,
  idx: number,
  nextStage: string,
): (s: WorkflowState) => WorkflowState | null {
  return (s) => {
    if (!addStageRecords(s, timings)) return null;
    if (TERMINAL_STATUSES.has(s.status)) return s;
    s.status = "running";
    const at = s.currentStage ? s.stageNames.indexOf(s.currentStage) : -1;
    if (at <= idx) s.currentStage = nextStage;
    return s;
  };
}

/**
 * The state change of a stage that sent the workflow back: its record added, the workflow
 * running at the earlier stage again, the revision listed. Written once per iteration.
 */
export function recordRevision(
  timings: Record<string, StageTiming>,
  from: string,
  to: string,
  iteration: number,
  reason: string,
): (s: WorkflowState) => WorkflowState | null {
  return (s) => {
    if (s.revisions?.some((r) => r.iteration === iteration)) return null;
    addStageRecords(s, timings);
    if (TERMINAL_STATUSES.has(s.status)) return s;
    s.status = "running";
    s.currentStage = to;
    s.revisions = [...(s.revisions ?? []), { iteration, from, stage: to, reason, at: Date.now() }];
    return s;
  };
}

/** Whether this state ends the stage before it runs: the workflow ended, or the stage is recorded. */
function wouldSkip(s: WorkflowState, envelope: StageEnvelope): boolean {
  const done = s.stages[envelope.stage];
  return (
    TERMINAL_STATUSES.has(s.status) || (done !== undefined && done.iteration >= envelope.iteration)
  );
}

/** Prompt plus completion tokens over the stage records an envelope carries. */
export function tokensOf(timings: Record<string, StageTiming>): number {
  let n = 0;
  for (const t of Object.values(timings))
    n += (t.tokens?.prompt ?? 0) + (t.tokens?.completion ?? 0);
  return n;
}

export function stageHandler(deps: ActorDeps) {
  const { js, nc, store, registry, results, logger } = deps;
  const encoder = new TextEncoder();
  /** The article, and every stage's output beside it (what a rerun from a stage reuses). */
  async function storeResult(
    workflowId: string,
    object: string,
    result: Record<string, unknown>,
    outputs: Record<string, unknown>,
  ): Promise<void> {
    await Promise.all([
      results.putBlob({ name: object }, encoder.encode(JSON.stringify(result))),
      results.putBlob(
        { name: outputsObjectName(workflowId) },
        encoder.encode(JSON.stringify(outputs)),
      ),
    ]);
  }
  /**
   * Parks a workflow whose publishing waits for a person: the stage's message kept as an
   * artifact (an approval sends it again), the article stored and readable, the workflow
   * `awaiting_approval` at this stage. The stage itself is not recorded: it runs again.
   */
  async function parkForApproval(
    envelope: StageEnvelope,
    pipeline: PipelineSnapshot,
    stageName: string,
    current: VersionedState,
    log: Logger,
  ): Promise<void> {
    if (!deps.artifacts) throw new TypeError("parking a workflow needs the artifacts store");
    const { workflowId } = envelope;
    await deps.artifacts.put(approvalArtifactName(workflowId), envelope);
    const result = buildResult(pipeline, envelope.outputs);
    // Its own name: readers may keep a completed article by name, and this one will change.
    const object = `${workflowId}.awaiting-approval.json`;
    await storeResult(workflowId, object, result, envelope.outputs);
    const res = await store.update(
      workflowId,
      (s) => {
        if (TERMINAL_STATUSES.has(s.status) || s.status === "awaiting_approval") return null;
        addStageRecords(s, envelope.timings);
        s.status = "awaiting_approval";
        s.currentStage = stageName;
        s.approval = { requestedAt: Date.now() };
        s.result = resultRef(object, result);
        return s;
      },
      current,
    );
    if (res?.written) {
      publishEvent(nc, workflowId, "status", { status: "awaiting_approval", stage: stageName });
      log.info("publishing waits for approval");
    }
  }

  return async function handleStage(msg: JsMsg, signal: AbortSignal): Promise<void> {
    const subjectStage = stageOfSubject(msg.subject);
    const lane = laneOfSubject(msg.subject);
    // One span per stage run, a child of the workflow span the message carries.
    await inSpan(
      `stage ${subjectStage ?? msg.subject}`,
      {
        kind: SpanKind.CONSUMER,
        parent: extractTraceContext(msg.headers),
        attributes: {
          "seo_farm.stage": subjectStage ?? "",
          "seo_farm.attempt": msg.info.deliveryCount,
          "messaging.system": "nats",
          "messaging.destination.name": msg.subject,
        },
      },
      (span) => runStage(msg, signal, subjectStage, lane, span),
    );
  };

  async function runStage(
    msg: JsMsg,
    signal: AbortSignal,
    subjectStage: string | undefined,
    lane: Lane,
    span: Span,
  ): Promise<void> {
    const envelope = parseEnvelope(decode(msg.data, msg.headers?.get(HEADER_CONTENT_TYPE)));
    if (envelope.stage !== subjectStage) {
      throw new InvalidEnvelopeError(
        `message for stage "${envelope.stage}" was published on ${msg.subject}`,
      );
    }
    const { workflowId } = envelope;
    span.setAttribute("seo_farm.workflow.id", workflowId);
    const log = logger.child({
      workflowId,
      stage: subjectStage,
      traceId: msg.headers?.get("traceparent")?.split("-")[1],
    });
    // When this process published the message, it most likely wrote the state last too (a
    // cancel from elsewhere drops the copy): its own copy saves a read per stage. A copy may
    // only send the stage ahead — the compare-and-set write below catches one that is behind
    // — so whatever would skip the stage is confirmed by a fresh read, as is a copy of an
    // earlier workflow with the same id (deleted, then submitted again).
    const ours =
      deps.instanceId !== undefined && msg.headers?.get(HEADER_PUBLISHER) === deps.instanceId;
    let current = ours ? await store.recent(workflowId) : await store.get(workflowId);
    if (
      ours &&
      current &&
      (current.state.createdAt !== envelope.submittedAt || wouldSkip(current.state, envelope))
    ) {
      current = await store.get(workflowId);
    }
    if (!current) throw new UnknownWorkflowError(workflowId);
    if (TERMINAL_STATUSES.has(current.state.status)) {
      log.info("workflow already ended; skipping stage", { status: current.state.status });
      return;
    }
    // A batch cancelled between intake and here (the cancel and intake can cross).
    if (lane === "batch" && (await deps.batches?.cancelledFor(workflowId))) {
      await cancelWorkflow(nc, store, workflowId, "its batch was cancelled");
      log.info("batch cancelled; stage skipped");
      return;
    }
    const done = current.state.stages[envelope.stage];
    if (done && done.iteration >= envelope.iteration) {
      log.info("stage already recorded; acking the redelivery");
      return;
    }
    const pipeline = await registry.get(envelope.pipeline.name, envelope.pipeline.version);
    const idx = pipeline.stages.findIndex((s) => s.name === envelope.stage);
    if (idx === -1) {
      throw new InvalidEnvelopeError(
        `pipeline ${pipeline.name}@${pipeline.version} has no stage "${envelope.stage}"`,
      );
    }
    const stage = pipeline.stages[idx]!;
    const budget = envelope.request.tokenBudget;
    // The envelope's records count every earlier stage even when the state copy is behind.
    const used = Math.max(
      current.state.tokens.prompt + current.state.tokens.completion,
      tokensOf(envelope.timings),
    );
    if (budget !== undefined && used >= budget) throw new BudgetExceededError(budget, used);
    // The creating key's monthly spend cap stops work in flight too, stage by stage.
    const owner = current.state.owner;
    if (owner?.monthlyBudgetUsd !== undefined && deps.spend) {
      const spent = await deps.spend.spent(owner.name);
      if (spent >= owner.monthlyBudgetUsd) {
        throw new MonthlyBudgetExceededError(owner.name, owner.monthlyBudgetUsd, spent);
      }
    }
    const attempt = msg.info.deliveryCount;
    const startedAt = Date.now();
    publishEvent(nc, workflowId, "stage", { stage: stage.name, status: "started", attempt });

    let run: StageRun;
    // Cancelling the workflow aborts this stage's LLM calls at once.
    const cancel = deps.cancellations?.watch(workflowId);
    // Not AbortSignal.any: see core/abort-link.ts (the SDKs' listeners kept it for ever).
    const stageSignal = cancel ? linkSignals(signal, cancel.signal) : undefined;
    try {
      run = await runStageMemoised(
        deps,
        envelope,
        pipeline,
        stage,
        stageSignal?.signal ?? signal,
        lane,
      );
    } catch (err) {
      const cancelled = cancel?.signal.aborted === true;
      seoFarmMetrics().stageDuration.record((Date.now() - startedAt) / 1000, {
        stage: stage.name,
        outcome: cancelled ? "cancelled" : "error",
      });
      if (cancelled) {
        // The state already says cancelled: acknowledge, nothing to retry or dead-letter.
        log.info("workflow cancelled; stage stopped");
        span.setAttribute("seo_farm.cancelled", true);
        return;
      }
      throw err;
    } finally {
      stageSignal?.release();
      cancel?.release();
    }
    const finishedAt = Date.now();
    seoFarmMetrics().stageDuration.record((finishedAt - startedAt) / 1000, {
      stage: stage.name,
      outcome: "ok",
    });
    const outputs = { ...envelope.outputs, [stage.name]: run.output };
    const timing: StageTiming = {
      startedAt,
      finishedAt,
      iteration: envelope.iteration,
      attempt,
      llmCalls: run.llmCalls,
      tokens: {
        prompt: run.usage.promptTokens,
        completion: run.usage.completionTokens,
        cached: run.usage.cachedPromptTokens ?? 0,
      },
      costUsd: Math.round(run.costUsd * 1e6) / 1e6,
      ...(run.model ? { model: run.model } : {}),
      ...(run.provider ? { provider: run.provider } : {}),
      ...(run.cacheHits ? { cacheHits: run.cacheHits } : {}),
      ...(run.memo ? { memo: true } : {}),
    };
    const timings = { ...envelope.timings, [stage.name]: timing };
    // Accounted before the next stage is published, so its cap check sees this stage's cost
    // (a crash right after may count a redelivered stage twice: the cap errs on the safe side).
    if (owner && deps.spend && timing.costUsd) {
      await deps.spend.add(owner.name, timing.costUsd).catch((err: unknown) => {
        log.warn("spend not recorded", { error: String(err) });
      });
    }
    if (awaitsApproval(run.output)) {
      await parkForApproval(envelope, pipeline, stage.name, current, log);
      return;
    }
    const rule = stage.revise;
    const back =
      run.revision && rule ? pipeline.stages.find((s) => s.name === rule.stage) : undefined;
    const next = back ?? pipeline.stages[idx + 1];
    const last = !next;
    const stageDone = () =>
      publishEvent(nc, workflowId, "stage", {
        stage: stage.name,
        status: "done",
        durationMs: finishedAt - startedAt,
        tokens: run.usage,
      });

    if (next) {
      const h = natsHeaders();
      h.set(HEADER_CONTENT_TYPE, CONTENT_TYPE_MSGPACK);
      for (const name of PROPAGATED_HEADERS) {
        const v = msg.headers?.get(name);
        if (v) h.set(name, v);
      }
      if (deps.instanceId) h.set(HEADER_PUBLISHER, deps.instanceId);
      const iteration = back ? envelope.iteration + 1 : envelope.iteration;
      const nextEnvelope: StageEnvelope = {
        ...envelope,
        stage: next.name,
        iteration,
        outputs,
        timings,
      };
      if (back && run.revision) {
        nextEnvelope.revision = {
          stage: back.name,
          from: stage.name,
          reason: run.revision.reason,
          ...(rule?.taskClass ? { taskClass: rule.taskClass } : {}),
        };
      }
      // A full next stage is backpressure: the message stays in hand until there is room.
      await publishWhenRoom(
        js,
        stageSubject(next.name, lane),
        encode(nextEnvelope),
        { msgID: stageMsgId(workflowId, next.name, iteration), headers: h },
        { signal },
      );
      if (back && run.revision) {
        const reason = run.revision.reason;
        await store.update(
          workflowId,
          recordRevision(timings, stage.name, back.name, iteration, reason),
          current,
        );
        publishEvent(nc, workflowId, "stage", {
          stage: stage.name,
          status: "revise",
          to: back.name,
          iteration,
          reason,
        });
        log.info("workflow sent back", { to: back.name, iteration, reason });
      } else {
        await store.update(workflowId, recordStage(timings, idx, next.name), current);
      }
    } else {
      const result = buildResult(pipeline, outputs);
      const object = resultObjectName(workflowId);
      await storeResult(workflowId, object, result, outputs);
      const res = await store.update(
        workflowId,
        (s) => {
          if (TERMINAL_STATUSES.has(s.status)) return null;
          addStageRecords(s, timings);
          s.status = "completed";
          delete s.currentStage;
          s.result = resultRef(object, result);
          return s;
        },
        current,
      );
      // The last stage's own event comes before the workflow's: `done` ends a progress stream.
      stageDone();
      if (envelope.approved) {
        // The article shown for approval is now the completed one.
        await results.delete(`${workflowId}.awaiting-approval.json`).catch(() => {});
      }
      if (res?.written) {
        recordWorkflowEnd("completed", pipeline.name, finishedAt - envelope.submittedAt);
        publishEvent(nc, workflowId, "done", {
          status: "completed",
          title: res.state.result?.title,
        });
        log.info("workflow completed", { durationMs: finishedAt - envelope.submittedAt });
      }
    }
    if (!last) stageDone();
    log.debug("stage done", { durationMs: finishedAt - startedAt, llmCalls: run.llmCalls });
  }
}
