/**
 * Pipelines in KV `seo-pipelines`, so every host and the edge gateway see the same ones.
 * `version.<name>.<version>` holds an immutable resolved snapshot (prompts included);
 * `current.<name>` names the version new workflows start on.
 */
import { type KV, Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { UnknownPipelineError } from "./errors.ts";
import { uniqueKeys } from "./kv-keys.ts";
import type { PipelineSnapshot } from "./pipeline.ts";
import { BUCKET_PIPELINES } from "./subjects.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function versionKey(name: string, version: string): string {
  return `version.${name}.${version}`;
}
function currentKey(name: string): string {
  return `current.${name}`;
}

export class PipelineRegistry {
  /** Snapshots are immutable by version, so this cache never goes stale. */
  readonly #byVersion = new Map<string, PipelineSnapshot>();

  constructor(readonly kv: KV) {}

  static async open(nc: NatsConnection): Promise<PipelineRegistry> {
    return new PipelineRegistry(await new Kvm(nc).open(BUCKET_PIPELINES));
  }

  /** Stores a snapshot and makes it the current version of its pipeline. */
  async publish(snapshot: PipelineSnapshot): Promise<void> {
    const key = versionKey(snapshot.name, snapshot.version);
    if (!(await this.kv.get(key))) {
      await this.kv.put(key, encoder.encode(JSON.stringify(snapshot)));
    }
    const current = await this.kv.get(currentKey(snapshot.name));
    if (current?.string() !== snapshot.version) {
      await this.kv.put(currentKey(snapshot.name), encoder.encode(snapshot.version));
    }
    this.#byVersion.set(`${snapshot.name}@${snapshot.version}`, snapshot);
  }

  /** The snapshot new workflows of `name` start on. */
  async current(name: string): Promise<PipelineSnapshot> {
    const entry = await this.kv.get(currentKey(name));
    if (entry?.operation !== "PUT" || entry.length === 0) {
      throw new UnknownPipelineError(name);
    }
    return await this.get(name, entry.string());
  }

  /** A specific version; throws UnknownPipelineError when it was never published. */
  async get(name: string, version: string): Promise<PipelineSnapshot> {
    const cacheKey = `${name}@${version}`;
    const cached = this.#byVersion.get(cacheKey);
    if (cached) return cached;
    const entry = await this.kv.get(versionKey(name, version));
    if (entry?.operation !== "PUT" || entry.length === 0) {
      throw new UnknownPipelineError(name, version);
    }
    const snapshot = JSON.parse(decoder.decode(entry.value)) as PipelineSnapshot;
    this.#byVersion.set(cacheKey, snapshot);
    return snapshot;
  }

  /** Names of all pipelines with a current version. */
  async names(): Promise<string[]> {
    return (await uniqueKeys(this.kv, "current.*")).map((k) => k.slice("current.".length));
  }
}
