/**
 * The LLM cache in front of the router: an identical request (same first model of its
 * route, prompt version, messages and sampling) is answered from KV `seo-llm-cache`, and N
 * identical requests in flight across any number of processes make one upstream call
 * (single-flight through a claim in `seo-leases`). A hit costs nothing and is reported as
 * such: no tokens, no cost, `cacheHit: true`.
 */
import type { SeoFarmConfig } from "../config.ts";
import { seoFarmMetrics } from "../telemetry/metrics.ts";
import { inSpan } from "../telemetry/tracing.ts";
import type { LlmCache } from "./cache.ts";
import { llmCacheKey } from "./cache-keys.ts";
import { routeFor } from "./routes.ts";
import type { LlmClient, LlmRequest, LlmResponse } from "./types.ts";

/** What part of a request decides its answer (and so its cache key). */
export function cacheableRequest(req: LlmRequest): Record<string, unknown> {
  return {
    system: req.system,
    user: req.user,
    json: req.json,
    ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
    ...(req.maxTokens !== undefined ? { maxTokens: req.maxTokens } : {}),
  };
}

export class CachedLlmClient implements LlmClient {
  constructor(
    readonly inner: LlmClient,
    readonly cache: LlmCache,
    readonly config: Pick<SeoFarmConfig, "routes" | "llmCacheClaimTtlMs">,
  ) {}

  async complete(req: LlmRequest): Promise<LlmResponse> {
    const mode = req.cache ?? "use";
    if (mode === "bypass") return await this.inner.complete(req);
    const first = routeFor(req.taskClass, this.config.routes, req.route)[0];
    if (!first) return await this.inner.complete(req);
    const key = await llmCacheKey({
      provider: first.provider,
      model: first.model,
      promptVersion: req.promptVersion ?? "none",
      request: cacheableRequest(req),
    });
    const started = Date.now();
    // On a miss the LLM call's span nests under this one.
    const result = await inSpan(
      "cache llm",
      { attributes: { "seo_farm.cache.mode": mode } },
      async (span) => {
        const r = await this.cache.getOrCompute(key, () => this.inner.complete(req), {
          mode,
          claimTtlMs: this.config.llmCacheClaimTtlMs,
          ...(req.signal ? { signal: req.signal } : {}),
        });
        span.setAttribute("seo_farm.cache.hit", !r.computed);
        return r;
      },
    );
    seoFarmMetrics().recordCacheLookup("llm", !result.computed);
    if (result.computed) return result.value;
    // A stream listener still gets the text, in one piece.
    req.onDelta?.(result.value.text);
    return {
      ...result.value,
      usage: { promptTokens: 0, completionTokens: 0, cachedPromptTokens: 0 },
      costUsd: 0,
      attempts: 0,
      fallback: false,
      cacheHit: true,
      latencyMs: Date.now() - started,
    };
  }
}
