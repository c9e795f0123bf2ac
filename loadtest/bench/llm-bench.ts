/**
 * The LLM layer's own costs, against the emulator over HTTP at zero latency, in one run:
 * the router's overhead as a ratio of a direct SDK call (same request, same server), and
 * the latency of a call answered from the KV cache.
 */
import type { NatsConnection } from "@nats-io/nats-core";
import OpenAI from "openai";
import { parseConfig } from "../../core/config.ts";
import { LlmCache } from "../../core/llm/cache.ts";
import { CachedLlmClient } from "../../core/llm/cached-client.ts";
import { createProviders } from "../../core/llm/mod.ts";
import { LlmRouter } from "../../core/llm/router.ts";
import type { LlmRequest } from "../../core/llm/types.ts";
import { summarize } from "./stats.ts";

export interface LlmBenchResult {
  directMs: { p50: number; p99: number };
  routerMs: { p50: number; p99: number };
  cacheHitMs: { p50: number; p99: number };
  cacheMissMs: { p50: number; p99: number };
}

const request: LlmRequest = {
  system: "You are an SEO research analyst.",
  user: 'Research the keyword.\n```json\n{"keyword":"trail running shoes","language":"en"}\n```',
  json: true,
  taskClass: "simple",
  task: "research",
  stage: "research",
  workflowId: "bench",
};

async function timeEach(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

export async function runLlmBench(
  nc: NatsConnection,
  emulatorUrl: string,
  calls: number,
): Promise<LlmBenchResult> {
  const config = parseConfig({
    OPENAI_API_KEY: "bench",
    OPENAI_BASE_URL: emulatorUrl,
    LLM_MAX_RETRIES: "0",
  });
  const sdk = new OpenAI({ apiKey: "bench", baseURL: emulatorUrl, maxRetries: 0 });
  const router = new LlmRouter(createProviders(config), config);
  const direct = () =>
    sdk.chat.completions.create(
      {
        model: "gpt-4o-mini",
        messages: [
          { role: "system", content: request.system },
          { role: "user", content: request.user },
        ],
        response_format: { type: "json_object" },
      },
      { headers: { "X-Seo-Farm-Task": "research" } },
    );
  // Warm up both paths (connections, JIT).
  await timeEach(50, direct);
  await timeEach(50, () => router.complete(request));
  const directMs: number[] = [];
  const routerMs: number[] = [];
  // Interleave rounds so drift hits both alike.
  for (let round = 0; round < 5; round++) {
    directMs.push(...(await timeEach(calls / 5, direct)));
    routerMs.push(...(await timeEach(calls / 5, () => router.complete(request))));
  }
  const cache = await LlmCache.open(nc);
  const cached = new CachedLlmClient(router, cache, config);
  // Misses: a new user message each time (one upstream call, a claim, a store).
  const cacheMissMs = await timeEach(calls, (i) =>
    cached.complete({ ...request, user: `${request.user}\n${i}` }),
  );
  await cached.complete(request);
  const cacheHitMs = await timeEach(calls, () => cached.complete(request));
  return {
    directMs: summarize(directMs),
    routerMs: summarize(routerMs),
    cacheHitMs: summarize(cacheHitMs),
    cacheMissMs: summarize(cacheMissMs),
  };
}
