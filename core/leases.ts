/**
 * Compare-and-set leases in KV `seo-leases`: the supervisor's leader lease and the LLM
 * cache's single-flight claims. nats-server 2.9 has no per-key TTL, so a lease is a record
 * `{owner, expiresAt}` and every change to it is a compare-and-set on the key's revision:
 * of many processes racing for the same key, exactly one write lands (core/kv-cas.ts makes
 * that hold on a replicated bucket too).
 *
 * Clocks: `expiresAt` is stamped with the writer's clock and judged by the reader's. This
 * assumes the hosts' clocks agree to well within a lease's ttl (NTP keeps them within
 * milliseconds); a reader whose clock runs δ ahead sees a lease expire δ early. Choose ttls
 * of seconds or more, never near the skew you can tolerate.
 */
import { type KV, Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { casCreate, casDelete, casUpdate, readLatest } from "./kv-cas.ts";
import { isCasConflict } from "./state.ts";
import { BUCKET_LEASES } from "./subjects.ts";

/** A lease as its holder knows it; `revision` is what the next renew or release must match. */
export interface Lease {
  key: string;
  owner: string;
  /** Epoch ms (the writer's clock) after which anyone may take the lease over. */
  expiresAt: number;
  /** KV revision of the record this lease was written as. */
  revision: number;
  /** Set when acquiring took over an expired lease: the owner that stopped renewing it. */
  previousOwner?: string;
}

/** Who holds a lease now. */
export interface LeaseHolder {
  owner: string;
  expiresAt: number;
}

export interface LeaseStoreOptions {
  /** The clock that stamps and judges expiry (tests inject one). @default Date.now */
  now?: () => number;
}

export interface KeepRenewedOptions {
  /** The ttl each renewal sets. */
  ttlMs: number;
  /** How often to renew; well under `ttlMs`. @default ttlMs / 3 */
  renewMs?: number;
  /** Called once if the lease turns out to be someone else's. @default none */
  onLost?: () => void;
}

/** A lease being kept alive by `LeaseStore.keepRenewed`. */
export interface LeaseKeeper {
  /** The lease as last renewed; null once lost. */
  readonly current: Lease | null;
  /** Stops renewing; resolves to the lease if it is still ours (to release it), else null. */
  stop(): Promise<Lease | null>;
}

/** What the KV value holds. */
interface LeaseRecord {
  owner: string;
  expiresAt: number;
}

/** KV keys: the bucket's alphabet, no empty tokens, no wildcards. */
const LEASE_KEY_PATTERN = /^[-/_=a-zA-Z0-9]+(\.[-/_=a-zA-Z0-9]+)*$/;
/** Conflicts before tryAcquire gives up; each one means another process wrote meanwhile. */
const MAX_ACQUIRE_ATTEMPTS = 3;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function checkKey(key: string): void {
  if (!LEASE_KEY_PATTERN.test(key)) {
    throw new TypeError(`lease key must be dot-separated tokens of [-/_=a-zA-Z0-9] (got "${key}")`);
  }
}

function checkTtl(ttlMs: number): void {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`lease ttlMs must be a positive number (got ${ttlMs})`);
  }
}

function encode(record: LeaseRecord): Uint8Array {
  return encoder.encode(JSON.stringify(record));
}

/** The record in a KV value, or null for anything else (treated as a free lease). */
function decode(value: Uint8Array): LeaseRecord | null {
  try {
    const r = JSON.parse(decoder.decode(value)) as Partial<LeaseRecord> | null;
    return typeof r?.owner === "string" && typeof r.expiresAt === "number"
      ? { owner: r.owner, expiresAt: r.expiresAt }
      : null;
  } catch {
    return null;
  }
}

/** Acquires, renews and releases leases with compare-and-set. Safe to share in a process. */
export class LeaseStore {
  readonly #kv: KV;
  readonly #now: () => number;

  constructor(kv: KV, opts: LeaseStoreOptions = {}) {
    this.#kv = kv;
    this.#now = opts.now ?? Date.now;
  }

  /** Opens `seo-leases` (created by `ensureTopology`). */
  static async open(nc: NatsConnection, opts: LeaseStoreOptions = {}): Promise<LeaseStore> {
    return new LeaseStore(await new Kvm(nc).open(BUCKET_LEASES), opts);
  }

  /**
   * Takes the lease if it is free or expired; null if anyone (`owner` included: leases are
   * not re-entrant, use `renew`) holds a live one. Of concurrent callers, at most one wins.
   */
  async tryAcquire(key: string, owner: string, ttlMs: number): Promise<Lease | null> {
    checkKey(key);
    checkTtl(ttlMs);
    for (let i = 0; i < MAX_ACQUIRE_ATTEMPTS; i++) {
      // After a conflict, the leader's copy: a replica's may not have the write that won yet.
      const entry = i === 0 ? await this.#kv.get(key) : await readLatest(this.#kv, key);
      const now = this.#now();
      const current = entry?.operation === "PUT" ? decode(entry.value) : null;
      if (current && current.expiresAt > now) return null;
      const record = { owner, expiresAt: now + ttlMs };
      try {
        // A released key holds a delete marker: update it on its revision, as for an expired one.
        const revision = entry
          ? await casUpdate(this.#kv, key, encode(record), entry.revision)
          : await casCreate(this.#kv, key, encode(record));
        const lease: Lease = { key, ...record, revision };
        if (current) lease.previousOwner = current.owner;
        return lease;
      } catch (err) {
        // Someone else wrote first: read again, it is most likely their live lease now.
        if (!isCasConflict(err)) throw err;
      }
    }
    return null;
  }

  /**
   * Extends a lease we hold to `ttlMs` from now. Null if it is no longer ours (released, or
   * taken over after it expired). A lease that expired but that nobody took over is renewed.
   */
  async renew(lease: Lease, ttlMs: number): Promise<Lease | null> {
    checkTtl(ttlMs);
    const record = { owner: lease.owner, expiresAt: this.#now() + ttlMs };
    try {
      const revision = await casUpdate(this.#kv, lease.key, encode(record), lease.revision);
      return { key: lease.key, ...record, revision };
    } catch (err) {
      if (isCasConflict(err)) return null;
      throw err;
    }
  }

  /** Gives the lease up, only if it is still ours (a no-op if someone took it over). */
  async release(lease: Lease): Promise<void> {
    try {
      await casDelete(this.#kv, lease.key, lease.revision);
    } catch (err) {
      if (!isCasConflict(err)) throw err;
    }
  }

  /**
   * Renews `lease` every `renewMs` until stopped. A renewal that fails on a NATS error is tried
   * again at the next tick (the lease may expire meanwhile: if nobody took it over, the next
   * renewal still succeeds); one that finds the lease taken over stops and calls `onLost`.
   */
  keepRenewed(lease: Lease, opts: KeepRenewedOptions): LeaseKeeper {
    checkTtl(opts.ttlMs);
    const renewMs = opts.renewMs ?? Math.max(1, Math.floor(opts.ttlMs / 3));
    if (!(renewMs > 0 && renewMs < opts.ttlMs)) {
      throw new RangeError(`renewMs must be > 0 and < ttlMs (got ${renewMs}, ttlMs ${opts.ttlMs})`);
    }
    let current: Lease | null = lease;
    let stopped = false;
    let inFlight: Promise<void> = Promise.resolve();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = (): void => {
      inFlight = (async () => {
        try {
          if (current) current = await this.renew(current, opts.ttlMs);
          if (!current) opts.onLost?.();
        } catch {
          // NATS trouble: keep the lease we know and try again at the next tick.
        }
        if (!stopped && current) timer = setTimeout(tick, renewMs);
      })();
    };
    timer = setTimeout(tick, renewMs);
    return {
      get current() {
        return current;
      },
      stop: async () => {
        stopped = true;
        clearTimeout(timer);
        await inFlight;
        return current;
      },
    };
  }

  /** The current holder, or null if the lease is free or expired. */
  async holder(key: string): Promise<LeaseHolder | null> {
    checkKey(key);
    const entry = await this.#kv.get(key);
    const current = entry?.operation === "PUT" ? decode(entry.value) : null;
    return current && current.expiresAt > this.#now() ? current : null;
  }
}
