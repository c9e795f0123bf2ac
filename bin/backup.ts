/**
 * `seo-farm backup --out <dir>`: every seo-farm stream message, KV value and object into a
 * directory of JSON-lines files with a manifest and checksums (docs/backup.md). Read through
 * the ordinary JetStream API as the admin user, while the system runs or not; a backup taken
 * with the actors stopped is a consistent point, one taken while they run says which
 * workflows it could not capture whole.
 */
import { parseArgs } from "node:util";
import type { JetStreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import {
  deadLetterWorkflow,
  type QueuedWork,
  queuedWorkOf,
  unfinishedWithoutWork,
} from "../actors/backup-work.ts";
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  type BackupManifest,
  type BackupSection,
} from "../core/backup/format.ts";
import {
  BACKUP_ORDER,
  LEFT_OUT,
  type PlannedSection,
  parseSkip,
  streamOf,
} from "../core/backup/plan.ts";
import { readBucket, readObjects, readStream, streamInfoOrNone } from "../core/backup/read.ts";
import { TERMINAL_STATUSES, type WorkflowState } from "../core/state.ts";
import { BUCKET_WORKFLOWS, STREAM_DLQ, STREAM_STAGES, workflowKey } from "../core/subjects.ts";
import { openJetStreamManager } from "../core/topology.ts";
import {
  assertFreshDir,
  connectForCommand,
  formatBytes,
  SectionProgress,
  SectionWriter,
  wrapList,
  writeManifest,
} from "./backup-files.ts";
import { loadConfig } from "./shared-node.ts";

export const BACKUP_USAGE = `Usage: seo-farm backup --out <dir> [--skip <names>]

Reads every seo-farm stream message, KV value and object from NATS_URL into <dir>, a new or
empty directory: manifest.json, SHA256SUMS, and one JSON-lines file per section
(streams/SEO_STAGES.jsonl, kv/seo-workflows.jsonl, objects/seo-results.jsonl, …). Restore it
with "seo-farm restore --from <dir>"; docs/backup.md describes the format and what a restore
keeps and does not keep.

Run it as the NATS admin user (it reads every stream). It can run while the system works;
for a consistent point in time stop the actors (or the supervisor) first. Work that moved
while the backup was read, so that no backed-up message can finish it, is listed in the
manifest's "unfinished" and printed at the end.

Not backed up: the seo-actors and seo-leases buckets and SEO_ADVISORIES (see the manifest's
"leftOut" for why).

Options:
  --out <dir>        where to write the backup (required; created if missing)
  --skip <names>     comma-separated sections to leave out, e.g. seo-llm-cache,SEO_EVENTS
                     sections:
${wrapList(
  BACKUP_ORDER.map((s) => s.name),
  "                       ",
  56,
)}
  -h, --help         show this help`;

/** What a backup learns on the way about the workflows that had not ended. */
interface Bookkeeping {
  /** Every workflow id in the workflows bucket when it was read. */
  seen: Set<string>;
  running: Map<string, WorkflowState>;
  work: QueuedWork[];
  deadLettered: Set<string>;
}

export async function runBackupCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: "string" },
      skip: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(BACKUP_USAGE);
    return 0;
  }
  if (!values.out || positionals.length > 0) {
    console.error(`seo-farm backup: say where to write it with --out <dir>\n\n${BACKUP_USAGE}`);
    return 2;
  }
  const skip = parseSkip(values.skip);
  const out = values.out;
  const config = loadConfig();
  const nc = await connectForCommand("backup", config.natsUrl);
  if (!nc) return 1;
  try {
    await assertFreshDir(out);
    const manifest = await backup(nc, out, skip);
    await writeManifest(out, manifest);
    const total = manifest.sections.reduce((n, s) => n + s.bytes, 0);
    console.log(
      `backup of ${config.natsUrl} written to ${out}: ${manifest.sections.length} sections, ${formatBytes(total)}`,
    );
    if (manifest.unfinished.length > 0) {
      console.log(
        `warning: ${manifest.unfinished.length} running workflow(s) moved on while the backup was read and cannot be finished from it: ${manifest.unfinished
          .slice(0, 10)
          .map((u) => u.id)
          .join(
            ", ",
          )}${manifest.unfinished.length > 10 ? ", …" : ""} (take the backup with the actors stopped for a consistent point)`,
      );
    }
    return 0;
  } finally {
    await nc.close();
  }
}

async function backup(nc: NatsConnection, out: string, skip: Set<string>): Promise<BackupManifest> {
  const createdAt = new Date().toISOString();
  const jsm = await openJetStreamManager(nc);
  const book: Bookkeeping = {
    seen: new Set(),
    running: new Map(),
    work: [],
    deadLettered: new Set(),
  };
  const sections: BackupSection[] = [];
  const leftOut = LEFT_OUT.map((l) => ({ ...l }));
  process.stderr.write(`backing up ${nc.getServer()} into ${out}\n`);
  let workflows: { writer: SectionWriter<"kv">; progress: SectionProgress } | undefined;
  for (const planned of BACKUP_ORDER) {
    if (skip.has(planned.name)) {
      leftOut.push({ name: planned.name, why: "left out with --skip" });
      continue;
    }
    const info = await streamInfoOrNone(jsm, streamOf(planned));
    if (!info) {
      leftOut.push({ name: planned.name, why: "not on the server" });
      continue;
    }
    const writer = await SectionWriter.open(out, planned.kind, planned.name);
    const progress = new SectionProgress("records", planned.name);
    await copySection(nc, jsm, planned, info, writer, book, progress);
    if (planned.name === BUCKET_WORKFLOWS) {
      // Kept open: the states of workflows that end while the work queue is read are added.
      workflows = { writer: writer as SectionWriter<"kv">, progress };
      continue;
    }
    if (planned.name === STREAM_STAGES && workflows) {
      const { writer: wf, progress: wfProgress } = workflows;
      const first = wf.count;
      const added = await recheckRunning(nc, wf, book);
      sections.push(await wf.close(await configOf(jsm, `KV_${BUCKET_WORKFLOWS}`)));
      wfProgress.done(
        first,
        wf.bytes,
        added ? `, then ${added} that ended or began while the work queue was read` : "",
      );
      workflows = undefined;
    }
    sections.push(await writer.close(info.config));
    progress.done(writer.count, writer.bytes);
  }
  if (workflows) {
    sections.push(await workflows.writer.close());
    workflows.progress.done(workflows.writer.count, workflows.writer.bytes);
  }
  // Sections in the backup's read order, as the manifest lists them.
  sections.sort(
    (a, b) =>
      BACKUP_ORDER.findIndex((p) => p.name === a.name) -
      BACKUP_ORDER.findIndex((p) => p.name === b.name),
  );
  const unfinished = unfinishedWithoutWork(book.running.values(), book.work, book.deadLettered);
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_FORMAT_VERSION,
    createdAt,
    finishedAt: new Date().toISOString(),
    source: {
      server: nc.info?.version ?? "unknown",
      ...(nc.info?.cluster ? { cluster: nc.info.cluster } : {}),
    },
    sections,
    leftOut,
    unfinished,
  };
}

async function configOf(jsm: JetStreamManager, stream: string): Promise<unknown> {
  return (await streamInfoOrNone(jsm, stream))?.config;
}

/** Copies one section's records into its file, noting what the consistency check needs. */
async function copySection(
  nc: NatsConnection,
  jsm: JetStreamManager,
  planned: PlannedSection,
  info: Awaited<ReturnType<JetStreamManager["streams"]["info"]>>,
  writer: SectionWriter<"stream" | "kv" | "objects">,
  book: Bookkeeping,
  progress: SectionProgress,
): Promise<void> {
  if (planned.kind === "kv") {
    for await (const r of readBucket(nc, planned.name, info)) {
      await writer.write(r);
      if (planned.name === BUCKET_WORKFLOWS) noteState(book, r.value);
      progress.tick(writer.count);
    }
  } else if (planned.kind === "objects") {
    for await (const r of readObjects(nc, planned.name)) {
      await writer.write(r);
      progress.tick(writer.count);
    }
  } else {
    for await (const r of readStream(nc, jsm, info)) {
      await writer.write(r);
      if (planned.name === STREAM_STAGES) {
        const w = queuedWorkOf(r);
        if (w) book.work.push(w);
      } else if (planned.name === STREAM_DLQ) {
        const id = deadLetterWorkflow(r);
        if (id) book.deadLettered.add(id);
      }
      progress.tick(writer.count);
    }
  }
}

function noteState(book: Bookkeeping, value: Uint8Array): void {
  try {
    const s = JSON.parse(new TextDecoder().decode(value)) as WorkflowState;
    book.seen.add(s.id);
    if (!TERMINAL_STATUSES.has(s.status)) book.running.set(s.id, s);
  } catch {
    // Not a state seo-farm wrote: backed up as it is, not judged.
  }
}

/**
 * The workflows that were running when their states were read may have ended while the work
 * queue was read (their last message acked before the queue read reached it): their final
 * states are added to the workflows file (a later line for a key wins on restore). Those
 * still running keep the state read first, which is what the queued messages go on from.
 * Workflows that intake created after the states were read have stage messages but no
 * state yet: theirs is read now and added, and judged with the rest. Returns the lines added.
 */
async function recheckRunning(
  nc: NatsConnection,
  workflows: SectionWriter<"kv">,
  book: Bookkeeping,
): Promise<number> {
  const kv = await new Kvm(nc).open(BUCKET_WORKFLOWS);
  const newer = new Set(
    book.work
      .filter((w) => w.kind === "stage" && !book.seen.has(w.workflowId))
      .map((w) => w.workflowId),
  );
  let added = 0;
  for (const id of [...book.running.keys(), ...newer]) {
    const e = await kv.get(workflowKey(id));
    if (e?.operation !== "PUT") continue;
    let s: WorkflowState;
    try {
      s = e.json<WorkflowState>();
    } catch {
      continue;
    }
    const isNew = newer.has(id);
    if (!isNew && !TERMINAL_STATUSES.has(s.status)) continue;
    await workflows.write({
      key: workflowKey(id),
      revision: e.revision,
      time: e.created.toISOString(),
      value: e.value,
    });
    added++;
    if (TERMINAL_STATUSES.has(s.status)) book.running.delete(id);
    else book.running.set(id, s);
  }
  return added;
}
