/**
 * Watches what a KV bucket's stream stores, to catch a compare-and-set that did not hold:
 * two writes to one key stored on the same base revision (their
 * `Nats-Expected-Last-Subject-Sequence`). Exactly one of them may win; when both are stored,
 * the later one silently replaced the other — a lost update that the writer of the first
 * was told had succeeded. nats-server before 2.9.21 does that on replicated streams
 * (nats-io/nats-server#4320); seo-farm's writes guard against it (core/kv-cas.ts).
 *
 * It reads the stream through an ordered consumer from the moment it starts. A consumer that
 * fell behind during a failover can miss a write that a later one already replaced (the
 * buckets keep one revision per key), so it may miss a lost update but never reports one
 * that did not happen.
 */
import { type ConsumerMessages, DeliverPolicy, type JsMsg, jetstream } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";

export interface StoredWrite {
  /** Stream sequence: the revision this write got. */
  seq: number;
  /** The revision the writer based it on (absent: a plain put). */
  base?: number;
  /** The write's `Nats-Msg-Id`, if any. */
  msgId?: string;
  /** `status` of a JSON value, for reports. */
  status?: string;
}

export interface LostUpdate {
  key: string;
  base: number;
  /** Every write stored on that base, in stream order; all but one were lost. */
  writes: StoredWrite[];
}

export interface KvWriteLog extends AsyncDisposable {
  /** Writes seen so far. */
  count(): number;
  /** Keys with more than one write stored on the same base revision. */
  lostUpdates(): LostUpdate[];
  /** One line per lost update, for reports and assertion messages. */
  describe(): string[];
  stop(): Promise<void>;
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

/** Starts watching `bucket` (KV_<bucket>) from now on. */
export async function watchKvWrites(nc: NatsConnection, bucket: string): Promise<KvWriteLog> {
  const stream = `KV_${bucket}`;
  const prefix = `$KV.${bucket}.`;
  const byKey = new Map<string, StoredWrite[]>();
  let seen = 0;
  let last = 0;
  let stopped = false;
  let messages: ConsumerMessages | undefined;
  const js = jetstream(nc);
  const record = (m: JsMsg): void => {
    seen++;
    last = m.seq;
    const key = m.subject.startsWith(prefix) ? m.subject.slice(prefix.length) : m.subject;
    const base = m.headers?.get("Nats-Expected-Last-Subject-Sequence");
    const msgId = m.headers?.get("Nats-Msg-Id");
    const status = statusOf(m.data);
    const w: StoredWrite = {
      seq: m.seq,
      ...(base ? { base: Number(base) } : {}),
      ...(msgId ? { msgId } : {}),
      ...(status ? { status } : {}),
    };
    const list = byKey.get(key);
    if (list) list.push(w);
    else byKey.set(key, [w]);
  };
  const open = async (): Promise<ConsumerMessages> => {
    const consumer = await js.consumers.get(
      stream,
      last === 0
        ? { deliver_policy: DeliverPolicy.New }
        : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: last + 1 },
    );
    return await consumer.consume();
  };
  messages = await open();
  // A failover can end the consumer (its node died): open a new one after the last write seen.
  const done = (async () => {
    while (!stopped) {
      try {
        if (!messages) messages = await open();
        for await (const m of messages) record(m);
      } catch {
        // The stream is failing over: try again in a moment.
      }
      messages = undefined;
      if (!stopped) await new Promise((r) => setTimeout(r, 250));
    }
  })();

  const lostUpdates = (): LostUpdate[] => {
    const out: LostUpdate[] = [];
    for (const [key, writes] of byKey) {
      const onBase = new Map<number, StoredWrite[]>();
      for (const w of writes) {
        if (w.base === undefined) continue;
        const l = onBase.get(w.base);
        if (l) l.push(w);
        else onBase.set(w.base, [w]);
      }
      for (const [base, ws] of onBase) if (ws.length > 1) out.push({ key, base, writes: ws });
    }
    return out;
  };
  const stop = async (): Promise<void> => {
    stopped = true;
    messages?.stop();
    await done.catch(() => {});
  };
  return {
    count: () => seen,
    lostUpdates,
    describe: () =>
      lostUpdates().map(
        (l) =>
          `${l.key}: ${l.writes.length} writes stored on revision ${l.base}: ${l.writes
            .map((w) => `seq ${w.seq}${w.status ? ` (${w.status})` : ""}`)
            .join(", ")}`,
      ),
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
