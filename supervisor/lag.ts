/**
 * A stage's lag: its consumer's pending plus ack-pending messages — work waiting and work
 * in progress. Read with consumer info, which the consumer's leader answers, so it stays
 * right on a cluster.
 */
import type { JetStreamManager } from "@nats-io/jetstream";
import {
  CONSUMER_INTAKE,
  INTAKE_STAGE,
  STREAM_STAGES,
  stageConsumerName,
} from "../core/subjects.ts";

export async function lagOf(jsm: JetStreamManager, stage: string): Promise<number> {
  const name = stage === INTAKE_STAGE ? CONSUMER_INTAKE : stageConsumerName(stage);
  try {
    const info = await jsm.consumers.info(STREAM_STAGES, name);
    return info.num_pending + info.num_ack_pending;
  } catch {
    // No consumer yet (no actor ever started for the stage): nothing can be waiting on it.
    return 0;
  }
}

export async function stageLags(
  jsm: JetStreamManager,
  stages: string[],
): Promise<Record<string, number>> {
  const lags = await Promise.all(stages.map((s) => lagOf(jsm, s)));
  return Object.fromEntries(stages.map((s, i) => [s, lags[i]!]));
}
