/**
 * `--only peer`: the engine against BullMQ on the same pipeline, and the bare chains of
 * both (JetStream vs BullMQ), rounds interleaved so drift hits all four alike. Without a
 * reachable Redis it prints one "peer skipped" line and returns.
 */
import process from "node:process";
import { CannedLlm } from "./canned-llm.ts";
import { type BenchContext, ratio, table } from "./context.ts";
import { runEngine } from "./engine.ts";
import { runBullChain } from "./node-bullmq-chain.ts";
import { runBullPipeline } from "./node-bullmq-pipeline.ts";
import { DEFAULT_REDIS_URL, probeRedis } from "./node-redis.ts";
import { runRawChain } from "./raw-chain.ts";
import { median, summarize } from "./stats.ts";

/** Jobs a bare-chain hop's worker takes at once: the raw chain's `max_messages`. */
export const BARE_CHAIN_CONCURRENCY = 256;

export async function runPeerSection(ctx: BenchContext): Promise<void> {
  const redisUrl = process.env.REDIS_URL || DEFAULT_REDIS_URL;
  const probe = await probeRedis(redisUrl);
  if (typeof probe === "string") {
    console.log(`\npeer skipped: no Redis at ${redisUrl} (set REDIS_URL) — ${probe}`);
    return;
  }
  const info = await probe.info("server");
  const persistence = await probe.info("persistence");
  probe.disconnect();
  const version = /redis_version:(\S+)/.exec(info)?.[1] ?? "?";
  const aof = /aof_enabled:1/.test(persistence) ? "AOF on" : "AOF off";
  const pipeline = ctx.pipelines.find((p) => p.name === "seo-article")!;
  const concurrency = ctx.config.actorConcurrency;
  const runId = `seo-bench-${process.pid}-${Date.now().toString(36)}`;
  console.log(
    `\nPeer: BullMQ on Redis ${version} at ${redisUrl} (${aof}), prefix ${runId}; ${ctx.workflows} workflows per round, window ${ctx.window}, concurrency ${concurrency} per stage on both. LLM: in-process canned stand-in on both, through the engine's assistants.`,
  );
  const m = {
    raw: [] as number[],
    bare: [] as number[],
    engine: [] as number[],
    bull: [] as number[],
  };
  const lat = {
    raw: [] as number[],
    bare: [] as number[],
    engine: [] as number[],
    bull: [] as number[],
  };
  for (let r = 0; r < ctx.rounds; r++) {
    const raw = await runRawChain(ctx.nc, {
      workflows: ctx.workflows,
      window: ctx.window,
      run: 100 + r,
    });
    const bare = await runBullChain({
      redisUrl,
      prefix: `${runId}-chain${r}`,
      workflows: ctx.workflows,
      window: ctx.window,
      concurrency: BARE_CHAIN_CONCURRENCY,
    });
    const engine = await runEngine(ctx.nc, ctx.actorNc, {
      config: ctx.config,
      pipelines: ctx.pipelines,
      llm: new CannedLlm(),
      workflows: ctx.workflows,
      window: ctx.window,
      run: 100 + r,
    });
    const bull = await runBullPipeline({
      redisUrl,
      prefix: `${runId}-pipeline${r}`,
      pipeline,
      llm: new CannedLlm(),
      workflows: ctx.workflows,
      window: ctx.window,
      concurrency,
    });
    for (const [k, v] of Object.entries({ raw, bare, engine, bull }) as Array<
      [keyof typeof m, typeof raw]
    >) {
      m[k].push(v.perSecond);
      lat[k].push(...v.latenciesMs);
    }
    console.log(
      `round ${r + 1}: raw JetStream ${raw.perSecond.toFixed(0)}, bare BullMQ ${bare.perSecond.toFixed(0)}, engine ${engine.perSecond.toFixed(0)}, BullMQ pipeline ${bull.perSecond.toFixed(0)} workflows/s`,
    );
  }
  const s = {
    raw: summarize(lat.raw),
    bare: summarize(lat.bare),
    engine: summarize(lat.engine),
    bull: summarize(lat.bull),
  };
  const med = {
    raw: median(m.raw),
    bare: median(m.bare),
    engine: median(m.engine),
    bull: median(m.bull),
  };
  const f0 = (x: number) => x.toFixed(0);
  const f1 = (x: number) => x.toFixed(1);
  console.log("\nBare chains (six hops, no pipeline code):\n");
  console.log(
    table(
      ["measure", "raw JetStream chain", "bare BullMQ chain", "BullMQ / JetStream"],
      [
        [
          `six-hop chains/s (median of ${ctx.rounds})`,
          f0(med.raw),
          f0(med.bare),
          ratio(med.bare, med.raw),
        ],
        [
          "end-to-end latency p50 (ms)",
          f1(s.raw.p50),
          f1(s.bare.p50),
          ratio(s.bare.p50, s.raw.p50),
        ],
        [
          "end-to-end latency p99 (ms)",
          f1(s.raw.p99),
          f1(s.bare.p99),
          ratio(s.bare.p99, s.raw.p99),
        ],
      ],
    ),
  );
  console.log(
    "\nThe seo-article pipeline (intake + six stages, same assistants, state CAS per stage, events):\n",
  );
  console.log(
    table(
      ["measure", "engine (NATS JetStream)", "BullMQ + Redis", "engine / BullMQ"],
      [
        [
          `six-stage workflows/s (median of ${ctx.rounds})`,
          f0(med.engine),
          f0(med.bull),
          ratio(med.engine, med.bull),
        ],
        [
          "end-to-end latency p50 (ms)",
          f1(s.engine.p50),
          f1(s.bull.p50),
          ratio(s.engine.p50, s.bull.p50),
        ],
        [
          "end-to-end latency p99 (ms)",
          f1(s.engine.p99),
          f1(s.bull.p99),
          ratio(s.engine.p99, s.bull.p99),
        ],
        ["share of its own bare chain", ratio(med.engine, med.raw), ratio(med.bull, med.bare), "—"],
      ],
    ),
  );
}
