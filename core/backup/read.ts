/**
 * Reading seo-farm's streams, KV buckets and object stores as backup records, through the
 * ordinary JetStream API (nats.js has no stream snapshot API; docs/backup.md says why this
 * is the better fit anyway). Each reader is an async generator, so a large stream goes to
 * its file message by message instead of through memory.
 */
import {
  DeliverPolicy,
  type JetStreamManager,
  jetstream,
  RetentionPolicy,
  type StreamInfo,
} from "@nats-io/jetstream";
import type { MsgHdrs, NatsConnection } from "@nats-io/nats-core";
import { Objm } from "@nats-io/obj";
import type { HeaderMap, KvRecord, ObjectRecord, StreamRecord } from "./format.ts";

export function headersToMap(h: MsgHdrs | undefined): HeaderMap | undefined {
  if (!h) return undefined;
  const out: HeaderMap = {};
  for (const key of h.keys()) out[key] = h.values(key);
  return Object.keys(out).length ? out : undefined;
}

/** The stream's info, or undefined when it does not exist. */
export async function streamInfoOrNone(
  jsm: JetStreamManager,
  name: string,
): Promise<StreamInfo | undefined> {
  try {
    return await jsm.streams.info(name);
  } catch (err) {
    if (/stream not found/i.test(String((err as Error)?.message))) return undefined;
    throw err;
  }
}

/**
 * Every message of a stream, oldest first, up to the last one stored when the read began.
 * A work-queue stream (SEO_STAGES) takes no extra consumer beside its durable ones, so it is
 * read message by message (`next_by_subj`, which skips the gaps acks leave); any other with
 * an ordered consumer, which leaves no state on the server.
 */
export async function* readStream(
  nc: NatsConnection,
  jsm: JetStreamManager,
  info: StreamInfo,
): AsyncGenerator<StreamRecord> {
  const name = info.config.name;
  const last = info.state.last_seq;
  if (info.state.messages === 0) return;
  if (info.config.retention === RetentionPolicy.Workqueue) {
    let seq = info.state.first_seq;
    while (seq <= last) {
      // `next_by_subj` is a server feature nats.js does not type for this call.
      const m = await jsm.streams.getMessage(name, { seq, next_by_subj: ">" } as unknown as {
        seq: number;
      });
      if (!m || m.seq > last) return;
      const headers = headersToMap(m.header);
      yield {
        seq: m.seq,
        time: m.time.toISOString(),
        subject: m.subject,
        ...(headers ? { headers } : {}),
        data: m.data,
      };
      seq = m.seq + 1;
    }
    return;
  }
  const consumer = await jetstream(nc).consumers.get(name, {
    deliver_policy: DeliverPolicy.All,
  });
  for (;;) {
    const batch = await consumer.fetch({ max_messages: 512, expires: 2_000 });
    let got = 0;
    for await (const m of batch) {
      got++;
      if (m.seq > last) return;
      const headers = headersToMap(m.headers);
      yield {
        seq: m.seq,
        time: new Date(Math.floor(m.info.timestampNanos / 1e6)).toISOString(),
        subject: m.subject,
        ...(headers ? { headers } : {}),
        data: m.data,
      };
      if (m.seq === last || m.info.pending === 0) return;
    }
    if (got === 0) return;
  }
}

/** Every key's current value in a KV bucket (deleted and purged keys left out). */
export async function* readBucket(
  nc: NatsConnection,
  bucket: string,
  info: StreamInfo,
): AsyncGenerator<KvRecord> {
  if (info.state.messages === 0) return;
  const prefix = `$KV.${bucket}.`;
  const consumer = await jetstream(nc).consumers.get(`KV_${bucket}`, {
    filter_subjects: `${prefix}>`,
    deliver_policy: DeliverPolicy.LastPerSubject,
  });
  for (;;) {
    const batch = await consumer.fetch({ max_messages: 512, expires: 2_000 });
    let got = 0;
    for await (const m of batch) {
      got++;
      const op = m.headers?.get("KV-Operation");
      if (op !== "DEL" && op !== "PURGE") {
        yield {
          key: m.subject.slice(prefix.length),
          revision: m.seq,
          time: new Date(Math.floor(m.info.timestampNanos / 1e6)).toISOString(),
          value: m.data,
        };
      }
      if (m.info.pending === 0) return;
    }
    if (got === 0) return;
  }
}

/** Every object in a store with its metadata and data, one at a time. */
export async function* readObjects(
  nc: NatsConnection,
  store: string,
): AsyncGenerator<ObjectRecord> {
  const os = await new Objm(nc).open(store);
  for (const listed of await os.list()) {
    if (listed.deleted) continue;
    // The data and the metadata of one and the same version (an object can be put again).
    const r = await os.get(listed.name);
    // Deleted between the listing and the read: it is simply not in the backup.
    if (!r) continue;
    const chunks: Uint8Array[] = [];
    const reader = r.data.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
    const failed = await r.error;
    if (failed) throw failed;
    const data = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      data.set(c, at);
      at += c.length;
    }
    const info = r.info;
    const headers = headersToMap(info.headers);
    yield {
      name: info.name,
      ...(info.description ? { description: info.description } : {}),
      ...(headers ? { headers } : {}),
      ...(info.metadata && Object.keys(info.metadata).length ? { metadata: info.metadata } : {}),
      size: data.length,
      digest: info.digest,
      data,
    };
  }
}
