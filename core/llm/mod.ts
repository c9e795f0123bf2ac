/** The LLM layer's public surface and the factory that builds a client from config. */
import type { SeoFarmConfig } from "../config.ts";
import { AnthropicProvider } from "./providers/anthropic.ts";
import { OpenAiProvider } from "./providers/openai.ts";
import { LlmRouter } from "./router.ts";
import type { LlmProvider } from "./types.ts";

export * from "./cache.ts";
export * from "./cache-keys.ts";
export { CachedLlmClient, cacheableRequest } from "./cached-client.ts";
export { ConcurrencyLimiter } from "./limiter.ts";
export { costUsd, DEFAULT_PRICES, type ModelPrice, parsePrices, priceOf } from "./pricing.ts";
export { AnthropicProvider } from "./providers/anthropic.ts";
export { toLlmError } from "./providers/errors.ts";
export { OpenAiProvider } from "./providers/openai.ts";
export { DEFAULT_RETRY_POLICY, parseRetryAfter, type RetryPolicy, retryDelayMs } from "./retry.ts";
export { LlmRouter, type RouterConfig } from "./router.ts";
export { defaultRoute, parseRoute, routeFor } from "./routes.ts";
export type {
  LlmClient,
  LlmProvider,
  LlmRequest,
  LlmResponse,
  LlmUsage,
  ProviderAnswer,
  RouteStep,
} from "./types.ts";

/** The providers that have keys. */
export function createProviders(config: SeoFarmConfig): LlmProvider[] {
  const providers: LlmProvider[] = [];
  if (config.openai.apiKey) {
    providers.push(
      new OpenAiProvider({
        apiKey: config.openai.apiKey,
        ...(config.openai.baseUrl ? { baseUrl: config.openai.baseUrl } : {}),
      }),
    );
  }
  if (config.anthropic.apiKey) {
    providers.push(
      new AnthropicProvider({
        apiKey: config.anthropic.apiKey,
        ...(config.anthropic.baseUrl ? { baseUrl: config.anthropic.baseUrl } : {}),
      }),
    );
  }
  return providers;
}

/** Builds the router with every provider that has a key. */
export function createLlmClient(config: SeoFarmConfig): LlmRouter {
  return new LlmRouter(createProviders(config), config);
}
