/**
 * The engine's ceiling: six-stage workflows through seo.submit, the real actor runtime
 * (state writes with compare-and-set, events, dedupe ids, results in the object store) and
 * an in-process canned LLM, so the figure is the engine's own.
 */
import { jetstream } from "@nats-io/jetstream";
import { headers, type NatsConnection } from "@nats-io/nats-core";
import { type ActorProcess, startActorProcess } from "../../actors/actor-process.ts";
import { stageNamesOf } from "../../actors/pipeline-loader.ts";
import { encode } from "../../core/codec.ts";
import type { SeoFarmConfig } from "../../core/config.ts";
import type { LlmClient } from "../../core/llm/types.ts";
import { createLogger } from "../../core/log.ts";
import type { PipelineSnapshot } from "../../core/pipeline.ts";
import { INTAKE_STAGE } from "../../core/subjects.ts";
import type { ChainResult } from "./raw-chain.ts";

export async function runEngine(
  submitNc: NatsConnection,
  actorNc: NatsConnection,
  opts: {
    config: SeoFarmConfig;
    pipelines: PipelineSnapshot[];
    llm: LlmClient;
    workflows: number;
    window: number;
    run: number;
    /** Cache LLM answers and stage outputs in KV. @default false */
    llmCache?: boolean;
    /** The keyword of workflow `i`. @default `keyword ${i % 50}` */
    keyword?: (i: number) => string;
    /** Submit at most this many workflows a second (besides the window). @default unpaced */
    ratePerSecond?: number;
  },
): Promise<ChainResult> {
  const actor: ActorProcess = await startActorProcess({
    nc: actorNc,
    config: opts.config,
    logger: createLogger({ level: "error" }),
    llm: opts.llm,
    stages: [INTAKE_STAGE, ...stageNamesOf(opts.pipelines)],
    pipelines: opts.pipelines,
    keeper: false,
    llmCache: opts.llmCache ?? false,
  });
  const js = jetstream(submitNc);
  const started = new Map<string, number>();
  const latencies: number[] = [];
  let done = 0;
  let finish: () => void = () => {};
  const finished = new Promise<void>((r) => {
    finish = r;
  });
  const sub = submitNc.subscribe("seo.events.*.done", {
    callback: (_err, msg) => {
      const id = msg.subject.split(".")[2]!;
      const t = started.get(id);
      if (t === undefined) return;
      latencies.push(performance.now() - t);
      if (++done === opts.workflows) finish();
    },
  });
  const h = headers();
  h.set("Content-Type", "application/msgpack");
  const t0 = performance.now();
  const keyword = opts.keyword ?? ((i: number) => `keyword ${i % 50}`);
  for (let i = 0; i < opts.workflows; i++) {
    while (i - done >= opts.window) await new Promise((r) => setTimeout(r, 1));
    if (opts.ratePerSecond) {
      // Paced: workflow i is due at t0 + i / rate (catching up after a late timer).
      const due = t0 + (i * 1000) / opts.ratePerSecond;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    }
    const id = `b${opts.run}-${i}`;
    started.set(id, performance.now());
    void js.publish("seo.submit", encode({ keyword: keyword(i), id, wordCount: 300 }), {
      msgID: id,
      headers: h,
    });
  }
  await finished;
  const seconds = (performance.now() - t0) / 1000;
  sub.unsubscribe();
  await actor.stop(5_000);
  return {
    workflows: opts.workflows,
    seconds,
    perSecond: opts.workflows / seconds,
    latenciesMs: latencies,
  };
}
