/**
 * Waiting for raised replicas to settle.
 *
 * Raising a stream from R1 to R3 is a stream update that returns as soon as the servers have
 * agreed on the new peer set; the stream then elects a leader on its new raft group and the
 * new replicas catch up from it. Until it has a leader, every request that goes to the
 * stream's leader — a KV get through `STREAM.MSG.GET`, a stream info, a consumer update —
 * goes unanswered and times out (seen on nats-server 2.9.10: `seo-farm setup` timed out
 * reading `seo-pipelines` right after raising it). The stream's consumers follow it onto the
 * new peers a moment later. So setup waits, after it raised anything, until each raised
 * stream has a leader and all its replicas placed, and each of its consumers likewise.
 */
import type { ConsumerInfo, JetStreamManager, StreamInfo } from "@nats-io/jetstream";
import { TopologyUnsettledError } from "./errors.ts";

export interface SettleOptions {
  /** How long to wait for every stream and consumer given. @default 60000 */
  timeoutMs?: number;
  /** Pause between looks. @default 250 */
  pollMs?: number;
  /** Told what is still pending, once per second at most (progress for a CLI). */
  onWait?: (pending: string[]) => void;
}

/** Default of `SettleOptions.timeoutMs`: elections take seconds; a minute is plenty. */
export const DEFAULT_SETTLE_TIMEOUT_MS = 60_000;

type ClusterInfo = StreamInfo["cluster"] | ConsumerInfo["cluster"];

/**
 * Why a stream or consumer with `replicas` replicas is not settled yet, or undefined if it
 * is: a leader, and every other replica placed. Whether a follower is `current` is not
 * waited for: copying a large stream takes its time, and on nats-server 2.9.10 an idle
 * consumer's new follower (the DLQ keeper's) was seen reported not current for minutes
 * while it served; the leader is what requests need.
 */
export function unsettledReason(cluster: ClusterInfo, replicas: number): string | undefined {
  // No cluster info: a single server, where an update takes effect at once.
  if (!cluster) return undefined;
  if (!cluster.leader) return "no leader";
  const peers = cluster.replicas ?? [];
  if (peers.length < replicas - 1) return `${peers.length + 1} of ${replicas} replicas`;
  return undefined;
}

/**
 * Waits until every stream in `streams` and every consumer on them has a leader and all its
 * replicas placed. Errors of a look (a timeout while leaderless) count as not yet settled.
 * Throws TopologyUnsettledError naming what is still pending after `timeoutMs`.
 */
export async function awaitReplicasSettled(
  jsm: JetStreamManager,
  streams: readonly string[],
  opts: SettleOptions = {},
): Promise<void> {
  if (streams.length === 0) return;
  const deadline = Date.now() + (opts.timeoutMs ?? DEFAULT_SETTLE_TIMEOUT_MS);
  const pollMs = opts.pollMs ?? 250;
  let toldAt = 0;
  for (;;) {
    const pending = await pendingOf(jsm, streams);
    if (pending.length === 0) return;
    if (Date.now() >= deadline) throw new TopologyUnsettledError(pending);
    if (opts.onWait && Date.now() - toldAt >= 1000) {
      toldAt = Date.now();
      opts.onWait(pending);
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

async function pendingOf(jsm: JetStreamManager, streams: readonly string[]): Promise<string[]> {
  const pending: string[] = [];
  for (const name of streams) {
    let info: StreamInfo;
    try {
      info = await jsm.streams.info(name);
    } catch (err) {
      pending.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
      continue;
    }
    const replicas = info.config.num_replicas ?? 1;
    const why = unsettledReason(info.cluster, replicas);
    if (why) {
      pending.push(`${name}: ${why}`);
      continue;
    }
    try {
      for await (const c of jsm.consumers.list(name)) {
        // A consumer without its own setting has its stream's replicas.
        const want = c.config.num_replicas || replicas;
        const cwhy = unsettledReason(c.cluster, want);
        if (cwhy) pending.push(`${name} consumer ${c.name}: ${cwhy}`);
      }
    } catch (err) {
      pending.push(`${name} consumers: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return pending;
}
