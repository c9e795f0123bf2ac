/**
 * Model routing as data and pure functions. A route is an ordered list of models to try:
 * the first, then its fallbacks. Written `provider:model` (`anthropic:claude-sonnet-5-5`);
 * a bare model name means OpenAI, so `llama3.1:8b` on an OpenAI-compatible server works.
 */
import type { TaskClass } from "../config.ts";
import type { RouteStep } from "./types.ts";

export const PROVIDERS = ["openai", "anthropic"] as const;
export type ProviderName = (typeof PROVIDERS)[number];

/** The seed's routing: simple → fast and cheap, complex → strong, creative → Claude. */
export const DEFAULT_ROUTE_MODELS: Record<TaskClass, { openai: string; anthropic: string }> = {
  simple: { openai: "gpt-4o-mini", anthropic: "claude-haiku-5-5" },
  complex: { openai: "gpt-4o", anthropic: "claude-sonnet-5-5" },
  creative: { openai: "gpt-4o", anthropic: "claude-sonnet-5-5" },
};

/** Parses `provider:model[,provider:model…]`; throws a TypeError naming `field`. */
export function parseRoute(spec: string, timeoutMs: number, field: string): RouteStep[] {
  const steps = spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s): RouteStep => {
      const colon = s.indexOf(":");
      const prefix = colon === -1 ? "" : s.slice(0, colon);
      if ((PROVIDERS as readonly string[]).includes(prefix)) {
        const model = s.slice(colon + 1).trim();
        if (!model) throw new TypeError(`${field}: "${s}" names no model`);
        return { provider: prefix, model, timeoutMs };
      }
      return { provider: "openai", model: s, timeoutMs };
    });
  if (steps.length === 0)
    throw new TypeError(`${field} must name at least one model (got "${spec}")`);
  return steps;
}

/**
 * The default route of a task class for the providers that have keys: creative work goes to
 * Anthropic first when it is configured, everything falls back to the other provider.
 */
export function defaultRoute(
  taskClass: TaskClass,
  available: { openai: boolean; anthropic: boolean },
  timeoutMs: number,
): RouteStep[] {
  const m = DEFAULT_ROUTE_MODELS[taskClass];
  const order: ProviderName[] =
    taskClass === "creative" ? ["anthropic", "openai"] : ["openai", "anthropic"];
  return order
    .filter((p) => available[p])
    .map((provider) => ({ provider, model: m[provider], timeoutMs }));
}

/** Which route serves a request: the stage's own, else its task class's. */
export function routeFor(
  taskClass: TaskClass,
  routes: Record<TaskClass, RouteStep[]>,
  stageRoute?: RouteStep[],
): RouteStep[] {
  return stageRoute && stageRoute.length > 0 ? stageRoute : routes[taskClass];
}
