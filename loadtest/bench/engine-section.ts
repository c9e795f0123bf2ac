/**
 * `--only engine`: the engine's ceiling against the raw JetStream chain, rounds interleaved,
 * the in-process canned LLM, medians of the rounds and the engine/raw ratio.
 */
import { CannedLlm } from "./canned-llm.ts";
import type { BenchContext } from "./context.ts";
import { runEngine } from "./engine.ts";
import { runRawChain } from "./raw-chain.ts";
import { median, summarize } from "./stats.ts";

export async function runEngineSection(ctx: BenchContext): Promise<void> {
  const { nc, actorNc, config, pipelines, workflows, window, rounds } = ctx;
  const raw: number[] = [];
  const engine: number[] = [];
  const rawLat: number[] = [];
  const engineLat: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const a = await runRawChain(nc, { workflows, window, run: r });
    raw.push(a.perSecond);
    rawLat.push(...a.latenciesMs);
    const b = await runEngine(nc, actorNc, {
      config,
      pipelines,
      llm: new CannedLlm(),
      workflows,
      window,
      run: r,
    });
    engine.push(b.perSecond);
    engineLat.push(...b.latenciesMs);
    console.log(
      `round ${r + 1}: raw ${a.perSecond.toFixed(0)} workflows/s, engine ${b.perSecond.toFixed(0)} workflows/s`,
    );
  }
  const rawS = summarize(rawLat);
  const engS = summarize(engineLat);
  const rawMed = median(raw);
  const engMed = median(engine);
  console.log("\n| measure | raw JetStream chain | engine | engine / raw |");
  console.log("|---|---:|---:|---:|");
  console.log(
    `| six-stage workflows/s (median of ${rounds}) | ${rawMed.toFixed(0)} | ${engMed.toFixed(0)} | ${(engMed / rawMed).toFixed(2)} |`,
  );
  console.log(
    `| end-to-end latency p50 (ms) | ${rawS.p50.toFixed(1)} | ${engS.p50.toFixed(1)} | ${(engS.p50 / rawS.p50).toFixed(2)} |`,
  );
  console.log(
    `| end-to-end latency p99 (ms) | ${rawS.p99.toFixed(1)} | ${engS.p99.toFixed(1)} | ${(engS.p99 / rawS.p99).toFixed(2)} |`,
  );
}
