/**
 * Catches a compare-and-set that did not hold in a KV bucket: two writes to one key stored on
 * the same base revision (their `Nats-Expected-Last-Subject-Sequence`). Exactly one of them
 * may win; when both are stored, the later one silently replaced the other — a lost update
 * whose first writer was told it had succeeded. nats-server before 2.9.21 does that on
 * replicated streams (nats-io/nats-server#4320); seo-farm's writes guard against it
 * (core/kv-cas.ts).
 *
 * A bucket keeps one revision per key, so a replaced write is gone within milliseconds — too
 * soon for a watcher to see it reliably. `keepRevisions` makes the bucket keep every write of
 * a test run instead (a workflow writes its state about seven times), and `findLostUpdates`
 * reads them all back afterwards from the stream.
 */
import { jetstreamManager, type StoredMsg } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";

export interface StoredWrite {
  /** Stream sequence: the revision this write got. */
  seq: number;
  /** The revision the writer based it on (absent: a plain put). */
  base?: number;
  /** `status` of a JSON value, for reports. */
  status?: string;
}

export interface LostUpdate {
  key: string;
  base: number;
  /** Every write stored on that base, in stream order; all but the last were lost. */
  writes: StoredWrite[];
}

export interface WriteCheck {
  /** Writes the stream holds. */
  writes: number;
  lost: LostUpdate[];
}

const decoder = new TextDecoder();

function statusOf(data: Uint8Array): string | undefined {
  if (data.length === 0 || data[0] !== 0x7b) return undefined;
  try {
    const v = JSON.parse(decoder.decode(data)) as { status?: unknown };
    return typeof v.status === "string" ? v.status : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Makes `bucket` keep up to `revisions` writes per key (its stream's `max_msgs_per_subject`).
 * The topology setup leaves an existing bucket's history alone, so this holds for the run.
 */
export async function keepRevisions(
  nc: NatsConnection,
  bucket: string,
  revisions = 16,
): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const stream = `KV_${bucket}`;
  const info = await jsm.streams.info(stream);
  await jsm.streams.update(stream, { ...info.config, max_msgs_per_subject: revisions });
}

/**
 * Reads every write `bucket`'s stream holds and returns the keys with two on one base revision.
 * Message by message from the stream's leader (`STREAM.MSG.GET`), which works right after a
 * failover: a consumer would first need the meta leader to place it.
 */
export async function findLostUpdates(nc: NatsConnection, bucket: string): Promise<WriteCheck> {
  const stream = `KV_${bucket}`;
  const prefix = `$KV.${bucket}.`;
  const jsm = await jetstreamManager(nc);
  const { first_seq: first, last_seq: last } = (await jsm.streams.info(stream)).state;
  const byKey = new Map<string, StoredWrite[]>();
  let writes = 0;
  const read = async (seq: number): Promise<void> => {
    // A sequence the bucket does not hold (null) is skipped; a failing read is tried again,
    // never skipped, so nothing goes unread.
    let m: StoredMsg | null = null;
    for (let attempt = 1; ; attempt++) {
      try {
        m = await jsm.streams.getMessage(stream, { seq });
        break;
      } catch (err) {
        if (attempt >= 5) throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    if (!m) return;
    writes++;
    const key = m.subject.startsWith(prefix) ? m.subject.slice(prefix.length) : m.subject;
    const base = m.header.get("Nats-Expected-Last-Subject-Sequence");
    const status = statusOf(m.data);
    const w: StoredWrite = {
      seq: m.seq,
      ...(base ? { base: Number(base) } : {}),
      ...(status ? { status } : {}),
    };
    const list = byKey.get(key);
    if (list) list.push(w);
    else byKey.set(key, [w]);
  };
  for (let seq = Math.max(first, 1); seq <= last; seq += 20) {
    await Promise.all(
      Array.from({ length: Math.min(20, last - seq + 1) }, (_, i) => read(seq + i)),
    );
  }
  for (const list of byKey.values()) list.sort((a, b) => a.seq - b.seq);
  const lost: LostUpdate[] = [];
  for (const [key, list] of byKey) {
    const onBase = new Map<number, StoredWrite[]>();
    for (const w of list) {
      if (w.base === undefined) continue;
      const l = onBase.get(w.base);
      if (l) l.push(w);
      else onBase.set(w.base, [w]);
    }
    for (const [base, ws] of onBase) if (ws.length > 1) lost.push({ key, base, writes: ws });
  }
  return { writes, lost };
}

/** One line per lost update, for reports and assertion messages. */
export function describeLostUpdates(lost: LostUpdate[]): string[] {
  return lost.map(
    (l) =>
      `${l.key}: ${l.writes.length} writes stored on revision ${l.base}: ${l.writes
        .map((w) => `seq ${w.seq}${w.status ? ` (${w.status})` : ""}`)
        .join(", ")}`,
  );
}
