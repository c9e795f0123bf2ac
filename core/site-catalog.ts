/**
 * The site ids the intake actors know, in KV `seo-pipelines` under `sites`, so the gateway
 * can refuse a request naming an unknown `site` with a 400 instead of accepting it and
 * leaving intake to dead-letter it. Only the ids travel: the sites file holds publishing
 * credentials, which the gateway has no business reading.
 *
 * Each intake actor writes the ids of its own sites file (none: an empty list) when it
 * starts. Intake actors are meant to share one sites file; if they differ, the last one
 * started is what the gateway checks against, and intake still has the final word.
 */
import { type KV, Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { BUCKET_PIPELINES } from "./subjects.ts";

const KEY = "sites";
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface SiteCatalogEntry {
  /** The site ids of the sites file; empty when the intake actor has none. */
  ids: string[];
  /** When it was written (epoch ms). */
  at: number;
}

export class SiteCatalog {
  constructor(readonly kv: KV) {}

  static async open(nc: NatsConnection): Promise<SiteCatalog> {
    return new SiteCatalog(await new Kvm(nc).open(BUCKET_PIPELINES));
  }

  /** Records the ids an intake actor serves. */
  async publish(ids: readonly string[]): Promise<void> {
    const entry: SiteCatalogEntry = { ids: [...ids].sort(), at: Date.now() };
    await this.kv.put(KEY, encoder.encode(JSON.stringify(entry)));
  }

  /** The ids last recorded; null when no intake actor has said (older actors, none yet). */
  async read(): Promise<SiteCatalogEntry | null> {
    const e = await this.kv.get(KEY);
    if (!e || e.operation !== "PUT" || e.value.length === 0) return null;
    try {
      const v = JSON.parse(decoder.decode(e.value)) as Partial<SiteCatalogEntry>;
      if (!Array.isArray(v.ids) || !v.ids.every((x) => typeof x === "string")) return null;
      return { ids: v.ids, at: typeof v.at === "number" ? v.at : 0 };
    } catch {
      return null;
    }
  }
}
