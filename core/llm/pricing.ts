/**
 * What a call costs: USD per million tokens by model, configurable with LLM_PRICES. Prices
 * change; the defaults are list prices at the time of writing, and an unknown model costs 0
 * (reported as unpriced) rather than a guess.
 */

export interface ModelPrice {
  /** USD per 1M prompt tokens. */
  input: number;
  /** USD per 1M completion tokens. */
  output: number;
  /** USD per 1M prompt tokens read from the provider's prompt cache. @default input */
  cachedInput?: number;
}

export const DEFAULT_PRICES: Readonly<Record<string, ModelPrice>> = {
  "gpt-4o-mini": { input: 0.15, output: 0.6, cachedInput: 0.075 },
  "gpt-4o": { input: 2.5, output: 10, cachedInput: 1.25 },
  "gpt-4.1-mini": { input: 0.4, output: 1.6, cachedInput: 0.1 },
  "gpt-4.1": { input: 2, output: 8, cachedInput: 0.5 },
  // The Claude rows use the Haiku / Sonnet tiers' list prices; check them against your
  // contract and set LLM_PRICES where they differ.
  "claude-haiku-4-5": { input: 1, output: 5, cachedInput: 0.1 },
  "claude-haiku-5-5": { input: 1, output: 5, cachedInput: 0.1 },
  "claude-sonnet-4-5": { input: 3, output: 15, cachedInput: 0.3 },
  "claude-sonnet-5": { input: 3, output: 15, cachedInput: 0.3 },
  "claude-sonnet-5-5": { input: 3, output: 15, cachedInput: 0.3 },
};

export interface TokenUse {
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens served from the provider's prompt cache (part of promptTokens). */
  cachedPromptTokens?: number;
}

/** The price of a model: exact name, else the longest known prefix (dated snapshots). */
export function priceOf(
  model: string,
  prices: Readonly<Record<string, ModelPrice>>,
): ModelPrice | undefined {
  if (prices[model]) return prices[model];
  let best: string | undefined;
  for (const name of Object.keys(prices)) {
    if (model.startsWith(name) && (!best || name.length > best.length)) best = name;
  }
  return best ? prices[best] : undefined;
}

/** USD cost of one call, rounded to a millionth of a dollar. */
export function costUsd(
  model: string,
  use: TokenUse,
  prices: Readonly<Record<string, ModelPrice>>,
): number {
  const p = priceOf(model, prices);
  if (!p) return 0;
  const cached = Math.min(use.cachedPromptTokens ?? 0, use.promptTokens);
  const usd =
    ((use.promptTokens - cached) * p.input +
      cached * (p.cachedInput ?? p.input) +
      use.completionTokens * p.output) /
    1_000_000;
  return Math.round(usd * 1e6) / 1e6;
}

/** Parses LLM_PRICES: JSON `{"model": {"input": 2.5, "output": 10}}`, merged over the defaults. */
export function parsePrices(json: string | undefined): Record<string, ModelPrice> {
  const prices: Record<string, ModelPrice> = { ...DEFAULT_PRICES };
  if (!json?.trim()) return prices;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new TypeError(
      `LLM_PRICES must be JSON like {"gpt-4o":{"input":2.5,"output":10}} (got ${json.slice(0, 60)})`,
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError("LLM_PRICES must be a JSON object of model → {input, output}");
  }
  for (const [model, p] of Object.entries(value)) {
    const rec = p as Record<string, unknown>;
    if (
      typeof rec?.input !== "number" ||
      typeof rec?.output !== "number" ||
      rec.input < 0 ||
      rec.output < 0
    ) {
      throw new TypeError(
        `LLM_PRICES.${model} must be {"input": USD per 1M, "output": USD per 1M}`,
      );
    }
    prices[model] = {
      input: rec.input,
      output: rec.output,
      ...(typeof rec.cachedInput === "number" ? { cachedInput: rec.cachedInput } : {}),
    };
  }
  return prices;
}
