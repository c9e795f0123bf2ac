/**
 * Model routing: the task class of a stage picks the model and its timeout
 * (the seed's simple → fast, complex → strong, creative → balanced; 30 / 60 / 45 s).
 */
import type { SeoFarmConfig, TaskClass } from "../config.ts";
import type { LlmClient, LlmProvider, LlmRequest, LlmResponse } from "./types.ts";

export interface Route {
  provider: string;
  model: string;
  timeoutMs: number;
}

/** Pure: which provider, model and timeout serve a task class. */
export function routeFor(
  taskClass: TaskClass,
  config: Pick<SeoFarmConfig, "models" | "timeoutsMs">,
): Route {
  return {
    provider: "openai",
    model: config.models[taskClass],
    timeoutMs: config.timeoutsMs[taskClass],
  };
}

export class LlmRouter implements LlmClient {
  readonly #providers: Map<string, LlmProvider>;

  constructor(
    providers: LlmProvider[],
    readonly config: Pick<SeoFarmConfig, "models" | "timeoutsMs">,
  ) {
    this.#providers = new Map(providers.map((p) => [p.name, p]));
  }

  async complete(req: LlmRequest): Promise<LlmResponse> {
    const route = routeFor(req.taskClass, this.config);
    const provider = this.#providers.get(route.provider);
    if (!provider) throw new TypeError(`no LLM provider named "${route.provider}" is configured`);
    return await provider.complete(route.model, req, route.timeoutMs);
  }
}
