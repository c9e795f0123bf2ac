/**
 * The peer a Node user would otherwise pick: the same seo-article pipeline on BullMQ with
 * Redis, built the way a BullMQ user would build it — one Queue and one Worker per stage
 * (intake included, as the engine's `seo.submit`), each worker enqueueing the next stage.
 *
 * Per stage it does what the engine's stage handler does, with Redis in NATS's place: read
 * the workflow state, a "started" event, the engine's own assistant with the same LLM client,
 * enqueue the next stage with a dedupe job id (`<id>.<stage>.<iteration>`, like
 * `Nats-Msg-Id`), record the stage in the state with a compare-and-set (Lua, on a revision:
 * see `node-redis.ts`), a "done" event. The last stage stores the article and the outputs
 * (two SETs, the engine's two object-store puts) and completes the workflow. Events are
 * Redis PUBLISH, fire-and-forget like the engine's NATS publish; the submitter measures
 * end to end from the submission to the `done` event, as `engine.ts` does.
 */
import { type Job, Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import {
  addStageRecords,
  buildResult,
  recordStage,
  runAssistant,
} from "../../actors/stage-worker.ts";
import { parseConfig } from "../../core/config.ts";
import { ENVELOPE_VERSION, type StageEnvelope, type StageTiming } from "../../core/envelope.ts";
import type { LlmClient } from "../../core/llm/types.ts";
import type { PipelineSnapshot } from "../../core/pipeline.ts";
import { parseWorkflowRequest } from "../../core/request.ts";
import { TERMINAL_STATUSES, type WorkflowState } from "../../core/state.ts";
import { benchRedis, deleteByPrefix, RedisWorkflowStore } from "./node-redis.ts";
import type { ChainResult } from "./raw-chain.ts";

/** The engine's defaults (LLM timeouts per task class), as an actor without settings has. */
const BENCH_CONFIG = parseConfig({});

export interface BullPipelineOptions {
  redisUrl: string;
  /** Key prefix of this round (queues, state, results, event channels); deleted afterwards. */
  prefix: string;
  pipeline: PipelineSnapshot;
  llm: LlmClient;
  workflows: number;
  /** Most workflows in flight at once. */
  window: number;
  /** Jobs one worker runs at once, per stage (the engine's ACTOR_CONCURRENCY). */
  concurrency: number;
}

const INTAKE = "intake";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runBullPipeline(opts: BullPipelineOptions): Promise<ChainResult> {
  const { prefix, pipeline } = opts;
  const redis = benchRedis(opts.redisUrl);
  const events = benchRedis(opts.redisUrl);
  const subscriber = benchRedis(opts.redisUrl);
  const store = new RedisWorkflowStore(redis, prefix);
  const publish = (id: string, kind: string, data: Record<string, unknown>) =>
    void events
      .publish(
        `${prefix}:events:${id}:${kind}`,
        JSON.stringify({ workflowId: id, kind, at: Date.now(), ...data }),
      )
      .catch(() => {});
  const queueNames = [INTAKE, ...pipeline.stages.map((s) => s.name)];
  const queues = new Map<string, Queue>();
  for (const name of queueNames) {
    queues.set(
      name,
      new Queue(name, {
        connection: redis,
        prefix,
        // Like the work-queue stream: a finished job is gone; max_deliver 2 ≈ 2 attempts.
        defaultJobOptions: { removeOnComplete: true, removeOnFail: true, attempts: 2 },
      }),
    );
  }
  const enqueue = (stage: string, envelope: StageEnvelope) =>
    queues
      .get(stage)!
      .add(stage, envelope, { jobId: `${envelope.workflowId}.${stage}.${envelope.iteration}` });

  async function intake(job: Job): Promise<void> {
    const request = parseWorkflowRequest(job.data, { allowInternalFields: true });
    const id = request.id!;
    const first = pipeline.stages[0]!.name;
    const now = Date.now();
    const state: WorkflowState = {
      id,
      status: "queued",
      pipeline: { name: pipeline.name, version: pipeline.version },
      promptVersions: Object.fromEntries(
        pipeline.stages.filter((s) => s.prompt).map((s) => [s.name, s.prompt!.version]),
      ),
      stageNames: pipeline.stages.map((s) => s.name),
      request,
      createdAt: now,
      updatedAt: now,
      submitSeq: 0,
      currentStage: first,
      stages: {},
      tokens: { prompt: 0, completion: 0 },
    };
    if (!(await store.create(state))) return;
    await enqueue(first, {
      v: ENVELOPE_VERSION,
      workflowId: id,
      pipeline: state.pipeline,
      stage: first,
      iteration: 0,
      request,
      outputs: {},
      timings: {},
      submittedAt: now,
    });
    publish(id, "status", { status: "queued", pipeline: state.pipeline });
  }

  async function stage(job: Job<StageEnvelope>): Promise<void> {
    const envelope = job.data;
    const { workflowId } = envelope;
    const current = await store.get(workflowId);
    if (!current) throw new Error(`unknown workflow ${workflowId}`);
    if (TERMINAL_STATUSES.has(current.state.status)) return;
    const done = current.state.stages[envelope.stage];
    if (done && done.iteration >= envelope.iteration) return;
    const idx = pipeline.stages.findIndex((s) => s.name === envelope.stage);
    const stageDef = pipeline.stages[idx]!;
    const startedAt = Date.now();
    publish(workflowId, "stage", { stage: stageDef.name, status: "started", attempt: 1 });
    const run = await runAssistant(
      { llm: opts.llm, config: BENCH_CONFIG },
      envelope,
      pipeline,
      stageDef,
      new AbortController().signal,
      "interactive",
    );
    const finishedAt = Date.now();
    const outputs = { ...envelope.outputs, [stageDef.name]: run.output };
    const timing: StageTiming = {
      startedAt,
      finishedAt,
      iteration: envelope.iteration,
      attempt: job.attemptsMade + 1,
      llmCalls: run.llmCalls,
      tokens: { prompt: run.usage.promptTokens, completion: run.usage.completionTokens },
      costUsd: Math.round(run.costUsd * 1e6) / 1e6,
      ...(run.model ? { model: run.model } : {}),
      ...(run.provider ? { provider: run.provider } : {}),
    };
    const timings = { ...envelope.timings, [stageDef.name]: timing };
    const next = pipeline.stages[idx + 1];
    const stageDone = () =>
      publish(workflowId, "stage", {
        stage: stageDef.name,
        status: "done",
        durationMs: finishedAt - startedAt,
        tokens: run.usage,
      });
    if (next) {
      await enqueue(next.name, { ...envelope, stage: next.name, outputs, timings });
      await store.update(workflowId, recordStage(timings, idx, next.name), current);
      stageDone();
      return;
    }
    const result = buildResult(pipeline, outputs) as Record<string, unknown>;
    await Promise.all([
      redis.set(`${prefix}:results:${workflowId}.json`, JSON.stringify(result)),
      redis.set(`${prefix}:results:${workflowId}.outputs.json`, JSON.stringify(outputs)),
    ]);
    const res = await store.update(
      workflowId,
      (s) => {
        if (TERMINAL_STATUSES.has(s.status)) return null;
        addStageRecords(s, timings);
        s.status = "completed";
        delete s.currentStage;
        s.result = {
          object: `${workflowId}.json`,
          title: String(result.title ?? ""),
          slug: String(result.slug ?? ""),
          metaDescription: String(result.metaDescription ?? ""),
          wordCount: Number(result.wordCount ?? 0),
        };
        return s;
      },
      current,
    );
    stageDone();
    if (res?.written) {
      publish(workflowId, "done", { status: "completed", title: res.state.result?.title });
    }
  }

  const workers = queueNames.map(
    (name) =>
      new Worker(name, name === INTAKE ? intake : stage, {
        // Each worker on its own connection, as BullMQ sets them up from options.
        connection: { url: opts.redisUrl, maxRetriesPerRequest: null },
        prefix,
        concurrency: opts.concurrency,
      }),
  );
  await Promise.all(workers.map((w) => w.waitUntilReady()));

  const started = new Map<string, number>();
  const latencies: number[] = [];
  let completed = 0;
  let finish: () => void = () => {};
  const finished = new Promise<void>((r) => {
    finish = r;
  });
  await subscriber.psubscribe(`${prefix}:events:*:done`);
  subscriber.on("pmessage", (_pattern: string, channel: string) => {
    const id = channel.slice(`${prefix}:events:`.length, -":done".length);
    const t = started.get(id);
    if (t === undefined) return;
    latencies.push(performance.now() - t);
    if (++completed === opts.workflows) finish();
  });
  const intakeQueue = queues.get(INTAKE)!;
  const t0 = performance.now();
  for (let i = 0; i < opts.workflows; i++) {
    while (i - completed >= opts.window) await sleep(1);
    const id = `p${i}`;
    started.set(id, performance.now());
    void intakeQueue.add(
      INTAKE,
      { keyword: `keyword ${i % 50}`, id, wordCount: 300 },
      { jobId: id },
    );
  }
  await finished;
  const seconds = (performance.now() - t0) / 1000;
  await cleanUp(redis, prefix, workers, [...queues.values()]);
  await Promise.all([subscriber.quit(), events.quit(), redis.quit()]);
  return {
    workflows: opts.workflows,
    seconds,
    perSecond: opts.workflows / seconds,
    latenciesMs: latencies,
  };
}

/** Closes the workers, obliterates the queues and deletes the round's other keys. */
export async function cleanUp(
  redis: Redis,
  prefix: string,
  workers: Worker[],
  queues: Queue[],
): Promise<void> {
  await Promise.all(workers.map((w) => w.close()));
  for (const q of queues) {
    await q.obliterate({ force: true });
    await q.close();
  }
  await deleteByPrefix(redis, prefix);
}
