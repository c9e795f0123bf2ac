/**
 * The LLM cache in KV `seo-llm-cache`, with single-flight across processes: of all the
 * callers that want the same missing key at the same time, in one process or many, one
 * computes and the others wait for its value.
 *
 * How: calls in one process share one flight per key (a map of pending promises). A flight
 * reads the key; on a miss it claims `sf.<key>` in `seo-leases` (a compare-and-set lease,
 * see leases.ts), computes while renewing the claim, stores the value, then releases the
 * claim. A flight that finds the key claimed watches the key (and polls, which also notices a
 * released or expired claim) until the value appears, or until the claim is free again — its
 * claimant failed or died — and then claims and computes itself (a takeover).
 *
 * Errors are never handed to another caller: a compute's error reaches only the call whose
 * compute it was. Everyone who was waiting carries on, and the next of them to claim the key
 * runs its own compute. So a call fails only with its own compute's error, its own abort
 * reason, or a NATS error, and a request that always fails is tried at most once per caller,
 * one at a time — never more often than without a cache.
 *
 * Values are stored as JSON (UTF-8) `{storedAt, value}`; the bucket's max age (1 h by
 * default) is their TTL. `undefined` is never stored.
 */
import { type KV, Kvm, type KvWatchEntry, KvWatchInclude } from "@nats-io/kv";
import type { NatsConnection, QueuedIterator } from "@nats-io/nats-core";
import { uniqueKeys } from "../kv-keys.ts";
import { type Lease, LeaseStore } from "../leases.ts";
import type { Logger } from "../log.ts";
import { BUCKET_LLM_CACHE } from "../subjects.ts";

export const DEFAULT_CLAIM_TTL_MS = 30_000;
export const DEFAULT_POLL_MS = 250;
export const DEFAULT_MAX_WAIT_MS = 300_000;
/** First token of single-flight claims in `seo-leases`. */
export const SINGLE_FLIGHT_LEASE_PREFIX = "sf";

/** What a cache entry holds. */
export interface CachedValue<T = unknown> {
  value: T;
  /** Epoch ms when it was stored. */
  storedAt: number;
}

/**
 * `use`: read, and on a miss compute once (single-flight) and store. `bypass`: compute,
 * neither read nor store. `refresh`: compute without reading (no single-flight), store.
 */
export type CacheMode = "use" | "bypass" | "refresh";

export interface SingleFlightOptions {
  /** How long a claim lives without renewal. @default 30_000 */
  claimTtlMs?: number;
  /** How often the claimant renews its claim. @default claimTtlMs / 3 */
  renewMs?: number;
  /** How often a waiter re-checks the value and the claim, besides watching the key. @default 250 */
  pollMs?: number;
  /**
   * Give up waiting for a live claimant after this long (from the call's start) and compute
   * without a claim. @default 300_000 (5 min)
   */
  maxWaitMs?: number;
  /** Rejects the call with the signal's reason; a computation already running goes on. */
  signal?: AbortSignal;
  /** @default "use" */
  mode?: CacheMode;
}

/** Single-flight options with every default filled in. */
export type ResolvedSingleFlightOptions = Required<Omit<SingleFlightOptions, "signal">> & {
  signal: AbortSignal | undefined;
};

/** The outcome of one `getOrCompute` call. */
export interface CacheResult<T> {
  value: T;
  /** Served without running this call's compute (stored, or computed by another caller). */
  hit: boolean;
  /** Time spent waiting for another caller's computation; 0 if it did not wait. */
  waitedMs: number;
  /** This call's compute produced the value. */
  computed: boolean;
}

/** Counters since the cache was created. */
export interface CacheStats {
  /** `use` calls served without running their compute. */
  hits: number;
  /** `use` calls not served as hits: they ran their compute, or failed. */
  misses: number;
  /** Computes run, in every mode, successful or not. */
  computed: number;
  /** Calls that waited for another caller's computation, in this process or another. */
  waits: number;
  /** Claims taken over from a claimant that stopped renewing. */
  takeovers: number;
  /** Computed values that could not be stored (returned to their caller all the same). */
  storeErrors: number;
}

export interface LlmCacheOptions {
  /** Owner name of this instance's claims; unique per process. @default crypto.randomUUID() */
  owner?: string;
  /** The clock of `storedAt`, waiting times and deadlines. @default Date.now */
  now?: () => number;
  /** Where store errors and lost claims are reported. @default none */
  logger?: Logger;
}

/** Validates once and fills in defaults; a bad value is a RangeError naming the field. */
export function parseSingleFlightOptions(
  opts: SingleFlightOptions = {},
): ResolvedSingleFlightOptions {
  const claimTtlMs = opts.claimTtlMs ?? DEFAULT_CLAIM_TTL_MS;
  const renewMs = opts.renewMs ?? Math.max(1, Math.floor(claimTtlMs / 3));
  const pollMs = opts.pollMs ?? DEFAULT_POLL_MS;
  const maxWaitMs = opts.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  const positive = { claimTtlMs, renewMs, pollMs };
  for (const [name, v] of Object.entries(positive)) {
    if (!Number.isFinite(v) || v <= 0) throw new RangeError(`${name} must be > 0 (got ${v})`);
  }
  if (renewMs >= claimTtlMs) {
    throw new RangeError(`renewMs must be < claimTtlMs (got ${renewMs} ≥ ${claimTtlMs})`);
  }
  if (!(maxWaitMs >= 0)) throw new RangeError(`maxWaitMs must be ≥ 0 (got ${maxWaitMs})`);
  return {
    claimTtlMs,
    renewMs,
    pollMs,
    maxWaitMs,
    signal: opts.signal,
    mode: opts.mode ?? "use",
  };
}

/** The `seo-leases` key that claims the computation of a cache key. */
export function singleFlightLeaseKey(cacheKey: string): string {
  return `${SINGLE_FLIGHT_LEASE_PREFIX}.${cacheKey}`;
}

const KEY_PATTERN = /^[-/_=a-zA-Z0-9]+(\.[-/_=a-zA-Z0-9]+)*$/;
const FILTER_PATTERN = /^([-/_=a-zA-Z0-9]+|\*)(\.([-/_=a-zA-Z0-9]+|\*))*(\.>)?$|^>$/;
const PURGE_BATCH = 100;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function checkKey(key: string): void {
  if (!KEY_PATTERN.test(key)) {
    throw new TypeError(`cache key must be dot-separated tokens of [-/_=a-zA-Z0-9] (got "${key}")`);
  }
}

/** One call's bookkeeping, shared by the flights it goes through. */
interface Call {
  start: number;
  waited: boolean;
}

/** The KV-backed LLM cache. One instance per process; safe for any number of concurrent calls. */
export class LlmCache {
  readonly #kv: KV;
  readonly #leases: LeaseStore;
  readonly #owner: string;
  readonly #now: () => number;
  readonly #logger: Logger | undefined;
  readonly #pending = new Map<string, Promise<CacheResult<unknown>>>();
  readonly #stats: CacheStats = {
    hits: 0,
    misses: 0,
    computed: 0,
    waits: 0,
    takeovers: 0,
    storeErrors: 0,
  };

  constructor(kv: KV, leases: LeaseStore, opts: LlmCacheOptions = {}) {
    this.#kv = kv;
    this.#leases = leases;
    this.#owner = opts.owner ?? crypto.randomUUID();
    this.#now = opts.now ?? Date.now;
    this.#logger = opts.logger;
  }

  /** Opens `seo-llm-cache` and `seo-leases` (created by `ensureTopology`). */
  static async open(nc: NatsConnection, opts: LlmCacheOptions = {}): Promise<LlmCache> {
    const kv = await new Kvm(nc).open(BUCKET_LLM_CACHE);
    const leases = await LeaseStore.open(nc, opts.now ? { now: opts.now } : {});
    return new LlmCache(kv, leases, opts);
  }

  /** The owner name this instance claims keys as. */
  get owner(): string {
    return this.#owner;
  }

  /** The stored value, or undefined if there is none (or it cannot be decoded). */
  async get<T>(key: string): Promise<T | undefined> {
    checkKey(key);
    return (await this.#read<T>(key))?.value;
  }

  /** Stores a value (JSON). Throws a TypeError for `undefined`, which JSON cannot hold. */
  async put<T>(key: string, value: T): Promise<void> {
    checkKey(key);
    if (value === undefined) throw new TypeError(`cannot cache undefined (key "${key}")`);
    const entry: CachedValue<T> = { storedAt: this.#now(), value };
    await this.#kv.put(key, encoder.encode(JSON.stringify(entry)));
  }

  /**
   * The cached value of `key`, or `compute`'s, computed once across every process (see the
   * file header for claims, takeovers and errors). Calls in this process that join a flight
   * already under way share its value; they wait under their own signal.
   */
  async getOrCompute<T>(
    key: string,
    compute: () => Promise<T>,
    opts: SingleFlightOptions = {},
  ): Promise<CacheResult<T>> {
    checkKey(key);
    const o = parseSingleFlightOptions(opts);
    o.signal?.throwIfAborted();
    const call: Call = { start: this.#now(), waited: false };
    if (o.mode !== "use") {
      const value = await this.#runCompute(compute);
      if (o.mode === "refresh") await this.#store(key, value);
      return { value, hit: false, waitedMs: 0, computed: true };
    }
    // Join this process's flight for the key, if there is one. If it fails, that was its
    // caller's error, not ours: look again, and start a flight of our own if none is left.
    for (let pending = this.#pending.get(key); pending; pending = this.#pending.get(key)) {
      if (!call.waited) {
        call.waited = true;
        this.#stats.waits++;
      }
      try {
        const shared = await abortable(pending, o.signal);
        this.#stats.hits++;
        return {
          value: shared.value as T,
          hit: true,
          waitedMs: this.#now() - call.start,
          computed: false,
        };
      } catch (err) {
        if (o.signal?.aborted) throw err;
      }
    }
    const flight = this.#flight(key, compute, o, call);
    this.#pending.set(key, flight);
    const settled = (): void => {
      if (this.#pending.get(key) === flight) this.#pending.delete(key);
    };
    flight.then(settled, settled);
    let result: CacheResult<T>;
    try {
      result = await abortable(flight, o.signal);
    } catch (err) {
      this.#stats.misses++;
      throw err;
    }
    if (result.hit) this.#stats.hits++;
    else this.#stats.misses++;
    return result;
  }

  /**
   * Purges every key matching a KV filter (`llm.openai.gpt-4o.>`, `out.*.*.<kwhash>.*`; see
   * `llmCacheFilter` and `stageMemoFilter`). Resolves to the number of keys purged.
   */
  async invalidate(filter: string): Promise<number> {
    if (!FILTER_PATTERN.test(filter)) {
      throw new TypeError(`invalid cache key filter "${filter}"`);
    }
    const keys = await uniqueKeys(this.#kv, filter);
    for (let i = 0; i < keys.length; i += PURGE_BATCH) {
      await Promise.all(keys.slice(i, i + PURGE_BATCH).map((k) => this.#kv.purge(k)));
    }
    return keys.length;
  }

  /** Counters since start, for metrics. */
  stats(): CacheStats {
    return { ...this.#stats };
  }

  async #read<T>(key: string): Promise<CachedValue<T> | null> {
    const entry = await this.#kv.get(key);
    if (entry?.operation !== "PUT" || entry.length === 0) return null;
    try {
      const parsed = JSON.parse(decoder.decode(entry.value)) as Partial<CachedValue<T>> | null;
      if (parsed === null || typeof parsed !== "object" || !("value" in parsed)) return null;
      return { value: parsed.value as T, storedAt: parsed.storedAt ?? 0 };
    } catch {
      return null; // not ours, or corrupt: a miss, and the next store replaces it
    }
  }

  /** Stores a computed value; a failure is logged and counted, never thrown. */
  async #store(key: string, value: unknown): Promise<void> {
    if (value === undefined) return;
    try {
      await this.put(key, value);
    } catch (err) {
      this.#stats.storeErrors++;
      this.#logger?.warn("llm cache: could not store a computed value", {
        key,
        error: String(err),
      });
    }
  }

  async #runCompute<T>(compute: () => Promise<T>): Promise<T> {
    this.#stats.computed++;
    return await compute();
  }

  /** One flight: read, claim or wait, until there is a value; see the file header. */
  async #flight<T>(
    key: string,
    compute: () => Promise<T>,
    o: ResolvedSingleFlightOptions,
    call: Call,
  ): Promise<CacheResult<T>> {
    const leaseKey = singleFlightLeaseKey(key);
    const deadline = call.start + o.maxWaitMs;
    let watch: ValueWatch | undefined;
    const waitedMs = (): number => (call.waited ? this.#now() - call.start : 0);
    try {
      for (;;) {
        o.signal?.throwIfAborted();
        const cached = await this.#read<T>(key);
        if (cached) {
          return { value: cached.value, hit: true, waitedMs: waitedMs(), computed: false };
        }
        const lease = await this.#leases.tryAcquire(leaseKey, this.#owner, o.claimTtlMs);
        if (lease) {
          watch?.stop();
          watch = undefined;
          if (lease.previousOwner !== undefined) this.#stats.takeovers++;
          return await this.#computeClaimed(key, lease, compute, o, waitedMs());
        }
        if (this.#now() >= deadline) {
          // The claimant is alive but slower than we may wait: compute without a claim.
          const started = waitedMs();
          const value = await this.#runCompute(compute);
          await this.#store(key, value);
          return { value, hit: false, waitedMs: started, computed: true };
        }
        if (!watch) {
          // Watch first, then look again, so a value stored in between is not missed.
          watch = await ValueWatch.start(this.#kv, key);
          if (!call.waited) {
            call.waited = true;
            this.#stats.waits++;
          }
          continue;
        }
        await watch.changed(Math.min(o.pollMs, deadline - this.#now()), o.signal);
      }
    } finally {
      watch?.stop();
    }
  }

  /** Computes under a claim, renewing it, then stores and releases. */
  async #computeClaimed<T>(
    key: string,
    lease: Lease,
    compute: () => Promise<T>,
    o: ResolvedSingleFlightOptions,
    waitedMs: number,
  ): Promise<CacheResult<T>> {
    const renewal = this.#leases.keepRenewed(lease, {
      ttlMs: o.claimTtlMs,
      renewMs: o.renewMs,
      onLost: () => this.#logger?.warn("llm cache: lost a single-flight claim", { key }),
    });
    try {
      // A claimant before us may have stored the value and died before releasing.
      const cached = await this.#read<T>(key);
      if (cached) return { value: cached.value, hit: true, waitedMs, computed: false };
      const value = await this.#runCompute(compute);
      // Store before releasing: a waiter that sees the claim gone must find the value.
      await this.#store(key, value);
      return { value, hit: false, waitedMs, computed: true };
    } finally {
      const held = await renewal.stop();
      // A failed release only leaves the claim to expire; waiters then take over.
      if (held) await this.#leases.release(held).catch(() => {});
    }
  }
}

/** Wakes a waiter when a key is written, or after a poll interval. */
class ValueWatch {
  #wake: (() => void) | undefined;
  #written = false;

  private constructor(readonly iter: QueuedIterator<KvWatchEntry>) {
    (async () => {
      for await (const e of iter) {
        if (e.operation !== "PUT") continue;
        this.#written = true;
        this.#wake?.();
      }
    })().catch(() => {});
  }

  static async start(kv: KV, key: string): Promise<ValueWatch> {
    return new ValueWatch(await kv.watch({ key, include: KvWatchInclude.UpdatesOnly }));
  }

  /** Resolves when the key was written, or after `ms`; rejects when the signal aborts. */
  changed(ms: number, signal: AbortSignal | undefined): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const woken = new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#wake = undefined;
        this.#written = false;
        resolve();
      };
      timer = setTimeout(done, Math.max(0, ms));
      if (this.#written) done();
      else this.#wake = done;
    });
    return abortable(woken, signal);
  }

  stop(): void {
    this.iter.stop();
  }
}

/** `p`, or the signal's reason if it aborts first. */
function abortable<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  let onAbort = (): void => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  return Promise.race([p, aborted]).finally(() => signal.removeEventListener("abort", onAbort));
}
