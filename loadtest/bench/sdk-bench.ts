/**
 * `--only sdk`: the engine with the real LLM path — router, OpenAI and Anthropic SDKs, HTTP
 * to the emulator at zero latency — next to the same engine with the in-process canned
 * stand-in, rounds interleaved, so the SDK and HTTP cost per workflow is visible.
 */
import { CannedLlm } from "./canned-llm.ts";
import { type BenchContext, llmCallsPerWorkflow, ratio, table } from "./context.ts";
import { emulatorLlm } from "./emulator-llm.ts";
import { runEngine } from "./engine.ts";
import { median, summarize } from "./stats.ts";

export async function runSdkSection(ctx: BenchContext, emulatorUrl: string): Promise<void> {
  const { llm, config: llmConfig } = emulatorLlm(emulatorUrl);
  const calls = llmCallsPerWorkflow(ctx.pipelines.find((p) => p.name === "seo-article")!);
  console.log(
    `\nEngine through the HTTP emulator at zero latency (router + OpenAI/Anthropic SDKs, provider concurrency ${llmConfig.providerConcurrency.openai}/${llmConfig.providerConcurrency.anthropic}, the emulator in a process of its own) vs the in-process canned stand-in; ${ctx.workflows} workflows per round, window ${ctx.window}:`,
  );
  const canned: number[] = [];
  const http: number[] = [];
  const cannedLat: number[] = [];
  const httpLat: number[] = [];
  for (let r = 0; r < ctx.rounds; r++) {
    const base = {
      config: ctx.config,
      pipelines: ctx.pipelines,
      workflows: ctx.workflows,
      window: ctx.window,
    };
    const a = await runEngine(ctx.nc, ctx.actorNc, {
      ...base,
      llm: new CannedLlm(),
      run: 300 + 2 * r,
    });
    const b = await runEngine(ctx.nc, ctx.actorNc, { ...base, llm, run: 301 + 2 * r });
    canned.push(a.perSecond);
    http.push(b.perSecond);
    cannedLat.push(...a.latenciesMs);
    httpLat.push(...b.latenciesMs);
    console.log(
      `round ${r + 1}: canned ${a.perSecond.toFixed(0)}, HTTP emulator ${b.perSecond.toFixed(0)} workflows/s`,
    );
  }
  const c = summarize(cannedLat);
  const h = summarize(httpLat);
  const cm = median(canned);
  const hm = median(http);
  console.log("");
  console.log(
    table(
      [
        "measure",
        "in-process canned stand-in",
        "router + SDKs → HTTP emulator (zero latency)",
        "HTTP / canned",
      ],
      [
        [
          `six-stage workflows/s (median of ${ctx.rounds})`,
          cm.toFixed(0),
          hm.toFixed(0),
          ratio(hm, cm),
        ],
        ["end-to-end latency p50 (ms)", c.p50.toFixed(1), h.p50.toFixed(1), ratio(h.p50, c.p50)],
        ["end-to-end latency p99 (ms)", c.p99.toFixed(1), h.p99.toFixed(1), ratio(h.p99, c.p99)],
        // What one LLM call adds per workflow at saturation, from the two throughputs.
        [
          `added time per LLM call at saturation (ms: (1/HTTP − 1/canned) ÷ ${calls} calls)`,
          "—",
          ((1000 / hm - 1000 / cm) / calls).toFixed(2),
          "—",
        ],
      ],
    ),
  );
}
