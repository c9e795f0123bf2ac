/**
 * What a backup holds and in which order it is read and restored. The orders matter while
 * actors run: a stage publishes the next stage's message before it records itself in the
 * workflow state, so workflow states read *before* the work queue never say a stage is done
 * whose next message the queue read missed (see read order below and docs/backup.md).
 */
import {
  BUCKET_ACTORS,
  BUCKET_BATCHES,
  BUCKET_LEASES,
  BUCKET_LLM_CACHE,
  BUCKET_PIPELINES,
  BUCKET_SPEND,
  BUCKET_WORKFLOWS,
  OBJECT_STORE_ARTIFACTS,
  OBJECT_STORE_RESULTS,
  STREAM_ADVISORIES,
  STREAM_DLQ,
  STREAM_EVENTS,
  STREAM_STAGES,
} from "../subjects.ts";
import type { SectionKind } from "./format.ts";

export interface PlannedSection {
  kind: SectionKind;
  name: string;
}

/**
 * Read order: workflow states first, then the work queue, then everything else; objects
 * last (an article is stored before its workflow says completed, so a completed state read
 * earlier always finds its article).
 */
export const BACKUP_ORDER: readonly PlannedSection[] = [
  { kind: "kv", name: BUCKET_WORKFLOWS },
  { kind: "stream", name: STREAM_STAGES },
  { kind: "kv", name: BUCKET_PIPELINES },
  { kind: "kv", name: BUCKET_BATCHES },
  { kind: "kv", name: BUCKET_SPEND },
  { kind: "kv", name: BUCKET_LLM_CACHE },
  { kind: "stream", name: STREAM_DLQ },
  { kind: "stream", name: STREAM_EVENTS },
  { kind: "objects", name: OBJECT_STORE_RESULTS },
  { kind: "objects", name: OBJECT_STORE_ARTIFACTS },
];

/**
 * Restore order: pipelines and states before the work that needs them; the work queue last,
 * so an actor already running picks up each stage message with its workflow in place.
 */
export const RESTORE_ORDER: readonly PlannedSection[] = [
  { kind: "kv", name: BUCKET_PIPELINES },
  { kind: "kv", name: BUCKET_WORKFLOWS },
  { kind: "kv", name: BUCKET_BATCHES },
  { kind: "kv", name: BUCKET_SPEND },
  { kind: "kv", name: BUCKET_LLM_CACHE },
  { kind: "objects", name: OBJECT_STORE_RESULTS },
  { kind: "objects", name: OBJECT_STORE_ARTIFACTS },
  { kind: "stream", name: STREAM_DLQ },
  { kind: "stream", name: STREAM_EVENTS },
  { kind: "stream", name: STREAM_STAGES },
];

/** Never backed up, with the reason the manifest records. */
export const LEFT_OUT: ReadonlyArray<{ name: string; why: string }> = [
  {
    name: `KV ${BUCKET_ACTORS}`,
    why: "live actor announcements, gone within seconds; the actors of the restored system announce themselves",
  },
  {
    name: `KV ${BUCKET_LEASES}`,
    why: "the supervisor's leader lease and single-flight claims of the moment; restored, they would hold back the new system until they expired",
  },
  {
    name: STREAM_ADVISORIES,
    why: "max-deliveries advisories point at SEO_STAGES sequences, which a restore renumbers; a message they were about is restored and tried again",
  },
];

/** The stream behind a section (KV_<bucket>, OBJ_<store>, or the stream itself). */
export function streamOf(s: PlannedSection): string {
  return s.kind === "kv" ? `KV_${s.name}` : s.kind === "objects" ? `OBJ_${s.name}` : s.name;
}

/** The KV buckets a restore may add to even when they hold data: every process publishes the pipelines at start. */
export const MERGEABLE: ReadonlySet<string> = new Set([BUCKET_PIPELINES]);

/**
 * Parses `--skip` (comma-separated names from BACKUP_ORDER).
 * @throws TypeError naming an unknown name and listing the known ones.
 */
export function parseSkip(raw: string | undefined): Set<string> {
  const names = (raw ?? "")
    .split(",")
    .map((n) => n.trim())
    .filter(Boolean);
  const known = BACKUP_ORDER.map((s) => s.name);
  for (const n of names) {
    if (!known.includes(n)) {
      throw new TypeError(`--skip: no section called "${n}" (sections: ${known.join(", ")})`);
    }
  }
  return new Set(names);
}
