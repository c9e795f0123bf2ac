/**
 * Actor announcements in KV `seo-actors`: each actor process writes what it serves, its pid,
 * host, memory and in-flight count every few seconds; the bucket's short age bound makes a
 * dead one vanish. The supervisor, `seo-farm ps` and (later) Prometheus discovery read it.
 */
import { type KV, Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { uniqueKeys } from "./kv-keys.ts";
import { encodeKeyToken } from "./llm/cache-keys.ts";
import { BUCKET_ACTORS } from "./subjects.ts";

export interface ActorAnnouncement {
  id: string;
  stages: string[];
  host?: string;
  pid?: number;
  /** The runtime it runs on: `node` or `deno`. */
  runtime?: string;
  rssMb?: number;
  metricsPort?: number;
  /** `host:port` of its `/metrics`, as Prometheus should scrape it. */
  metricsTarget?: string;
  inFlight: number;
  startedAt: number;
  updatedAt: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function actorKey(id: string): string {
  return `a.${encodeKeyToken(id)}`;
}

export class ActorsRegistry {
  constructor(readonly kv: KV) {}

  static async open(nc: NatsConnection): Promise<ActorsRegistry> {
    return new ActorsRegistry(await new Kvm(nc).open(BUCKET_ACTORS));
  }

  async announce(a: ActorAnnouncement): Promise<void> {
    await this.kv.put(actorKey(a.id), encoder.encode(JSON.stringify(a)));
  }

  async remove(id: string): Promise<void> {
    await this.kv.delete(actorKey(id));
  }

  /** Every live announcement (newer than `maxAgeMs`, if given). */
  async list(maxAgeMs?: number, now = Date.now()): Promise<ActorAnnouncement[]> {
    const out: ActorAnnouncement[] = [];
    for (const key of await uniqueKeys(this.kv, "a.>")) {
      const e = await this.kv.get(key);
      if (e?.operation !== "PUT" || e.length === 0) continue;
      const a = JSON.parse(decoder.decode(e.value)) as ActorAnnouncement;
      if (maxAgeMs === undefined || now - a.updatedAt <= maxAgeMs) out.push(a);
    }
    return out.sort((x, y) => x.startedAt - y.startedAt);
  }
}

/** Actor counts per stage from announcements. */
export function countByStage(actors: ActorAnnouncement[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of actors) for (const s of a.stages) counts[s] = (counts[s] ?? 0) + 1;
  return counts;
}
