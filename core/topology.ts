/**
 * Idempotent topology setup: streams, consumers, KV and object-store buckets, exactly as
 * ARCHITECTURE.md names them. Safe to run from every process at start; an existing stream or
 * consumer is updated to the configured limits rather than recreated (no message is lost).
 * On a cluster it also sets the replicas (raised, never lowered) and placement tags of each:
 * raising an R1 stream to R3 is a stream update the servers carry out while it is in use
 * (the new replicas catch up from the leader; publishes and acks go on).
 */
import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  JetStreamApiError,
  type JetStreamManager,
  jetstreamManager,
  type Placement,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
  type StreamInfo,
} from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { type NatsConnection, nanos } from "@nats-io/nats-core";
import { Objm } from "@nats-io/obj";
import type { SeoFarmConfig } from "./config.ts";
import { NoJetStreamError, TopologyRefusedError } from "./errors.ts";
import { awaitReplicasSettled, type SettleOptions } from "./replicas-settle.ts";
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
  Partial<
    Pick<SeoFarmConfig, "retentionDays" | "stagesMaxMsgsPerSubject" | "replicas" | "placementTags">
  > & {
    /** Stage names that get a `stage-<name>` consumer. */
    stages: string[];
    /**
     * Max age of `seo-search-cache`, seconds (SEARCH_CACHE_TTL_S, see core/search/config.ts).
     * Given, it is applied to an existing bucket too; left out, a new bucket gets 24 h and an
     * existing one keeps its own, so a process that does not search leaves it alone.
     */
    searchCacheTtlS?: number;
    /**
     * After raising the replicas of anything, how long to wait for it to settle (a leader,
     * every replica placed; see core/replicas-settle.ts) and what to tell while waiting.
     * @default 60 s, told nothing
     */
    settle?: SettleOptions;
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

/** JetStream's "system temporarily unavailable": NATS not answering, not a refusal. */
const JS_TEMPORARILY_UNAVAILABLE = 10008;

/**
 * Runs a stream create or update; a refusal by JetStream (no server with the tags, fewer
 * servers than replicas, a clustered setting on a single server) becomes a
 * TopologyRefusedError naming the stream and what was asked. Errors of NATS being
 * unavailable pass through as they are, for the callers that wait those out.
 */
async function applying<T>(
  stream: string,
  want: { replicas: number; tags: string[] },
  op: () => Promise<T>,
): Promise<T> {
  try {
    return await op();
  } catch (err) {
    if (
      err instanceof JetStreamApiError &&
      err.code !== JS_TEMPORARILY_UNAVAILABLE &&
      err.status !== 503
    ) {
      throw new TopologyRefusedError(stream, want.replicas, want.tags, err);
    }
    throw err;
  }
}

/** The placement to set: only when tags are configured, so none never clears an operator's. */
function placementOf(tags: string[] | undefined): { placement?: Placement } {
  // nats.js types `cluster` as required; the server takes tags alone (any cluster).
  return tags && tags.length > 0 ? { placement: { tags } as Placement } : {};
}

/** Creates or updates a stream; true if it existed and its replicas were raised. */
async function ensureStream(
  jsm: JetStreamManager,
  cfg: Partial<StreamConfig> & { name: string },
  tags: string[],
): Promise<boolean> {
  const want = { replicas: cfg.num_replicas ?? 1, tags };
  let existing: StreamInfo;
  try {
    existing = await jsm.streams.info(cfg.name);
  } catch {
    await applying(cfg.name, want, () => jsm.streams.add({ ...cfg, ...placementOf(tags) }));
    return false;
  }
  // Exists: bring the mutable limits up to date; retention and storage cannot change in place.
  const { retention: _r, storage: _s, ...mutable } = cfg;
  const replicas = raisedReplicas(existing.config.num_replicas, want.replicas);
  await applying(cfg.name, want, () =>
    jsm.streams.update(cfg.name, { ...mutable, ...placementOf(tags), num_replicas: replicas }),
  );
  return replicas > (existing.config.num_replicas ?? 1);
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
 * exists leaves its settings as they were. True if its replicas were raised.
 */
async function alignBucketStream(
  jsm: JetStreamManager,
  stream: string,
  want: { replicas: number; tags: string[]; maxAgeMs?: number },
): Promise<boolean> {
  const info = await jsm.streams.info(stream);
  const maxAge = want.maxAgeMs === undefined ? info.config.max_age : nanos(want.maxAgeMs);
  const replicas = raisedReplicas(info.config.num_replicas, want.replicas);
  const placement = placementOf(want.tags);
  if (
    info.config.max_age === maxAge &&
    info.config.num_replicas === replicas &&
    (!placement.placement || sameTags(info.config.placement?.tags, want.tags))
  ) {
    return false;
  }
  await applying(stream, want, () =>
    jsm.streams.update(stream, {
      ...info.config,
      ...placement,
      max_age: maxAge,
      num_replicas: replicas,
    }),
  );
  return replicas > (info.config.num_replicas ?? 1);
}

function sameTags(a: string[] | undefined, b: string[]): boolean {
  const x = [...(a ?? [])].sort();
  const y = [...b].sort();
  return x.length === y.length && x.every((t, i) => t === y[i]);
}

/** Creates or updates everything the system needs. Idempotent. */
export async function ensureTopology(nc: NatsConnection, opts: TopologyOptions): Promise<void> {
  const jsm = await openJetStreamManager(nc);
  const replicas = opts.replicas ?? 1;
  const tags = opts.placementTags ?? [];
  const perSubject = opts.stagesMaxMsgsPerSubject ?? -1;
  const streams: Array<Partial<StreamConfig> & { name: string }> = [
    {
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
    },
    {
      name: STREAM_EVENTS,
      subjects: [`${SUBJECT_EVENTS_PREFIX}.>`],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      max_age: nanos(opts.eventsMaxAgeS * 1000),
      num_replicas: replicas,
    },
    {
      name: STREAM_DLQ,
      subjects: [`${SUBJECT_DLQ_PREFIX}.>`],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      max_age: nanos(opts.dlqMaxAgeS * 1000),
      num_replicas: replicas,
    },
    {
      name: STREAM_ADVISORIES,
      subjects: [maxDeliveriesAdvisorySubject()],
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
      max_age: nanos(opts.dlqMaxAgeS * 1000),
      num_replicas: replicas,
    },
  ];
  // Streams whose replicas this run raised: their leaders and consumers settle before use.
  const raised: string[] = [];
  for (const cfg of streams) if (await ensureStream(jsm, cfg, tags)) raised.push(cfg.name);
  await awaitReplicasSettled(jsm, raised, opts.settle);

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
  const objm = new Objm(nc);
  const placed = placementOf(tags);
  const want = { replicas, tags };
  // Retention: a finished workflow's record and article go after `retentionDays` without a
  // change (a running one changes at every stage). Applied to existing buckets too.
  const retentionMs = (opts.retentionDays ?? 30) * 86_400_000;
  // Claims leave a delete marker per key; a day's age bound clears them. Leases renew far
  // more often than that, and every renewal is a fresh write.
  const searchTtlMs = (opts.searchCacheTtlS ?? DEFAULT_SEARCH_CACHE_BUCKET_TTL_S) * 1000;
  // `alignAgeMs`: the age bound applied to an existing bucket too.
  const buckets: Array<{ name: string; ttlMs?: number; alignAgeMs?: number }> = [
    {
      name: BUCKET_WORKFLOWS,
      ...(retentionMs ? { ttlMs: retentionMs } : {}),
      alignAgeMs: retentionMs,
    },
    { name: BUCKET_LLM_CACHE, ttlMs: opts.llmCacheTtlS * 1000 },
    { name: BUCKET_ACTORS, ttlMs: opts.actorsTtlS * 1000 },
    { name: BUCKET_LEASES, ttlMs: 86_400_000 },
    { name: BUCKET_PIPELINES },
    { name: BUCKET_BATCHES },
    { name: BUCKET_SPEND },
    // Given a TTL, an existing search cache takes it; left out, it keeps its own.
    {
      name: BUCKET_SEARCH_CACHE,
      ttlMs: searchTtlMs,
      ...(opts.searchCacheTtlS === undefined ? {} : { alignAgeMs: searchTtlMs }),
    },
  ];
  for (const b of buckets) {
    const stream = `KV_${b.name}`;
    // Creating a bucket that exists leaves it as it is; the alignment below updates it.
    await applying(stream, want, () =>
      kvm.create(b.name, {
        history: 1,
        replicas,
        ...placed,
        ...(b.ttlMs ? { ttl: b.ttlMs } : {}),
      }),
    );
    const bucketRaised = await alignBucketStream(jsm, stream, {
      ...want,
      ...(b.alignAgeMs !== undefined ? { maxAgeMs: b.alignAgeMs } : {}),
    });
    if (bucketRaised) raised.push(stream);
  }
  await applying(`OBJ_${OBJECT_STORE_ARTIFACTS}`, want, () =>
    objm.create(OBJECT_STORE_ARTIFACTS, { replicas, ...placed }),
  );
  if (await alignBucketStream(jsm, `OBJ_${OBJECT_STORE_ARTIFACTS}`, want)) {
    raised.push(`OBJ_${OBJECT_STORE_ARTIFACTS}`);
  }
  await applying(`OBJ_${OBJECT_STORE_RESULTS}`, want, () =>
    objm.create(OBJECT_STORE_RESULTS, {
      replicas,
      ...placed,
      ...(retentionMs ? { ttl: nanos(retentionMs) } : {}),
    }),
  );
  if (
    await alignBucketStream(jsm, `OBJ_${OBJECT_STORE_RESULTS}`, { ...want, maxAgeMs: retentionMs })
  ) {
    raised.push(`OBJ_${OBJECT_STORE_RESULTS}`);
  }
  // The buckets' leaders, and the raised streams' consumers (updated above) on their new peers.
  await awaitReplicasSettled(jsm, raised, opts.settle);
}
