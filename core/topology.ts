/**
 * Idempotent topology setup: streams, consumers, KV and object-store buckets, exactly as
 * ARCHITECTURE.md names them. Safe to run from every process at start; an existing stream or
 * consumer is updated to the configured limits rather than recreated (no message is lost).
 */
import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  type JetStreamManager,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
  type StreamInfo,
} from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { type NatsConnection, nanos } from "@nats-io/nats-core";
import { Objm } from "@nats-io/obj";
import type { SeoFarmConfig } from "./config.ts";
import { NoJetStreamError } from "./errors.ts";
import {
  BUCKET_ACTORS,
  BUCKET_BATCHES,
  BUCKET_LEASES,
  BUCKET_LLM_CACHE,
  BUCKET_PIPELINES,
  BUCKET_SEARCH_CACHE,
  BUCKET_SPEND,
  BUCKET_WORKFLOWS,
  CONSUMER_DLQ_KEEPER,
  INTAKE_STAGE,
  LANES,
  maxDeliveriesAdvisorySubject,
  OBJECT_STORE_ARTIFACTS,
  OBJECT_STORE_RESULTS,
  STREAM_ADVISORIES,
  STREAM_DLQ,
  STREAM_EVENTS,
  STREAM_STAGES,
  SUBJECT_DLQ_PREFIX,
  SUBJECT_EVENTS_PREFIX,
  SUBJECT_STAGE_PREFIX,
  SUBJECT_SUBMIT,
  SUBJECT_SUBMIT_BATCH,
  stageConsumerName,
  stageSubject,
  submitSubject,
} from "./subjects.ts";

export type TopologyOptions = Pick<
  SeoFarmConfig,
  | "ackWaitMs"
  | "maxDeliver"
  | "duplicateWindowMs"
  | "eventsMaxAgeS"
  | "dlqMaxAgeS"
  | "llmCacheTtlS"
  | "actorsTtlS"
> &
  Partial<Pick<SeoFarmConfig, "retentionDays" | "stagesMaxMsgsPerSubject" | "replicas">> & {
    /** Stage names that get a `stage-<name>` consumer. */
    stages: string[];
    /**
     * Max age of `seo-search-cache`, seconds (SEARCH_CACHE_TTL_S, see core/search/config.ts).
     * Given, it is applied to an existing bucket too; left out, a new bucket gets 24 h and an
     * existing one keeps its own, so a process that does not search leaves it alone.
     */
    searchCacheTtlS?: number;
  };

/** Max age of a new `seo-search-cache` bucket when no TTL is given: 24 h. */
export const DEFAULT_SEARCH_CACHE_BUCKET_TTL_S = 86_400;

/** Upper bound of unacknowledged messages per consumer; well above any sane concurrency. */
export const MAX_ACK_PENDING = 20_000;

/** Opens the JetStream manager, turning "JetStream is off" into a clear NoJetStreamError. */
export async function openJetStreamManager(nc: NatsConnection): Promise<JetStreamManager> {
  try {
    return await jetstreamManager(nc);
  } catch (err) {
    throw new NoJetStreamError(nc.getServer(), err);
  }
}

async function ensureStream(jsm: JetStreamManager, cfg: Partial<StreamConfig> & { name: string }) {
  let existing: StreamInfo;
  try {
    existing = await jsm.streams.info(cfg.name);
  } catch {
    await jsm.streams.add(cfg);
    return;
  }
  // Exists: bring the mutable limits up to date; retention and storage cannot change in place.
  const { retention: _r, storage: _s, ...mutable } = cfg;
  await jsm.streams.update(cfg.name, {
    ...mutable,
    num_replicas: raisedReplicas(existing.config.num_replicas, cfg.num_replicas ?? 1),
  });
}

/**
 * Replicas are raised, never lowered: every process runs this setup at start, and one started
 * without NATS_REPLICAS (default 1) must not quietly take a cluster's streams down to R1.
 * Lowering them is an operator's deliberate act (`nats stream edit --replicas`).
 */
function raisedReplicas(current: number | undefined, wanted: number): number {
  return Math.max(current ?? 1, wanted);
}

async function ensurePullConsumer(
  jsm: JetStreamManager,
  stream: string,
  name: string,
  filterSubject: string,
  ackWaitMs: number,
  maxDeliver: number,
) {
  const limits = {
    ack_wait: nanos(ackWaitMs),
    max_deliver: maxDeliver,
    max_ack_pending: MAX_ACK_PENDING,
  };
  try {
    await jsm.consumers.info(stream, name);
  } catch {
    await jsm.consumers.add(stream, {
      durable_name: name,
      filter_subject: filterSubject,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ...limits,
    });
    return;
  }
  await jsm.consumers.update(stream, name, limits);
}

/**
 * Brings the stream behind an existing KV bucket or object store to the configured replicas
 * (raised only) and, if given, age bound (`maxAgeMs`, 0 = none): creating a bucket that
 * exists leaves its settings as they were.
 */
async function alignBucketStream(
  jsm: JetStreamManager,
  stream: string,
  want: { replicas: number; maxAgeMs?: number },
): Promise<void> {
  const info = await jsm.streams.info(stream);
  const maxAge = want.maxAgeMs === undefined ? info.config.max_age : nanos(want.maxAgeMs);
  const replicas = raisedReplicas(info.config.num_replicas, want.replicas);
  if (info.config.max_age === maxAge && info.config.num_replicas === replicas) return;
  await jsm.streams.update(stream, { ...info.config, max_age: maxAge, num_replicas: replicas });
}

/** Creates or updates everything the system needs. Idempotent. */
export async function ensureTopology(nc: NatsConnection, opts: TopologyOptions): Promise<void> {
  const jsm = await openJetStreamManager(nc);
  const replicas = opts.replicas ?? 1;
  const perSubject = opts.stagesMaxMsgsPerSubject ?? -1;
  await ensureStream(jsm, {
    name: STREAM_STAGES,
    subjects: [SUBJECT_SUBMIT, SUBJECT_SUBMIT_BATCH, `${SUBJECT_STAGE_PREFIX}.>`],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    discard: DiscardPolicy.New,
    // Past the per-subject bound a publish is refused with "maximum messages per subject
    // exceeded"; -1 lifts the bound again on an existing stream.
    max_msgs_per_subject: perSubject > 0 ? perSubject : -1,
    discard_new_per_subject: perSubject > 0,
    duplicate_window: nanos(opts.duplicateWindowMs),
    num_replicas: replicas,
  });
  await ensureStream(jsm, {
    name: STREAM_EVENTS,
    subjects: [`${SUBJECT_EVENTS_PREFIX}.>`],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    max_age: nanos(opts.eventsMaxAgeS * 1000),
    num_replicas: replicas,
  });
  await ensureStream(jsm, {
    name: STREAM_DLQ,
    subjects: [`${SUBJECT_DLQ_PREFIX}.>`],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    max_age: nanos(opts.dlqMaxAgeS * 1000),
    num_replicas: replicas,
  });
  await ensureStream(jsm, {
    name: STREAM_ADVISORIES,
    subjects: [maxDeliveriesAdvisorySubject()],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    max_age: nanos(opts.dlqMaxAgeS * 1000),
    num_replicas: replicas,
  });

  // One consumer per lane and stage (nats-server 2.9 has no multi-filter consumers).
  for (const lane of LANES) {
    await ensurePullConsumer(
      jsm,
      STREAM_STAGES,
      stageConsumerName(INTAKE_STAGE, lane),
      submitSubject(lane),
      opts.ackWaitMs,
      opts.maxDeliver,
    );
    for (const stage of opts.stages) {
      await ensurePullConsumer(
        jsm,
        STREAM_STAGES,
        stageConsumerName(stage, lane),
        stageSubject(stage, lane),
        opts.ackWaitMs,
        opts.maxDeliver,
      );
    }
  }
  // The keeper's own deliveries are cheap and idempotent: let it retry many times.
  await ensurePullConsumer(
    jsm,
    STREAM_ADVISORIES,
    CONSUMER_DLQ_KEEPER,
    maxDeliveriesAdvisorySubject(),
    Math.min(opts.ackWaitMs, 60_000),
    -1,
  );

  const kvm = new Kvm(nc);
  // Retention: a finished workflow's record and article go after `retentionDays` without a
  // change (a running one changes at every stage). Applied to existing buckets too.
  const retentionMs = (opts.retentionDays ?? 30) * 86_400_000;
  await kvm.create(BUCKET_WORKFLOWS, {
    history: 1,
    replicas,
    ...(retentionMs ? { ttl: retentionMs } : {}),
  });
  await alignBucketStream(jsm, `KV_${BUCKET_WORKFLOWS}`, { replicas, maxAgeMs: retentionMs });
  await kvm.create(BUCKET_LLM_CACHE, { history: 1, ttl: opts.llmCacheTtlS * 1000, replicas });
  await kvm.create(BUCKET_ACTORS, { history: 1, ttl: opts.actorsTtlS * 1000, replicas });
  // Claims leave a delete marker per key; a day's age bound clears them. Leases renew far
  // more often than that, and every renewal is a fresh write.
  await kvm.create(BUCKET_LEASES, { history: 1, ttl: 86_400_000, replicas });
  await kvm.create(BUCKET_PIPELINES, { history: 1, replicas });
  await kvm.create(BUCKET_BATCHES, { history: 1, replicas });
  await kvm.create(BUCKET_SPEND, { history: 1, replicas });
  await kvm.create(BUCKET_SEARCH_CACHE, {
    history: 1,
    ttl: (opts.searchCacheTtlS ?? DEFAULT_SEARCH_CACHE_BUCKET_TTL_S) * 1000,
    replicas,
  });
  await alignBucketStream(jsm, `KV_${BUCKET_SEARCH_CACHE}`, {
    replicas,
    ...(opts.searchCacheTtlS === undefined ? {} : { maxAgeMs: opts.searchCacheTtlS * 1000 }),
  });
  for (const bucket of [
    BUCKET_LLM_CACHE,
    BUCKET_ACTORS,
    BUCKET_LEASES,
    BUCKET_PIPELINES,
    BUCKET_BATCHES,
    BUCKET_SPEND,
  ]) {
    await alignBucketStream(jsm, `KV_${bucket}`, { replicas });
  }
  const objm = new Objm(nc);
  await objm.create(OBJECT_STORE_ARTIFACTS, { replicas });
  await alignBucketStream(jsm, `OBJ_${OBJECT_STORE_ARTIFACTS}`, { replicas });
  await objm.create(OBJECT_STORE_RESULTS, {
    replicas,
    ...(retentionMs ? { ttl: nanos(retentionMs) } : {}),
  });
  await alignBucketStream(jsm, `OBJ_${OBJECT_STORE_RESULTS}`, { replicas, maxAgeMs: retentionMs });
}
