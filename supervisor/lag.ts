/**
 * A stage's lag: its consumer's pending plus ack-pending messages — work waiting and work
 * in progress. Read with consumer info, which the consumer's leader answers, so it stays
 * right on a cluster.
 */
import type { JetStreamManager } from "@nats-io/jetstream";
import { LANES, type Lane, STREAM_STAGES, stageConsumerName } from "../core/subjects.ts";

/** One lane's lag of a stage. */
export async function laneLagOf(jsm: JetStreamManager, stage: string, lane: Lane): Promise<number> {
  try {
    const info = await jsm.consumers.info(STREAM_STAGES, stageConsumerName(stage, lane));
    return info.num_pending + info.num_ack_pending;
  } catch {
    // No consumer yet (no actor ever started for the stage): nothing can be waiting on it.
    return 0;
  }
}

/** A stage's lag over both lanes: the work its actors have to do. */
export async function lagOf(jsm: JetStreamManager, stage: string): Promise<number> {
  const lags = await Promise.all(LANES.map((lane) => laneLagOf(jsm, stage, lane)));
  return lags.reduce((a, b) => a + b, 0);
}

export async function stageLags(
  jsm: JetStreamManager,
  stages: string[],
): Promise<Record<string, number>> {
  const lags = await Promise.all(stages.map((s) => lagOf(jsm, s)));
  return Object.fromEntries(stages.map((s, i) => [s, lags[i]!]));
}
