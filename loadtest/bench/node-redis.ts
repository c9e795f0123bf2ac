/**
 * Redis for the BullMQ peer benchmark: a reachability probe (so a missing Redis is one clear
 * line, not a hang), the workflow state store the peer pipeline writes into, and cleanup of
 * everything a run left under its prefix.
 *
 * The state store mirrors `core/state.ts` on Redis: the workflow's JSON and a revision in one
 * hash, every write a compare-and-set on the revision in a Lua script (the KV bucket's
 * `update(key, value, revision)`), retried on conflict with a fresh read.
 */
import { Redis } from "ioredis";
import type { WorkflowState } from "../../core/state.ts";

export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

/** Connects without retries; resolves to the client, or to the error's message. */
export async function probeRedis(url: string, timeoutMs = 2_000): Promise<Redis | string> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // Without a listener ioredis prints connection errors itself.
  redis.on("error", () => {});
  try {
    await redis.connect();
    await redis.ping();
    return redis;
  } catch (err) {
    redis.disconnect();
    return err instanceof Error ? err.message : String(err);
  }
}

/** A client for benchmark traffic: BullMQ needs `maxRetriesPerRequest: null` on workers. */
export function benchRedis(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  redis.on("error", () => {});
  return redis;
}

/** Deletes every key under `prefix:` (SCAN + UNLINK, so a shared Redis is left as it was). */
export async function deleteByPrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = "0";
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== "0");
  return deleted;
}

const CREATE = `if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'rev', 1, 'json', ARGV[1])
return 1`;
const CAS = `if redis.call('HGET', KEYS[1], 'rev') ~= ARGV[1] then return 0 end
local rev = tonumber(ARGV[1]) + 1
redis.call('HSET', KEYS[1], 'rev', rev, 'json', ARGV[2])
return rev`;
const MAX_CAS_ATTEMPTS = 20;

export interface RedisVersionedState {
  state: WorkflowState;
  revision: number;
}

/** The scripts as ioredis commands: EVALSHA, with EVAL only when the script is not loaded. */
interface StateScripts {
  seoBenchCreate(key: string, json: string): Promise<number>;
  seoBenchCas(key: string, revision: string, json: string): Promise<number>;
}

/** Workflow state in Redis hashes `<prefix>:wf:<id>`, written with a Lua compare-and-set. */
export class RedisWorkflowStore {
  readonly #scripts: StateScripts;

  constructor(
    readonly redis: Redis,
    readonly prefix: string,
  ) {
    redis.defineCommand("seoBenchCreate", { numberOfKeys: 1, lua: CREATE });
    redis.defineCommand("seoBenchCas", { numberOfKeys: 1, lua: CAS });
    this.#scripts = redis as unknown as StateScripts;
  }

  key(id: string): string {
    return `${this.prefix}:wf:${id}`;
  }

  async get(id: string): Promise<RedisVersionedState | null> {
    const [rev, json] = await this.redis.hmget(this.key(id), "rev", "json");
    if (rev == null || json == null) return null;
    return { state: JSON.parse(json) as WorkflowState, revision: Number(rev) };
  }

  /** Creates the state; false when a workflow with that id exists. */
  async create(state: WorkflowState): Promise<boolean> {
    return (await this.#scripts.seoBenchCreate(this.key(state.id), JSON.stringify(state))) === 1;
  }

  /** Read-modify-write with compare-and-set on the revision, like `WorkflowStore.update`. */
  async update(
    id: string,
    mutate: (s: WorkflowState) => WorkflowState | null,
    known?: RedisVersionedState,
  ): Promise<{ state: WorkflowState; written: boolean } | null> {
    for (let i = 0; i < MAX_CAS_ATTEMPTS; i++) {
      const current = i === 0 && known ? known : await this.get(id);
      if (!current) return null;
      const next = mutate(structuredClone(current.state));
      if (next === null) return { state: current.state, written: false };
      next.updatedAt = Date.now();
      const rev = await this.#scripts.seoBenchCas(
        this.key(id),
        String(current.revision),
        JSON.stringify(next),
      );
      if (rev !== 0) return { state: next, written: true };
    }
    throw new Error(`workflow ${id}: gave up after ${MAX_CAS_ATTEMPTS} conflicting writes`);
  }
}
