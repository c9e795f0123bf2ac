/**
 * `--only repeat`: repeat traffic. The same keywords twice with the LLM cache and the stage
 * memo on: the first pass misses and stores, the second finds every LLM stage in its memo
 * (assemble is not memoised; it always runs). The LLM is the real path (router + SDKs →
 * the emulator at zero latency), and the baseline is the engine with the cache off on the
 * same LLM, in the same round. The LLM calls of the second pass are counted to show that
 * every stage was a hit.
 */
import type { LlmClient, LlmRequest, LlmResponse } from "../../core/llm/types.ts";
import { type BenchContext, ratio, table } from "./context.ts";
import { emulatorLlm } from "./emulator-llm.ts";
import { runEngine } from "./engine.ts";
import { median, summarize } from "./stats.ts";

function counting(inner: LlmClient): LlmClient & { calls: number } {
  return {
    calls: 0,
    complete(req: LlmRequest): Promise<LlmResponse> {
      this.calls++;
      return inner.complete(req);
    },
  };
}

export async function runRepeatSection(ctx: BenchContext, emulatorUrl: string): Promise<void> {
  const { llm } = emulatorLlm(emulatorUrl);
  console.log(
    `\nRepeat traffic: the same ${ctx.workflows} keywords twice, LLM cache and stage memo on (KV seo-llm-cache); LLM: router + SDKs → the emulator at zero latency over HTTP (a process of its own); baseline: the cache off.`,
  );
  const rows = { off: [] as number[], first: [] as number[], second: [] as number[] };
  const lat = { off: [] as number[], first: [] as number[], second: [] as number[] };
  const secondCalls: number[] = [];
  for (let r = 0; r < ctx.rounds; r++) {
    const base = {
      config: ctx.config,
      pipelines: ctx.pipelines,
      workflows: ctx.workflows,
      window: ctx.window,
    };
    // Keywords unique to the round and to the workflow: the first pass hits nothing.
    const keyword = (i: number) => `repeat ${r} keyword ${i}`;
    const off = await runEngine(ctx.nc, ctx.actorNc, { ...base, llm, run: 500 + 3 * r, keyword });
    const first = await runEngine(ctx.nc, ctx.actorNc, {
      ...base,
      llm,
      run: 501 + 3 * r,
      keyword,
      llmCache: true,
    });
    const counted = counting(llm);
    const second = await runEngine(ctx.nc, ctx.actorNc, {
      ...base,
      llm: counted,
      run: 502 + 3 * r,
      keyword,
      llmCache: true,
    });
    secondCalls.push(counted.calls);
    for (const [k, v] of [
      ["off", off],
      ["first", first],
      ["second", second],
    ] as const) {
      rows[k].push(v.perSecond);
      lat[k].push(...v.latenciesMs);
    }
    console.log(
      `round ${r + 1}: cache off ${off.perSecond.toFixed(0)}, first pass ${first.perSecond.toFixed(0)}, second pass ${second.perSecond.toFixed(0)} workflows/s; LLM calls in the second pass: ${counted.calls}`,
    );
  }
  const m = { off: median(rows.off), first: median(rows.first), second: median(rows.second) };
  const s = { off: summarize(lat.off), first: summarize(lat.first), second: summarize(lat.second) };
  const row = (name: string, k: keyof typeof m) => [
    name,
    m[k].toFixed(0),
    s[k].p50.toFixed(1),
    s[k].p99.toFixed(1),
    ratio(m[k], m.off),
  ];
  console.log("");
  console.log(
    table(
      [
        "pass",
        `six-stage workflows/s (median of ${ctx.rounds})`,
        "p50 (ms)",
        "p99 (ms)",
        "workflows/s vs cache off",
      ],
      [
        row("cache off (baseline)", "off"),
        row("first pass (cache on, every stage a miss, answers stored)", "first"),
        row(
          `second pass (every LLM stage a memo hit; LLM calls: ${secondCalls.join(", ")})`,
          "second",
        ),
      ],
    ),
  );
}
