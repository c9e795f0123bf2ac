/**
 * Shared knobs of the fault suite. Durations come from the environment so CI can run the
 * suite in minutes and a soak run can stretch them to production values:
 *
 *   SEO_FARM_FAULT_ACK_WAIT_MS   ack wait of the stage consumers            (default 2000)
 *   SEO_FARM_FAULT_STALL_MS      how long an actor is SIGSTOPped            (default ack wait + 2000)
 *   SEO_FARM_FAULT_OUTAGE_MS     how long NATS / the LLM / the gateway is down (default 2000)
 *   SEO_FARM_FAULT_WORKFLOWS     workflows per scenario                     (default 6)
 *   SEO_FARM_FAULT_PAUSE_MS      how long a cluster node is SIGSTOPped      (default 6000, 30000 with full)
 *   SEO_FARM_FAULT_CLUSTER_WORKFLOWS  workflows in flight when a cluster node fails
 *                                (default 30, 100 with full)
 *   SEO_FARM_FAULTS=full         also the slow scenarios (more workflows, longer outages)
 */
import type { TestStack } from "./stack.ts";

function intEnv(name: string, def: number): number {
  const raw = process.env[name];
  if (!raw) return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`${name} must be an integer (got ${raw})`);
  return n;
}

export const FULL = process.env.SEO_FARM_FAULTS === "full";
export const ACK_WAIT_MS = intEnv("SEO_FARM_FAULT_ACK_WAIT_MS", 2_000);
export const STALL_MS = intEnv("SEO_FARM_FAULT_STALL_MS", ACK_WAIT_MS + 2_000);
export const OUTAGE_MS = intEnv("SEO_FARM_FAULT_OUTAGE_MS", FULL ? 5_000 : 2_000);
export const WORKFLOWS = intEnv("SEO_FARM_FAULT_WORKFLOWS", FULL ? 20 : 6);
/** The 30 s with `full`; 6 s by default so CI stays fast. */
export const PAUSE_MS = intEnv("SEO_FARM_FAULT_PAUSE_MS", FULL ? 30_000 : 6_000);
export const CLUSTER_WORKFLOWS = intEnv("SEO_FARM_FAULT_CLUSTER_WORKFLOWS", FULL ? 100 : 30);

/**
 * Environment of every fault stack. A crashed actor's single-flight claims on LLM calls
 * (seo-leases) hold the redelivered call back until they expire: 30 s by default, 3 s here.
 */
export const FAULT_ENV = {
  ACK_WAIT_MS: String(ACK_WAIT_MS),
  LLM_CACHE_CLAIM_TTL_MS: "3000",
  LOG_LEVEL: "error",
};

export const KEYWORDS = [
  "trail running shoes",
  "indoor herb garden",
  "home espresso machine",
  "budget travel tips",
  "sourdough starter",
  "standing desk setup",
  "winter tyre guide",
  "balcony solar panels",
  "beginner yoga routine",
  "electric bike commute",
];

/** A distinct keyword per workflow (so no workflow is answered from another's cache). */
export function keywordFor(i: number): string {
  const base = KEYWORDS[i % KEYWORDS.length]!;
  return i < KEYWORDS.length ? base : `${base} ${Math.floor(i / KEYWORDS.length) + 1}`;
}

/** `GET` or `POST` on the emulator's control API. */
export async function emulatorApi(
  stack: TestStack,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const res = await fetch(`${stack.emulatorBase}/_emulator${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`emulator ${path}: HTTP ${res.status}: ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

/** The emulator's request log: one line per LLM request with its workflow, stage and status. */
export async function emulatorRequests(
  stack: TestStack,
): Promise<Array<{ workflowId?: string; stage?: string; status?: number }>> {
  const r = (await emulatorApi(stack, "/requests?limit=100000")) as {
    requests: Array<{ workflowId?: string; stage?: string; status?: number }>;
  };
  return r.requests;
}

/** Requests the emulator received for a task (answered or not). */
export async function requestsFor(stack: TestStack, task: string): Promise<number> {
  const stats = await emulatorApi(stack, "/stats");
  return (stats.byTask as Record<string, number>)[task] ?? 0;
}

/** Prints a scenario's outcome line (the docs' "latest result" comes from these). */
export function report(scenario: string, startedAt: number, summary: string): void {
  console.log(
    `[fault] ${scenario}: ${summary} in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
  );
}
