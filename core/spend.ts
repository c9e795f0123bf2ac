/**
 * Spend per API key and calendar month (UTC), for the per-key monthly spend caps: KV
 * `seo-spend`, key `k.<key name>.<YYYY-MM>`, the USD spent by the workflows that key
 * created. Actors add each stage's cost as it is recorded (compare-and-set, so concurrent
 * stages add up); the gateway refuses new work, and stages refuse to start, once it reaches
 * the key's budget.
 */
import { type KV, Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { casCreate, casUpdate, readLatest } from "./kv-cas.ts";
import { encodeKeyToken } from "./llm/cache-keys.ts";
import { isCasConflict } from "./state.ts";
import { BUCKET_SPEND } from "./subjects.ts";

/** The key of a workflow's creator, as its state records it (name and cap at creation). */
export interface SpendOwner {
  name: string;
  monthlyBudgetUsd?: number;
}

/** `YYYY-MM` of an instant, UTC. */
export function spendMonth(at: number): string {
  return new Date(at).toISOString().slice(0, 7);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class SpendStore {
  constructor(
    readonly kv: KV,
    readonly now: () => number = Date.now,
  ) {}

  static async open(nc: NatsConnection): Promise<SpendStore> {
    return new SpendStore(await new Kvm(nc).open(BUCKET_SPEND));
  }

  #key(name: string): string {
    return `k.${encodeKeyToken(name)}.${spendMonth(this.now())}`;
  }

  /** USD spent by the key this month. */
  async spent(name: string): Promise<number> {
    const e = await this.kv.get(this.#key(name));
    if (e?.operation !== "PUT" || e.length === 0) return 0;
    return (JSON.parse(decoder.decode(e.value)) as { usd: number }).usd;
  }

  /** Adds to the key's spend this month; returns the new total. */
  async add(name: string, usd: number): Promise<number> {
    const key = this.#key(name);
    for (let i = 0; i < 20; i++) {
      // After a conflict, the leader's copy: a replica's may not have the write that won yet.
      const e = i === 0 ? await this.kv.get(key) : await readLatest(this.kv, key);
      const current =
        e?.operation === "PUT" && e.length > 0
          ? (JSON.parse(decoder.decode(e.value)) as { usd: number }).usd
          : 0;
      const next = Math.round((current + usd) * 1e6) / 1e6;
      const value = encoder.encode(JSON.stringify({ usd: next }));
      try {
        if (e?.operation === "PUT") await casUpdate(this.kv, key, value, e.revision);
        else await casCreate(this.kv, key, value);
        return next;
      } catch (err) {
        if (!isCasConflict(err)) throw err;
      }
    }
    throw new Error(`spend of ${name}: too many concurrent updates`);
  }
}
