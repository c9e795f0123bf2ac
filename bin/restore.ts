/**
 * `seo-farm restore --from <dir>`: checks a backup (manifest, sizes, checksums), sets the
 * topology up on NATS_URL as `seo-farm setup` does, and puts every record back — KV values,
 * objects, then the streams, the work queue last (docs/backup.md).
 */
import { parseArgs } from "node:util";
import { jetstream } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { headerOf, isSubmitSubject, queuedWorkOf } from "../actors/backup-work.ts";
import { ActorsRegistry } from "../core/actors-registry.ts";
import type { BackupManifest, BackupSection, StreamRecord } from "../core/backup/format.ts";
import { MERGEABLE, parseSkip, RESTORE_ORDER, streamOf } from "../core/backup/plan.ts";
import { streamInfoOrNone } from "../core/backup/read.ts";
import {
  restoreBucket,
  restoreObjects,
  restoreStream,
  type StreamRestoreOptions,
} from "../core/backup/restore.ts";
import type { SeoFarmConfig } from "../core/config.ts";
import { BackupInvalidError, RestoreRefusedError } from "../core/errors.ts";
import { TERMINAL_STATUSES, WorkflowStore } from "../core/state.ts";
import { STREAM_STAGES, workflowIdFromSequence } from "../core/subjects.ts";
import { ensureTopology, openJetStreamManager } from "../core/topology.ts";
import { connectForCommand, openBackup, SectionProgress, sectionRecords } from "./backup-files.ts";
import { loadConfig } from "./shared-node.ts";

export const RESTORE_USAGE = `Usage: seo-farm restore --from <dir> [--check] [--skip <names>] [--force]

Puts a backup made by "seo-farm backup" into NATS_URL: first checks every file against the
manifest's sizes and SHA-256 sums, then sets the topology up (streams, consumers, buckets,
NATS_REPLICAS and NATS_PLACEMENT_TAGS as configured, the pipelines from PIPELINES_PATH) as
"seo-farm setup" does, then puts the KV values and objects back and republishes the stream
messages, the work queue (SEO_STAGES) last.

Run it as the NATS admin user, with no actors running: start them once it has finished, and
queued work goes on where it was. New sequence numbers, times and KV revisions are given;
docs/backup.md lists what is and is not kept.

Options:
  --from <dir>       the backup directory (required)
  --check            only check the backup (manifest, checksums, every line), touch no server
  --skip <names>     comma-separated sections not to restore, e.g. seo-llm-cache,SEO_EVENTS
  --force            restore into streams and buckets that already hold data, and while
                     actors are announced (stage messages are then added to what is there;
                     one whose Nats-Msg-Id the stream has seen within its duplicate window is
                     dropped)
  -h, --help         show this help`;

export async function runRestoreCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      from: { type: "string" },
      check: { type: "boolean" },
      skip: { type: "string" },
      force: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(RESTORE_USAGE);
    return 0;
  }
  if (!values.from || positionals.length > 0) {
    console.error(`seo-farm restore: say which backup with --from <dir>\n\n${RESTORE_USAGE}`);
    return 2;
  }
  const skip = parseSkip(values.skip);
  const dir = values.from;
  const manifest = await openBackup(dir);
  process.stderr.write(
    `backup of ${manifest.createdAt} (nats-server ${manifest.source.server}): checksums match\n`,
  );
  if (values.check) {
    for (const s of manifest.sections) {
      let n = 0;
      for await (const _ of sectionRecords(dir, s)) n++;
      if (n !== s.count) {
        throw new BackupInvalidError(`${s.file} has ${n} records, the manifest says ${s.count}`);
      }
      process.stderr.write(`  ${s.name}: ${n} records read\n`);
    }
    console.log(`backup ${dir} is complete and readable`);
    return 0;
  }
  const config = loadConfig();
  const nc = await connectForCommand("restore", config.natsUrl);
  if (!nc) return 1;
  try {
    await restore(nc, config, dir, manifest, skip, values.force === true);
  } finally {
    await nc.drain();
  }
  console.log(`restored ${dir} into ${config.natsUrl}`);
  if (manifest.unfinished.length > 0) {
    console.log(
      `note: the backup lists ${manifest.unfinished.length} workflow(s) it could not capture whole; they stay ${[
        ...new Set(manifest.unfinished.map((u) => u.status)),
      ].join("/")} until resubmitted: ${manifest.unfinished.map((u) => u.id).join(", ")}`,
    );
  }
  return 0;
}

async function restore(
  nc: NatsConnection,
  config: SeoFarmConfig,
  dir: string,
  manifest: BackupManifest,
  skip: Set<string>,
  force: boolean,
): Promise<void> {
  const jsm = await openJetStreamManager(nc);
  // The same setup `seo-farm setup` runs (actors add consumers for stages of their own).
  const { loadPipelineFiles } = await import("../actors/node-pipeline-files.ts");
  const { stageNamesOf } = await import("../actors/pipeline-loader.ts");
  const { PipelineRegistry } = await import("../core/pipeline-registry.ts");
  const pipelines = await loadPipelineFiles(config.pipelinesPath);
  await ensureTopology(nc, { ...config, stages: stageNamesOf(pipelines) });

  const sections = RESTORE_ORDER.map((p) =>
    manifest.sections.find((s) => s.kind === p.kind && s.name === p.name),
  ).filter((s): s is BackupSection => s !== undefined && !skip.has(s.name));
  if (!force) {
    const actors = await (await ActorsRegistry.open(nc)).list(config.actorsTtlS * 1000);
    if (actors.length > 0) {
      throw new RestoreRefusedError(
        `${actors.length} actor(s) are running against this NATS (${[...new Set(actors.map((a) => a.host))].join(", ")}): stop them, restore, then start them (or --force)`,
      );
    }
    const holding: string[] = [];
    for (const s of sections) {
      if (MERGEABLE.has(s.name)) continue;
      const info = await streamInfoOrNone(jsm, streamOf(s));
      if (info && info.state.messages > 0) holding.push(`${s.name} (${info.state.messages})`);
    }
    if (holding.length > 0) {
      throw new RestoreRefusedError(
        `the target already holds data in ${holding.join(", ")}: restore into a fresh server, or add --force to merge`,
      );
    }
  }
  const registry = await PipelineRegistry.open(nc);
  for (const p of pipelines) await registry.publish(p);

  const js = jetstream(nc);
  const store = await WorkflowStore.open(nc);
  for (const s of sections) {
    const progress = new SectionProgress("restored", s.name);
    let n = 0;
    const counted = async function* <T>(it: AsyncIterable<T>): AsyncGenerator<T> {
      for await (const r of it) {
        n++;
        progress.tick(n);
        yield r;
      }
    };
    if (s.kind === "kv") {
      await restoreBucket(nc, s.name, counted(sectionRecords(dir, { ...s, kind: "kv" })));
      progress.done(n);
    } else if (s.kind === "objects") {
      await restoreObjects(nc, s.name, counted(sectionRecords(dir, { ...s, kind: "objects" })));
      progress.done(n);
    } else {
      const opts = s.name === STREAM_STAGES ? queuedWorkOptions(store) : {};
      const res = await restoreStream(
        js,
        counted(sectionRecords(dir, { ...s, kind: "stream" })),
        opts,
      );
      progress.done(
        res.published,
        undefined,
        res.duplicates ? ` (${res.duplicates} already there, by Nats-Msg-Id)` : "",
      );
    }
  }
}

/**
 * The work queue's two sequence-bound facts: a submission with neither a request id nor a
 * `Nats-Msg-Id` takes its workflow id from its sequence (kept as `Nats-Msg-Id: s<old seq>`),
 * and a submission whose workflow state intake had written before it died is resumed only
 * when the state's `submitSeq` is the message's (moved to the new sequence).
 */
function queuedWorkOptions(store: WorkflowStore): StreamRestoreOptions {
  return {
    extraHeaders: (r: StreamRecord) =>
      isSubmitSubject(r.subject) && !headerOf(r.headers, "Nats-Msg-Id")
        ? { "Nats-Msg-Id": workflowIdFromSequence(r.seq) }
        : undefined,
    published: async (r, ack) => {
      if (!isSubmitSubject(r.subject) || ack.duplicate) return;
      const work = queuedWorkOf(r);
      if (!work) return;
      await store.update(work.workflowId, (s) =>
        s.submitSeq === r.seq && !TERMINAL_STATUSES.has(s.status)
          ? { ...s, submitSeq: ack.seq }
          : null,
      );
    },
  };
}
