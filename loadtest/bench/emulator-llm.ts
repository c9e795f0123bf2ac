/**
 * The real LLM path against the emulator: the router with its OpenAI and Anthropic
 * providers (the official SDKs) over HTTP, configured from the same variables a deployment
 * sets. Benchmark sections that measure the SDK and HTTP cost use this instead of the
 * in-process canned stand-in.
 */
import { type Env, parseConfig, type SeoFarmConfig } from "../../core/config.ts";
import { createLlmClient } from "../../core/llm/mod.ts";
import type { LlmClient } from "../../core/llm/types.ts";

export function emulatorLlm(
  emulatorUrl: string,
  opts: { anthropic?: boolean; env?: Env } = {},
): { llm: LlmClient; config: SeoFarmConfig } {
  const config = parseConfig({
    OPENAI_API_KEY: "bench",
    OPENAI_BASE_URL: emulatorUrl,
    // Without an Anthropic key every task class routes to OpenAI.
    ...((opts.anthropic ?? true)
      ? { ANTHROPIC_API_KEY: "bench", ANTHROPIC_BASE_URL: emulatorUrl.replace(/\/v1$/, "") }
      : {}),
    LOG_LEVEL: "error",
    ...opts.env,
  });
  return { llm: createLlmClient(config), config };
}
