/** Workflow artifacts as JSON objects in the `seo-artifacts` object store. */
import type { ObjectStore } from "@nats-io/obj";
import type { ArtifactStore } from "./types.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function objectArtifacts(store: ObjectStore): ArtifactStore {
  return {
    async put(name, value) {
      await store.putBlob({ name }, encoder.encode(JSON.stringify(value)));
    },
    async get<T>(name: string): Promise<T | undefined> {
      const bytes = await store.getBlob(name);
      return bytes ? (JSON.parse(decoder.decode(bytes)) as T) : undefined;
    },
  };
}
