/**
 * `seo-farm dlq list` and `seo-farm dlq replay`: what is in the dead-letter stream, and
 * putting it back once its cause is fixed (e.g. the LLM provider is up again).
 */
import { parseArgs } from "node:util";
import type { DeadLetterFilter } from "../actors/dlq.ts";
import { listDeadLetters, replayDeadLetters } from "../actors/dlq.ts";
import { connectNats } from "../core/nats/node-connect.ts";
import { loadConfig } from "./shared-node.ts";

export const DLQ_USAGE = `Usage: seo-farm dlq list [options]
       seo-farm dlq replay (--id <seq>[,<seq>…] | --workflow <id> | --stage <name> | --all)

Dead letters (stream SEO_DLQ) are messages that could not be processed: invalid requests,
stage messages whose retries ran out, messages whose last attempt died with its process.

  list                   each entry: its sequence, stage, workflow id, original subject,
                         deliveries, code and reason (oldest first)
  replay                 publishes each chosen entry's original payload to its original
                         subject once, reviving its failed workflow at that stage, then
                         removes the entry. An entry whose workflow has ended otherwise
                         (completed, cancelled) is skipped and kept. Replaying again is
                         safe: a replayed entry is gone, and a replay interrupted half-way
                         is finished without a second copy.

Options:
  --id <seq>             entries by their sequence (as list shows it); repeat or comma-separate
  --workflow <id>        the entries of one workflow
  --stage <name>         the entries of one stage (intake for submissions)
  --all                  replay every entry (replay needs --id, --workflow, --stage or --all)
  --json                 machine-readable output
  -h, --help             show this help`;

export async function runDlqCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      id: { type: "string", multiple: true },
      workflow: { type: "string" },
      stage: { type: "string" },
      all: { type: "boolean" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(DLQ_USAGE);
    return 0;
  }
  const action = positionals[0];
  if ((action !== "list" && action !== "replay") || positionals.length > 1) {
    console.error(DLQ_USAGE);
    return 2;
  }
  const filter: DeadLetterFilter = {};
  if (values.id) {
    const seqs = values.id.flatMap((v) => v.split(",")).map((v) => Number(v.trim()));
    const bad = seqs.find((n) => !Number.isSafeInteger(n) || n < 1);
    if (bad !== undefined) {
      console.error(
        `seo-farm dlq: --id takes entry sequences such as 12 (got ${values.id.join(",")})`,
      );
      return 2;
    }
    filter.seqs = seqs;
  }
  if (values.workflow) filter.workflowId = values.workflow;
  if (values.stage) filter.stage = values.stage;
  if (action === "replay" && !values.all && Object.keys(filter).length === 0) {
    console.error("seo-farm dlq replay: say which entries: --id, --workflow, --stage or --all");
    return 2;
  }
  const config = loadConfig();
  const nc = await connectNats(config.natsUrl, { name: "seo-farm-dlq", reconnectForever: false });
  try {
    if (action === "list") {
      const entries = await listDeadLetters(nc, filter);
      if (values.json) {
        console.log(
          JSON.stringify(
            entries.map(({ data, headers: _h, ...e }) => ({ ...e, bytes: data.length })),
            null,
            2,
          ),
        );
        return 0;
      }
      for (const e of entries) {
        console.log(
          `${e.seq}\t${e.stage}\t${e.workflowId ?? "-"}\t${e.subject}\tdeliveries=${e.deliveries}\t${e.code}: ${e.reason}`,
        );
      }
      console.log(`${entries.length} dead letter${entries.length === 1 ? "" : "s"}`);
      return 0;
    }
    const outcomes = await replayDeadLetters(nc, filter);
    if (values.json) console.log(JSON.stringify(outcomes, null, 2));
    else {
      for (const o of outcomes) {
        console.log(
          o.status === "replayed"
            ? `${o.seq}\treplayed to ${o.subject}${o.workflowId ? ` (workflow ${o.workflowId})` : ""}${o.duplicate ? " (already replayed)" : ""}`
            : `${o.seq}\tskipped: ${o.reason}`,
        );
      }
      const replayed = outcomes.filter((o) => o.status === "replayed").length;
      console.log(`${replayed} replayed, ${outcomes.length - replayed} skipped`);
    }
    return outcomes.some((o) => o.status === "skipped" && o.reason.startsWith("replay failed"))
      ? 1
      : 0;
  } finally {
    await nc.close();
  }
}
