/**
 * Compare-and-set writes to a KV bucket that hold on a replicated bucket too.
 *
 * A KV update is a publish with `Nats-Expected-Last-Subject-Sequence: <revision>`. On a
 * replicated stream, nats-server before 2.9.21 checks that header only on the leader, before
 * it proposes the write, against what it has applied so far — and not again when the write is
 * applied (nats-io/nats-server#4320, fixed by #4319 in 2.9.21). Two writers that read the same
 * revision and write within the moment before the first write is applied are both told they
 * won, and the later write silently replaces the earlier one. On 2.9.10 with an R3 bucket,
 * two concurrent updates on one revision both won in 191 of 300 tries. That is how a
 * completed workflow came to read `running`: the last stage's "completed" write and the
 * previous stage's own record, both based on the same revision, were both accepted, and the
 * record landed second (docs/reliability.md).
 *
 * The guard: each write also carries `Nats-Msg-Id: <key>@<revision>`. Two writes based on
 * one revision carry the same id, and the stream's duplicate check runs where the write is
 * applied, in log order, on every replica: the second one is dropped as a duplicate, which is
 * a conflict here (`KvRevisionConflictError`). Past the stream's duplicate window (2 minutes
 * for a bucket without a shorter TTL) the first write has long been applied and the revision
 * check holds on its own.
 *
 * Every write is guarded, whatever the bucket's replicas: they can be raised while processes
 * run (`seo-farm setup` with NATS_REPLICAS=3), and a writer that still took the bucket for
 * one replica lost an update in the R1 → R3 test when the guard depended on it. On one
 * replica the id costs an entry in the stream's duplicate map and changes nothing else.
 *
 * After a conflict, callers re-read with `readLatest`, which asks the stream's leader (a
 * direct get may be answered by any replica, including one that has not applied the winning
 * write yet, and would only lead to another conflict).
 */
import { JetStreamApiCodes, JetStreamApiError } from "@nats-io/jetstream";
import { Bucket, type KV, type KvEntry } from "@nats-io/kv";
import { headers } from "@nats-io/nats-core";
import { SeoFarmError } from "./errors.ts";

/** A compare-and-set write that lost: the key is no longer at the revision it was based on. */
export class KvRevisionConflictError extends SeoFarmError {
  constructor(
    readonly key: string,
    readonly revision: number,
    why: string,
  ) {
    super("CONFLICT", `${key}: not at revision ${revision} any more (${why})`, {
      retryable: true,
    });
  }
}

/** JetStream's "wrong last sequence" error codes (the key is not at the expected revision). */
const WRONG_LAST_SEQUENCE: ReadonlySet<number> = new Set([
  JetStreamApiCodes.StreamWrongLastSequence,
  JetStreamApiCodes.StreamWrongLastSequenceUnknown,
]);

/**
 * Writes `value` to `key` if its last revision is `revision`; returns the new revision.
 * Throws `KvRevisionConflictError` if another write came first (a server's "wrong last
 * sequence" answer passes through as the JetStream error it is; `isCasConflict` knows both).
 */
export async function casUpdate(
  kv: KV,
  key: string,
  value: Uint8Array,
  revision: number,
): Promise<number> {
  if (!(kv instanceof Bucket)) return await kv.update(key, value, revision);
  return await guardedPublish(kv, key, value, revision, undefined);
}

/**
 * Writes a delete marker on `key` if its last revision is `revision` (a lease released only
 * while it is still ours). Conflicts as `casUpdate`.
 */
export async function casDelete(kv: KV, key: string, revision: number): Promise<void> {
  if (!(kv instanceof Bucket)) {
    await kv.delete(key, { previousSeq: revision });
    return;
  }
  await guardedPublish(kv, key, new Uint8Array(0), revision, "DEL");
}

/**
 * Creates `key` if it has never been written or its last entry is a delete marker. A create
 * on a fresh key (expected revision 0) is checked where it is applied on every server
 * version; one over a delete marker is an update of the marker's revision, so it is guarded.
 */
export async function casCreate(kv: KV, key: string, value: Uint8Array): Promise<number> {
  if (!(kv instanceof Bucket)) return await kv.create(key, value);
  try {
    // Not kv.create: over a delete marker it falls back to an unguarded update.
    return await kv.put(key, value, { previousSeq: 0 });
  } catch (err) {
    if (!(err instanceof JetStreamApiError) || !WRONG_LAST_SEQUENCE.has(err.code)) throw err;
    const latest = await readLatest(kv, key);
    if (!latest || latest.operation === "PUT") throw err;
    return await guardedPublish(kv, key, value, latest.revision, undefined);
  }
}

/**
 * The key's latest entry as the stream's leader has it (`STREAM.MSG.GET`), not as the nearest
 * replica does: the read to make after a conflict. Null if the key was never written.
 */
export async function readLatest(kv: KV, key: string): Promise<KvEntry | null> {
  // A bucket bound with `Kvm.open` reads this way too (its gets are not direct); one opened
  // with `allow_direct` would otherwise be answered by any replica.
  if (!(kv instanceof Bucket)) return await kv.get(key);
  const ek = kv.encodeKey(key);
  kv.validateKey(ek);
  const sm = await kv.jsm.streams.getMessage(kv.bucketName(), {
    last_by_subj: kv.subjectForKey(ek),
  });
  return sm ? kv.smToEntry(sm) : null;
}

async function guardedPublish(
  kv: Bucket,
  key: string,
  value: Uint8Array,
  revision: number,
  operation: "DEL" | undefined,
): Promise<number> {
  const ek = kv.encodeKey(key);
  kv.validateKey(ek);
  const h = headers();
  if (operation) h.set("KV-Operation", operation);
  const pa = await kv.js.publish(kv.subjectForKey(ek, true), value, {
    headers: h,
    expect: { lastSubjectSequence: revision },
    msgID: `${ek}@${revision}`,
  });
  if (pa.duplicate) {
    throw new KvRevisionConflictError(key, revision, `revision ${pa.seq} was written on it first`);
  }
  return pa.seq;
}
