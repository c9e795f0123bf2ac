/**
 * `--only llmbound`: the engine where the LLM is the bottleneck. The emulator's `realistic`
 * profile (10–20 s a call) time-scaled (×0.01 by default: 100–200 ms), one provider (OpenAI;
 * without an Anthropic key every stage routes there) with a concurrency limit C, and enough
 * workflows in flight to keep C calls busy. The ceiling is then
 *   C ÷ mean call time ÷ LLM calls per workflow
 * and the figure is how close the engine gets to it, as workflows per hour at the scaled
 * time and scaled back to real time (÷ the time scale on the call time, × it on the rate).
 */
import type { LlmClient } from "../../core/llm/types.ts";
import type { EmulatorHandle } from "../llm-emulator/app.ts";
import { type BenchContext, llmCallsPerWorkflow, table } from "./context.ts";
import { emulatorLlm } from "./emulator-llm.ts";
import { runEngine } from "./engine.ts";

export interface LlmBoundOptions {
  /** Workflows in the run. */
  workflows: number;
  /** The provider's concurrency limit (LLM_CONCURRENCY_OPENAI). */
  providerConcurrency: number;
  /** The emulator's time scale (its latency multiplier). */
  timeScale: number;
  /** The profile's nominal call time before scaling, ms ({min, max} of `realistic`). */
  nominalMs: { min: number; max: number };
}

export async function runLlmBoundSection(
  ctx: BenchContext,
  emulator: { url: string; handle: EmulatorHandle },
  opts: LlmBoundOptions,
): Promise<void> {
  const c = opts.providerConcurrency;
  const { llm: router } = emulatorLlm(emulator.url, {
    anthropic: false,
    env: { LLM_CONCURRENCY_OPENAI: String(c) },
  });
  // The client-side time of each call (the provider's own measure: SDK + HTTP + the wait),
  // i.e. how long a provider slot is held per call, besides the emulator's planned time.
  const clientMs: number[] = [];
  const llm: LlmClient = {
    async complete(req) {
      const res = await router.complete(req);
      clientMs.push(res.latencyMs);
      return res;
    },
  };
  const pipeline = ctx.pipelines.find((p) => p.name === "seo-article")!;
  const before = emulator.handle.stats().requests;
  // The emulator's in-flight count, sampled: saturation shows as C calls held throughout.
  const inFlight: number[] = [];
  const sampler = setInterval(() => inFlight.push(emulator.handle.stats().inFlight), 10);
  const res = await runEngine(ctx.nc, ctx.actorNc, {
    config: ctx.config,
    pipelines: ctx.pipelines,
    llm,
    workflows: opts.workflows,
    window: Math.max(ctx.window, 2 * c),
    run: 400,
  });
  clearInterval(sampler);
  const calls = emulator.handle.requests(before);
  const meanCallMs =
    calls.reduce((sum, e) => sum + (e.latencyMs ?? 0), 0) / Math.max(1, calls.length);
  const counted = calls.length / opts.workflows;
  const perWorkflow = llmCallsPerWorkflow(pipeline);
  const theoretical = c / (meanCallMs / 1000) / perWorkflow;
  const meanClientMs = clientMs.reduce((a, b) => a + b, 0) / Math.max(1, clientMs.length);
  const slotBound = c / (meanClientMs / 1000) / perWorkflow;
  const achieved = res.perSecond;
  const pct = `${((100 * achieved) / theoretical).toFixed(1)} %`;
  const perHour = (x: number) => Math.round(x * 3600).toLocaleString("en-US");
  const { min, max } = opts.nominalMs;
  const s = opts.timeScale;
  const held = inFlight.length ? Math.max(...inFlight) : 0;
  const meanHeld = inFlight.reduce((a, b) => a + b, 0) / Math.max(1, inFlight.length);
  console.log(
    `\nLLM-bound: emulator \`realistic\` (${min / 1000}–${max / 1000} s) ×${s} = ${min * s}–${max * s} ms a call over HTTP, one provider with concurrency ${c}, ${opts.workflows} workflows (window ${Math.max(ctx.window, 2 * c)}), ${perWorkflow} LLM calls per workflow (counted at the emulator: ${counted.toFixed(2)}), mean call ${meanCallMs.toFixed(1)} ms, calls in flight at the emulator: mean ${meanHeld.toFixed(1)}, max ${held}.\n`,
  );
  console.log(
    table(
      [
        "measure",
        `theoretical (${c} ÷ mean call ÷ ${perWorkflow} calls)`,
        "achieved",
        "achieved / theoretical",
      ],
      [
        [
          `workflows/hour at ×${s} (${min * s}–${max * s} ms calls)`,
          perHour(theoretical),
          perHour(achieved),
          pct,
        ],
        [
          `workflows/hour scaled back to real time (${min / 1000}–${max / 1000} s calls)`,
          perHour(theoretical * s),
          perHour(achieved * s),
          pct,
        ],
        [
          `workflows/hour at ×${s}, limit from the client-side call time (${meanClientMs.toFixed(1)} ms: SDK + HTTP + emulator)`,
          perHour(slotBound),
          perHour(achieved),
          `${((100 * achieved) / slotBound).toFixed(1)} %`,
        ],
      ],
    ),
  );
  console.log(
    "\nThe first two rows are the benchmark's figure (the limit from the emulator's planned call time); the third shows how busy the engine kept the provider slots, with the per-call SDK/HTTP time counted as busy.",
  );
}
