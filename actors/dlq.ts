/**
 * Reading and replaying the dead-letter stream (`SEO_DLQ`), for `seo-farm dlq` and the fault
 * tests. A replay puts the original payload back on its original subject once: a stage
 * message's workflow is revived from `failed` first (else the stage would skip it as ended),
 * the publish carries `Nats-Msg-Id: dlq-replay.<entry seq>` (a repeated replay inside the
 * dedupe window is dropped by the server), and only then is the entry removed from the DLQ.
 * Interrupted half-way, a second replay finishes the job and creates nothing twice.
 */
import { DeliverPolicy, type JetStreamClient, jetstream } from "@nats-io/jetstream";
import { type MsgHdrs, type NatsConnection, headers as natsHeaders } from "@nats-io/nats-core";
import { decode, encode, formatOf, HEADER_CONTENT_TYPE } from "../core/codec.ts";
import { errorMessage } from "../core/errors.ts";
import { publishEvent } from "../core/events.ts";
import { WorkflowStore } from "../core/state.ts";
import {
  INTAKE_STAGE,
  STREAM_DLQ,
  SUBJECT_DLQ_PREFIX,
  WORKFLOW_ID_PATTERN,
  workflowIdFromSequence,
} from "../core/subjects.ts";
import { openJetStreamManager } from "../core/topology.ts";
import { DLQ_HEADER, ORIGINAL_HEADER_PREFIX } from "./dead-letter.ts";

/** Set on a replayed message: the DLQ entry it came from. */
export const REPLAY_HEADER = "Seo-Farm-Replay-Of";

export interface DeadLetterEntry {
  /** The entry's sequence in SEO_DLQ: what `dlq replay --id` takes. */
  seq: number;
  stage: string;
  reason: string;
  code: string;
  deliveries: number;
  /** The subject the message was first published to (`seo.submit`, `seo.stage.<stage>`). */
  subject: string;
  /** Its sequence in SEO_STAGES. */
  streamSeq: number;
  workflowId?: string;
  /** When it was dead-lettered (ISO 8601). */
  at?: string;
  data: Uint8Array;
  headers?: MsgHdrs;
}

export interface DeadLetterFilter {
  /** Only these entries (SEO_DLQ sequences). */
  seqs?: number[];
  /** Only this stage's entries (`intake` for submissions). */
  stage?: string;
  /** Only this workflow's entries. */
  workflowId?: string;
}

function matches(e: DeadLetterEntry, f: DeadLetterFilter): boolean {
  if (f.seqs && !f.seqs.includes(e.seq)) return false;
  if (f.stage && e.stage !== f.stage) return false;
  if (f.workflowId && e.workflowId !== f.workflowId) return false;
  return true;
}

/** Every entry in SEO_DLQ (oldest first) that matches `filter`. */
export async function listDeadLetters(
  nc: NatsConnection,
  filter: DeadLetterFilter = {},
): Promise<DeadLetterEntry[]> {
  const jsm = await openJetStreamManager(nc);
  const info = await jsm.streams.info(STREAM_DLQ);
  const out: DeadLetterEntry[] = [];
  if (info.state.messages === 0) return out;
  const last = info.state.last_seq;
  // An ordered consumer: no server-side state left behind, and it reads past deleted entries.
  const consumer = await jetstream(nc).consumers.get(STREAM_DLQ, {
    filter_subjects: `${SUBJECT_DLQ_PREFIX}.>`,
    deliver_policy: DeliverPolicy.All,
  });
  let seen = 0;
  while (seen < last) {
    const batch = await consumer.fetch({ max_messages: 256, expires: 2_000 });
    let got = 0;
    for await (const m of batch) {
      got++;
      seen = m.seq;
      const h = m.headers;
      const entry: DeadLetterEntry = {
        seq: m.seq,
        stage: h?.get(DLQ_HEADER.stage) || m.subject.slice(SUBJECT_DLQ_PREFIX.length + 1),
        reason: h?.get(DLQ_HEADER.reason) ?? "",
        code: h?.get(DLQ_HEADER.code) ?? "",
        deliveries: Number(h?.get(DLQ_HEADER.deliveries) || 0),
        subject: h?.get(DLQ_HEADER.subject) ?? "",
        streamSeq: Number(h?.get(DLQ_HEADER.streamSeq) || 0),
        data: m.data,
        ...(h ? { headers: h } : {}),
        ...(h?.get(DLQ_HEADER.workflowId) ? { workflowId: h.get(DLQ_HEADER.workflowId) } : {}),
        ...(h?.get(DLQ_HEADER.at) ? { at: h.get(DLQ_HEADER.at) } : {}),
      };
      if (matches(entry, filter)) out.push(entry);
      if (m.seq >= last) break;
    }
    if (got === 0) break;
  }
  return out;
}

export type ReplayOutcome =
  | { seq: number; status: "replayed"; subject: string; workflowId?: string; duplicate: boolean }
  | { seq: number; status: "skipped"; reason: string; workflowId?: string };

/** The original headers of an entry, as the first publisher set them (minus dedupe ids). */
function originalHeaders(entry: DeadLetterEntry): MsgHdrs {
  const h = natsHeaders();
  const dlqNames = new Set(Object.values(DLQ_HEADER).map((n) => n.toLowerCase()));
  for (const key of entry.headers?.keys() ?? []) {
    const lower = key.toLowerCase();
    // Nats-* headers (msg id, expectations) would dedupe or refuse the replay; they stay out.
    if (dlqNames.has(lower) || lower.startsWith(ORIGINAL_HEADER_PREFIX.toLowerCase())) continue;
    if (lower.startsWith("nats-")) continue;
    for (const v of entry.headers!.values(key)) h.append(key, v);
  }
  h.set(REPLAY_HEADER, String(entry.seq));
  return h;
}

/**
 * The payload of a replayed submission: its request gets the workflow id it had the first
 * time (from `Nats-Msg-Id` or the stream sequence), which the replay's own msg id would
 * otherwise change. A payload that does not decode goes back as it was.
 */
function submissionPayload(entry: DeadLetterEntry): { data: Uint8Array; workflowId?: string } {
  const contentType = entry.headers?.get(HEADER_CONTENT_TYPE);
  let request: unknown;
  try {
    request = decode(entry.data, contentType);
  } catch {
    return { data: entry.data };
  }
  if (typeof request !== "object" || request === null || Array.isArray(request)) {
    return { data: entry.data };
  }
  const r = request as Record<string, unknown>;
  if (typeof r.id === "string") return { data: entry.data, workflowId: r.id };
  const msgId = entry.headers?.get(`${ORIGINAL_HEADER_PREFIX}Nats-Msg-Id`);
  const id =
    msgId && WORKFLOW_ID_PATTERN.test(msgId) ? msgId : workflowIdFromSequence(entry.streamSeq);
  return { data: encode({ ...r, id }, formatOf(contentType, entry.data)), workflowId: id };
}

/** Replays one entry: revive its workflow, publish the original payload, remove the entry. */
async function replayOne(
  nc: NatsConnection,
  js: JetStreamClient,
  store: WorkflowStore,
  entry: DeadLetterEntry,
): Promise<ReplayOutcome> {
  if (!entry.subject) {
    return { seq: entry.seq, status: "skipped", reason: "the entry names no original subject" };
  }
  let data = entry.data;
  let workflowId = entry.workflowId;
  const id = workflowId ? { workflowId } : {};
  if (entry.stage === INTAKE_STAGE) {
    const payload = submissionPayload(entry);
    data = payload.data;
    workflowId = payload.workflowId ?? workflowId;
  } else if (workflowId) {
    // A failed workflow is revived at the dead-lettered stage; the stage skips ended ones.
    // Already running at that stage means an earlier replay stopped half-way: go on.
    let refusal: string | undefined;
    const res = await store.update(workflowId, (s) => {
      refusal = undefined;
      if (s.status === "running" && s.currentStage === entry.stage && !s.error) return null;
      if (s.status !== "failed") {
        refusal = `workflow ${workflowId} is ${s.status}`;
        return null;
      }
      if (s.stages[entry.stage]) {
        refusal = `workflow ${workflowId} has already recorded stage ${entry.stage}`;
        return null;
      }
      s.status = "running";
      s.currentStage = entry.stage;
      delete s.error;
      return s;
    });
    if (!res)
      return { seq: entry.seq, status: "skipped", reason: `no workflow ${workflowId}`, ...id };
    if (refusal) return { seq: entry.seq, status: "skipped", reason: refusal, ...id };
    if (res.written) {
      publishEvent(nc, workflowId, "status", {
        status: "running",
        stage: entry.stage,
        replayOf: entry.seq,
      });
    }
  }
  const ack = await js.publish(entry.subject, data, {
    headers: originalHeaders(entry),
    msgID: `dlq-replay.${entry.seq}`,
  });
  const jsm = await openJetStreamManager(nc);
  await jsm.streams.deleteMessage(STREAM_DLQ, entry.seq, false).catch(() => false);
  return {
    seq: entry.seq,
    status: "replayed",
    subject: entry.subject,
    duplicate: ack.duplicate,
    ...(workflowId ? { workflowId } : {}),
  };
}

/**
 * Replays the entries that match `filter` (every entry with an empty filter), oldest first.
 * An entry whose workflow has ended otherwise (completed, cancelled) is skipped and kept.
 */
export async function replayDeadLetters(
  nc: NatsConnection,
  filter: DeadLetterFilter,
): Promise<ReplayOutcome[]> {
  const entries = await listDeadLetters(nc, filter);
  const js = jetstream(nc);
  const store = await WorkflowStore.open(nc);
  const out: ReplayOutcome[] = [];
  for (const entry of entries) {
    try {
      out.push(await replayOne(nc, js, store, entry));
    } catch (err) {
      out.push({
        seq: entry.seq,
        status: "skipped",
        reason: `replay failed: ${errorMessage(err)}`,
      });
    }
  }
  return out;
}
