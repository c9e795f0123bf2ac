/** What every `npm run bench` section gets from the command: connections, sizes, config. */
import type { NatsConnection } from "@nats-io/nats-core";
import type { SeoFarmConfig } from "../../core/config.ts";
import type { PipelineSnapshot } from "../../core/pipeline.ts";

export interface BenchContext {
  /** The submitter's connection (and the observers'). */
  nc: NatsConnection;
  /** The in-process actor's connection. */
  actorNc: NatsConnection;
  natsUrl: string;
  /** ACTOR_CONCURRENCY from --concurrency, LOG_LEVEL error. */
  config: SeoFarmConfig;
  pipelines: PipelineSnapshot[];
  /** Workflows per round (--workflows). */
  workflows: number;
  /** Most workflows in flight (--window). */
  window: number;
  /** Rounds per measure (--rounds); sections report the median. */
  rounds: number;
}

/** A markdown table: header row, alignment row (first column left, the rest right), rows. */
export function table(header: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.join(" | ")} |`;
  return [
    line(header),
    `|${header.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`,
    ...rows.map(line),
  ].join("\n");
}

/** Ratio to two decimals; "n/a" when the base is 0 or not a number. */
export function ratio(a: number, b: number): string {
  return Number.isFinite(a / b) && b !== 0 ? (a / b).toFixed(2) : "n/a";
}

/** LLM calls one workflow of `pipeline` makes: one per stage with a prompt (assemble has none). */
export function llmCallsPerWorkflow(pipeline: PipelineSnapshot): number {
  return pipeline.stages.filter((s) => s.prompt).length;
}
