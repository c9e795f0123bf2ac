/**
 * Putting backup records back through the ordinary JetStream API: KV puts, object puts and
 * stream publishes, in the backup's order. What a restore cannot keep — stream sequences,
 * store times, KV revisions — is listed in docs/backup.md; what depends on a sequence is
 * carried over: a queued submission whose workflow id came from its sequence keeps that id
 * (as its `Nats-Msg-Id`), and a queued submission's workflow state is pointed at the new
 * sequence, so intake resumes it instead of ignoring it as a duplicate.
 */
import type { JetStreamClient, PubAck } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { type MsgHdrs, type NatsConnection, headers as natsHeaders } from "@nats-io/nats-core";
import { Objm } from "@nats-io/obj";
import { BackupInvalidError } from "../errors.ts";
import type { HeaderMap, KvRecord, ObjectRecord, StreamRecord } from "./format.ts";

/** Publishes and puts kept in flight at once: the server applies them in the order sent. */
const WINDOW = 256;

/** Runs `send` for each item with up to WINDOW unfinished, in order; resolves when all are done. */
async function pipelined<T, R>(
  items: AsyncIterable<T>,
  send: (item: T) => Promise<R>,
  done?: (item: T, result: R) => Promise<void> | void,
): Promise<number> {
  const inFlight: Array<Promise<void>> = [];
  let n = 0;
  for await (const item of items) {
    inFlight.push(send(item).then((r) => done?.(item, r)));
    n++;
    if (inFlight.length >= WINDOW) await inFlight.shift();
  }
  await Promise.all(inFlight);
  return n;
}

export function mapToHeaders(map: HeaderMap | undefined, skip?: (name: string) => boolean) {
  const h = natsHeaders();
  let any = false;
  for (const [key, values] of Object.entries(map ?? {})) {
    if (skip?.(key)) continue;
    for (const v of values) {
      h.append(key, v);
      any = true;
    }
  }
  return any ? h : undefined;
}

/** Puts every key's value; a key that appears twice ends with its later value. */
export async function restoreBucket(
  nc: NatsConnection,
  bucket: string,
  records: AsyncIterable<KvRecord>,
): Promise<number> {
  const kv = await new Kvm(nc).open(bucket);
  return await pipelined(records, (r) => kv.put(r.key, r.value));
}

/** Puts every object with its metadata; a digest that comes out different is an error. */
export async function restoreObjects(
  nc: NatsConnection,
  store: string,
  records: AsyncIterable<ObjectRecord>,
): Promise<number> {
  const os = await new Objm(nc).open(store);
  let n = 0;
  for await (const r of records) {
    const headers = mapToHeaders(r.headers);
    const info = await os.putBlob(
      {
        name: r.name,
        ...(r.description ? { description: r.description } : {}),
        ...(headers ? { headers } : {}),
        ...(r.metadata ? { metadata: r.metadata } : {}),
      },
      r.data,
    );
    if (info.digest !== r.digest) {
      throw new BackupInvalidError(
        `object ${store}/${r.name}: its digest after the restore is ${info.digest}, the backup says ${r.digest}`,
      );
    }
    n++;
  }
  return n;
}

export interface StreamRestoreOptions {
  /**
   * Headers to add to a record's publish (e.g. the `Nats-Msg-Id` that keeps a submission's
   * workflow id); may return undefined.
   */
  extraHeaders?: (r: StreamRecord) => Record<string, string> | undefined;
  /** Called with each record's PubAck, in order (e.g. to re-point a state at the new sequence). */
  published?: (r: StreamRecord, ack: PubAck) => Promise<void> | void;
}

export interface StreamRestoreResult {
  published: number;
  /** Dropped by the stream's dedupe window (a `Nats-Msg-Id` it had already seen). */
  duplicates: number;
}

/**
 * Publishes every record to its subject with its headers, in the backup's order. Headers
 * that state expectations about the old stream (`Nats-Expected-*`) are left off;
 * `Nats-Msg-Id` stays, so running the same restore again within the stream's duplicate
 * window adds nothing twice.
 */
export async function restoreStream(
  js: JetStreamClient,
  records: AsyncIterable<StreamRecord>,
  opts: StreamRestoreOptions = {},
): Promise<StreamRestoreResult> {
  let duplicates = 0;
  const published = await pipelined(
    records,
    (r) => {
      const h: MsgHdrs | undefined = mapToHeaders(r.headers, (k) =>
        k.toLowerCase().startsWith("nats-expected-"),
      );
      const extra = opts.extraHeaders?.(r);
      const all = h ?? (extra ? natsHeaders() : undefined);
      for (const [k, v] of Object.entries(extra ?? {})) all!.set(k, v);
      return js.publish(r.subject, r.data, all ? { headers: all } : {});
    },
    async (r, ack) => {
      if (ack.duplicate) duplicates++;
      await opts.published?.(r, ack);
    },
  );
  return { published: published - duplicates, duplicates };
}
