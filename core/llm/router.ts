/**
 * The LLM router: picks the route of a request (its stage's, else its task class's), then
 * tries each model in order — every one with its own timeout, under its provider's
 * concurrency limit, retried with backoff and full jitter (or the provider's Retry-After)
 * on 429, 5xx, timeouts and connection errors — and prices the answer. A non-retryable
 * error (a 400: the request itself is wrong) fails at once: another model would refuse it too.
 */
import type { SeoFarmConfig } from "../config.ts";
import { LlmError } from "../errors.ts";
import { seoFarmMetrics } from "../telemetry/metrics.ts";
import { inSpan, SpanKind } from "../telemetry/tracing.ts";
import { ConcurrencyLimiter } from "./limiter.ts";
import { costUsd } from "./pricing.ts";
import { toLlmError } from "./providers/errors.ts";
import { RateWindow } from "./rate-window.ts";
import { retryDelayMs, sleep } from "./retry.ts";
import { routeFor } from "./routes.ts";
import type { LlmClient, LlmProvider, LlmRequest, LlmResponse } from "./types.ts";

export type RouterConfig = Pick<
  SeoFarmConfig,
  "routes" | "retry" | "providerConcurrency" | "providerRateLimits" | "prices"
>;

export interface RouterOptions {
  /** Random source of the jitter (tests pass a fixed one). @default Math.random */
  random?: () => number;
}

export class LlmRouter implements LlmClient {
  readonly #providers: Map<string, LlmProvider>;
  readonly #limiters = new Map<string, ConcurrencyLimiter>();
  readonly #rates = new Map<string, RateWindow>();
  readonly #random: () => number;

  constructor(
    providers: LlmProvider[],
    readonly config: RouterConfig,
    opts: RouterOptions = {},
  ) {
    this.#providers = new Map(providers.map((p) => [p.name, p]));
    for (const p of providers) {
      this.#limiters.set(p.name, new ConcurrencyLimiter(config.providerConcurrency[p.name] ?? 32));
      const rate = config.providerRateLimits[p.name];
      this.#rates.set(p.name, new RateWindow({ rpm: rate?.rpm ?? 0, tpm: rate?.tpm ?? 0 }));
    }
    this.#random = opts.random ?? Math.random;
  }

  /** The provider names this router can call. */
  get providers(): string[] {
    return [...this.#providers.keys()];
  }

  async complete(req: LlmRequest): Promise<LlmResponse> {
    const route = routeFor(req.taskClass, this.config.routes, req.route).filter((s) =>
      this.#providers.has(s.provider),
    );
    if (route.length === 0) {
      throw new LlmError(
        `no configured provider for task class ${req.taskClass}: set OPENAI_API_KEY or ANTHROPIC_API_KEY`,
        { retryable: false },
      );
    }
    const { retry } = this.config;
    let attempts = 0;
    let waitedMs = 0;
    const failures: string[] = [];
    let last: LlmError | undefined;
    for (const [stepIndex, step] of route.entries()) {
      const provider = this.#providers.get(step.provider)!;
      const limiter = this.#limiters.get(step.provider)!;
      for (let retryNo = 0; ; retryNo++) {
        attempts++;
        const release = await limiter.acquire(req.signal, req.priority ?? "interactive");
        const rate = this.#rates.get(step.provider)!;
        const metricAttrs = { provider: step.provider, model: step.model };
        let calledAt = 0;
        try {
          await rate.admit();
          calledAt = performance.now();
          // One client span per provider call, with the GenAI semantic-convention attributes.
          const answer = await inSpan(
            `chat ${step.model}`,
            {
              kind: SpanKind.CLIENT,
              attributes: {
                "gen_ai.operation.name": "chat",
                "gen_ai.system": step.provider,
                "gen_ai.provider.name": step.provider,
                "gen_ai.request.model": step.model,
                ...(req.maxTokens !== undefined
                  ? { "gen_ai.request.max_tokens": req.maxTokens }
                  : {}),
                ...(req.temperature !== undefined
                  ? { "gen_ai.request.temperature": req.temperature }
                  : {}),
                "seo_farm.llm.attempt": attempts,
              },
            },
            async (span) => {
              const a = await provider.complete(step.model, req, step.timeoutMs);
              span.setAttributes({
                "gen_ai.response.model": a.model,
                "gen_ai.usage.input_tokens": a.usage.promptTokens,
                "gen_ai.usage.output_tokens": a.usage.completionTokens,
              });
              return a;
            },
          );
          rate.record(answer.usage.promptTokens + answer.usage.completionTokens);
          if (answer.quota?.remainingRequests === 0 && answer.quota.resetAt) {
            limiter.pauseUntil(answer.quota.resetAt);
          }
          const cost = costUsd(answer.model, answer.usage, this.config.prices);
          seoFarmMetrics().recordLlmCall(metricAttrs, {
            ok: true,
            seconds: (performance.now() - calledAt) / 1000,
            promptTokens: answer.usage.promptTokens,
            completionTokens: answer.usage.completionTokens,
            costUsd: cost,
          });
          return {
            ...answer,
            provider: step.provider,
            costUsd: cost,
            attempts,
            fallback: stepIndex > 0,
          };
        } catch (err) {
          last = toLlmError(err, step.provider, step.model);
          // A call the provider saw counts; one refused before it left (rate window, abort) not.
          if (calledAt > 0) {
            seoFarmMetrics().recordLlmCall(metricAttrs, {
              ok: false,
              seconds: (performance.now() - calledAt) / 1000,
            });
          }
          if (!last.retryable || req.signal?.aborted) throw last;
        } finally {
          release();
        }
        failures.push(last.message);
        if (retryNo >= retry.maxRetries) break;
        const delay = retryDelayMs(retryNo, retry, last.retryAfterMs, this.#random);
        // Past the waiting budget, move on to the next model rather than wait.
        if (waitedMs + delay > retry.maxTotalWaitMs) break;
        waitedMs += delay;
        await sleep(delay, req.signal);
      }
    }
    throw new LlmError(
      `every model of the route failed after ${attempts} attempts: ${failures.slice(-3).join(" | ")}`,
      {
        retryable: true,
        cause: last,
        ...(last?.status !== undefined ? { status: last.status } : {}),
      },
    );
  }
}
