/** Listing the keys of a KV bucket, each once. */
import type { KV } from "@nats-io/kv";

/**
 * The keys matching `filter`, sorted, each once. `kv.keys()` runs an ordered consumer to the
 * end of the bucket's stream, so a key written again while it runs is yielded twice (actors
 * re-announce every few seconds; workflows change at every stage).
 */
export async function uniqueKeys(kv: KV, filter: string): Promise<string[]> {
  const keys = new Set<string>();
  for await (const key of await kv.keys(filter)) keys.add(key);
  return [...keys].sort();
}
