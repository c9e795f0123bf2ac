/** The LLM layer's public surface and the factory that builds a client from config. */
import type { SeoFarmConfig } from "../config.ts";
import { SeoFarmError } from "../errors.ts";
import { OpenAiProvider } from "./providers/openai.ts";
import { LlmRouter } from "./router.ts";
import type { LlmClient } from "./types.ts";

export { OpenAiProvider, toLlmError } from "./providers/openai.ts";
export { LlmRouter, routeFor } from "./router.ts";
export type { LlmClient, LlmProvider, LlmRequest, LlmResponse, LlmUsage } from "./types.ts";

/** Builds the router with every provider that has a key. */
export function createLlmClient(config: SeoFarmConfig): LlmClient {
  if (!config.openai.apiKey) {
    throw new SeoFarmError(
      "INVALID_CONFIG",
      "OPENAI_API_KEY is not set: set it (and OPENAI_BASE_URL for a compatible server), or run `seo-farm up`, which starts the LLM emulator when no key is set",
    );
  }
  const openai = new OpenAiProvider({
    apiKey: config.openai.apiKey,
    ...(config.openai.baseUrl ? { baseUrl: config.openai.baseUrl } : {}),
    maxRetries: config.llmMaxRetries,
  });
  return new LlmRouter([openai], config);
}
