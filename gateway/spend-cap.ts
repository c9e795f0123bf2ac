/**
 * The per-key monthly spend cap at the front door: work created with a key is accounted to
 * it (the owner travels with the submission), and a key that has spent its month's budget
 * gets a 402 problem instead of new work. Running work is stopped by the actors.
 */
import type { Context } from "hono";
import { MonthlyBudgetExceededError } from "../core/errors.ts";
import type { SpendOwner } from "../core/spend.ts";
import type { GatewayBackend } from "./backend.ts";
import type { GatewayEnv } from "./context.ts";

/** The owner of new work from this request; throws when its key's budget is spent. */
export async function ownerForNewWork(
  c: Context<GatewayEnv>,
  backend: GatewayBackend,
): Promise<SpendOwner | undefined> {
  const policy = c.get("apiKeyPolicy");
  if (!policy) return undefined;
  const budget = policy.monthlyBudgetUsd;
  if (budget !== undefined) {
    const spent = await backend.spent(policy.name);
    if (spent >= budget) throw new MonthlyBudgetExceededError(policy.name, budget, spent);
  }
  return { name: policy.name, ...(budget !== undefined ? { monthlyBudgetUsd: budget } : {}) };
}
