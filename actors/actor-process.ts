/**
 * One actor process: consumer loops for the stages it serves (and `intake`, and the
 * dead-letter keeper), sharing one NATS connection. Runtime-neutral; `main-node.ts` and
 * `main-deno.ts` connect, read files and handle signals.
 */
import { jetstream } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { Objm } from "@nats-io/obj";
import { ActorsRegistry } from "../core/actors-registry.ts";
import { BatchStore } from "../core/batches.ts";
import { CancellationWatch } from "../core/cancellation.ts";
import type { SeoFarmConfig } from "../core/config.ts";
import { LlmCache } from "../core/llm/cache.ts";
import { CachedLlmClient } from "../core/llm/cached-client.ts";
import type { LlmClient } from "../core/llm/types.ts";
import type { Logger } from "../core/log.ts";
import type { PipelineSnapshot } from "../core/pipeline.ts";
import { PipelineRegistry } from "../core/pipeline-registry.ts";
import { SiteCatalog } from "../core/site-catalog.ts";
import { SpendStore } from "../core/spend.ts";
import { WorkflowStore } from "../core/state.ts";
import {
  CONSUMER_DLQ_KEEPER,
  INTAKE_STAGE,
  LANES,
  type Lane,
  OBJECT_STORE_ARTIFACTS,
  OBJECT_STORE_RESULTS,
  STREAM_ADVISORIES,
  STREAM_STAGES,
  stageConsumerName,
} from "../core/subjects.ts";
import { ensureTopology, openJetStreamManager } from "../core/topology.ts";
import { ConsumerLoop } from "./consumer-loop.ts";
import { deadLetterHook, handleMaxDeliveries } from "./dead-letter.ts";
import type { ActorDeps } from "./deps.ts";
import { objectArtifacts } from "./grounding/object-artifacts.ts";
import type { GroundingTools, WebTools } from "./grounding/types.ts";
import { intakeHandler } from "./intake.ts";
import { sweepStuckWorkflows } from "./resume-stuck.ts";
import type { SiteDirectory } from "./sites.ts";
import { stageHandler } from "./stage-worker.ts";

export interface ActorProcessOptions {
  nc: NatsConnection;
  config: SeoFarmConfig;
  logger: Logger;
  llm: LlmClient;
  /** Stage names to serve; `intake` serves `seo.submit`. */
  stages: string[];
  /** Pipelines read from files; published to `seo-pipelines` when this process runs intake. */
  pipelines: PipelineSnapshot[];
  /** Run the dead-letter keeper here. @default true when `intake` is served */
  keeper?: boolean;
  /** Cache LLM answers and stage outputs in KV (single-flight across processes). @default config.llmCache */
  llmCache?: boolean;
  /** Names this process in claims, logs and `seo-actors`, e.g. `host:pid`. @default a random id */
  instanceId?: string;
  /** What the runtime can tell about this process (pid, host, memory) for announcements. */
  processInfo?: () => {
    pid?: number;
    host?: string;
    runtime?: string;
    rssMb?: number;
    metricsPort?: number;
    metricsTarget?: string;
  };
  /** How often the process announces itself in `seo-actors`. @default 5000 */
  announceMs?: number;
  /** Search and page reading for grounded research (needs a search provider). */
  grounding?: GroundingTools;
  /** Reads a web page (a refresh's existing article) through the SSRF-guarded fetcher. */
  web?: WebTools;
  /** The sites of the sites file, for internal links, the cannibalisation check and publishing. */
  sites?: SiteDirectory;
}

export interface ActorProcess {
  loops: ConsumerLoop[];
  /** Messages being handled right now, over all loops. */
  inFlight(): number;
  /** Graceful drain: stop pulling, finish held work (up to graceMs), hand the rest back. */
  stop(graceMs: number): Promise<void>;
}

/**
 * Workflow states an actor remembers (about 3 KB each): enough for every workflow in flight
 * in one process at the default concurrency, so a stage reads its state from the server only
 * when another process wrote it last.
 */
const RECENT_STATES = 4096;

export async function startActorProcess(opts: ActorProcessOptions): Promise<ActorProcess> {
  const { nc, config, logger } = opts;
  const stageNames = opts.stages.filter((s) => s !== INTAKE_STAGE);
  await ensureTopology(nc, { ...config, stages: stageNames });
  const js = jetstream(nc);
  const store = await WorkflowStore.open(nc, { recentStates: RECENT_STATES });
  const registry = await PipelineRegistry.open(nc);
  const results = await new Objm(nc).open(OBJECT_STORE_RESULTS);
  const cache =
    (opts.llmCache ?? config.llmCache)
      ? await LlmCache.open(nc, { logger, ...(opts.instanceId ? { owner: opts.instanceId } : {}) })
      : undefined;
  const llm = cache ? new CachedLlmClient(opts.llm, cache, config) : opts.llm;
  const instanceId = opts.instanceId ?? crypto.randomUUID();
  const cancellations = new CancellationWatch();
  cancellations.listen(nc, (id) => store.forget(id));
  const deps: ActorDeps = {
    nc,
    js,
    store,
    registry,
    results,
    llm,
    config,
    logger,
    cancellations,
    batches: await BatchStore.open(nc),
    spend: await SpendStore.open(nc),
    instanceId,
  };
  if (cache) deps.cache = cache;
  deps.artifacts = objectArtifacts(await new Objm(nc).open(OBJECT_STORE_ARTIFACTS));
  if (opts.grounding) deps.grounding = opts.grounding;
  if (opts.sites) deps.sites = opts.sites;
  if (opts.web) deps.web = opts.web;
  const servesIntake = opts.stages.includes(INTAKE_STAGE);
  if (servesIntake) {
    for (const p of opts.pipelines) await registry.publish(p);
    // The gateway checks a request's `site` against these ids (no secrets travel).
    await (await SiteCatalog.open(nc)).publish(opts.sites?.ids ?? []);
  }

  const onFinalFailure = deadLetterHook(nc, js, store, logger);
  const loopOptions = {
    stream: STREAM_STAGES,
    concurrency: config.actorConcurrency,
    heartbeatMs: config.heartbeatMs,
    maxDeliver: config.maxDeliver,
    retryDelayMs: config.retryDelayMs,
    pullExpiresMs: config.pullExpiresMs,
  };
  const loops: ConsumerLoop[] = [];
  // Each stage is served on both lanes, each with its own slots: batch work never holds the
  // slots interactive work needs (and waits behind it for provider slots, see the limiter).
  const laneOptions = (lane: Lane) =>
    lane === "batch" ? { ...loopOptions, concurrency: config.batchConcurrency } : loopOptions;
  const handleIntake = intakeHandler(deps);
  const handleStage = stageHandler(deps);
  for (const lane of LANES) {
    if (servesIntake) {
      loops.push(
        new ConsumerLoop(
          js,
          {
            ...laneOptions(lane),
            consumer: stageConsumerName(INTAKE_STAGE, lane),
            logger: logger.child({ stage: INTAKE_STAGE, lane }),
          },
          handleIntake,
          onFinalFailure,
        ),
      );
    }
    for (const stage of stageNames) {
      loops.push(
        new ConsumerLoop(
          js,
          {
            ...laneOptions(lane),
            consumer: stageConsumerName(stage, lane),
            logger: logger.child({ stage, lane }),
          },
          handleStage,
          onFinalFailure,
        ),
      );
    }
  }
  let sweeper: ReturnType<typeof setInterval> | undefined;
  if (opts.keeper ?? servesIntake) {
    const jsm = await openJetStreamManager(nc);
    if (config.resumeSweepMs > 0) {
      // One sweep at a time; a slow one (many workflows) is not started again on top.
      let sweeping = false;
      sweeper = setInterval(() => {
        if (sweeping) return;
        sweeping = true;
        sweepStuckWorkflows({
          nc,
          js,
          jsm,
          store,
          registry,
          cache,
          logger: logger.child({ role: "resume-sweep" }),
          stuckAfterMs: config.resumeAfterMs,
        })
          .catch((err: unknown) => logger.warn("resume sweep failed", { error: String(err) }))
          .finally(() => {
            sweeping = false;
          });
      }, config.resumeSweepMs);
    }
    const decoder = new TextDecoder();
    loops.push(
      new ConsumerLoop(
        js,
        {
          ...loopOptions,
          stream: STREAM_ADVISORIES,
          consumer: CONSUMER_DLQ_KEEPER,
          concurrency: 4,
          maxDeliver: Number.MAX_SAFE_INTEGER,
          logger: logger.child({ role: "dlq-keeper" }),
        },
        async (msg) => {
          await handleMaxDeliveries(
            { nc, js, jsm, store, logger, graceMs: config.deadLetterGraceMs },
            JSON.parse(decoder.decode(msg.data)),
          );
        },
        async () => {},
      ),
    );
  }
  for (const loop of loops) loop.start();

  // Announce ourselves in seo-actors until we stop; the bucket's age bound drops us if we die.
  const actorsRegistry = await ActorsRegistry.open(nc);
  const id = instanceId;
  const startedAt = Date.now();
  const inFlight = () => loops.reduce((n, l) => n + l.inFlight, 0);
  const announce = () =>
    actorsRegistry
      .announce({
        id,
        stages: opts.stages,
        ...opts.processInfo?.(),
        inFlight: inFlight(),
        startedAt,
        updatedAt: Date.now(),
      })
      .catch((err: unknown) => logger.warn("announcement failed", { error: String(err) }));
  await announce();
  const announcer = setInterval(announce, opts.announceMs ?? 5_000);
  logger.info("actor started", { stages: opts.stages, concurrency: config.actorConcurrency });
  return {
    loops,
    inFlight,
    async stop(graceMs) {
      clearInterval(announcer);
      clearInterval(sweeper);
      await Promise.all(loops.map((l) => l.stop(graceMs)));
      cancellations.close();
      await actorsRegistry.remove(id).catch(() => {});
    },
  };
}
