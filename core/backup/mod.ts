/** Backup and restore of seo-farm's streams, KV buckets and object stores (docs/backup.md). */
export * from "./format.ts";
export * from "./plan.ts";
export * from "./read.ts";
export * from "./restore.ts";
