/**
 * `seo-farm submit <keyword>`: sends one request to the gateway (or straight to NATS with
 * --nats) and, with --wait, shows the stages as they finish and where the article is.
 */
import { writeFileSync } from "node:fs";
import process from "node:process";
import { parseArgs } from "node:util";
import { jetstream } from "@nats-io/jetstream";
import { headers as natsHeaders } from "@nats-io/nats-core";
import { CONTENT_TYPE_JSON, encode, HEADER_CONTENT_TYPE } from "../core/codec.ts";
import { newWorkflowId } from "../core/ids.ts";
import { connectNats } from "../core/nats/node-connect.ts";
import { SUBJECT_SUBMIT } from "../core/subjects.ts";
import type { WorkflowView } from "../gateway/workflow-view.ts";
import { loadConfig } from "./shared-node.ts";

export const SUBMIT_USAGE = `Usage: seo-farm submit <keyword> [options]

Submits one article request and prints its workflow id.

Options:
  --lang <tag>        language, BCP 47 (default en; cs and en are first-class)
  --country <code>    ISO country code, e.g. CZ
  --audience <text>   who the article is for
  --tone <text>       voice of the article
  --words <n>         target length in words (default 1200)
  --pipeline <name>   pipeline (default seo-article)
  --id <id>           choose the workflow id
  --wait              wait, showing progress, until the workflow ends
  --out <file>        with --wait: write the article's Markdown to this file
  --json              print the final workflow as JSON
  --url <url>         gateway URL (default SEO_FARM_URL or http://127.0.0.1:8787)
  --nats              publish to seo.submit on NATS_URL instead of calling the gateway
  -h, --help          show this help

The gateway's API key, when it asks for one, is read from SEO_FARM_API_KEY.`;

export const STATUS_USAGE = `Usage: seo-farm status <id> [--json] [--url <gateway>]

Shows a workflow's status, stage timings and, when done, its article's title and slug.
The gateway's API key, when it asks for one, is read from SEO_FARM_API_KEY.`;

/** `Authorization` for the gateway when SEO_FARM_API_KEY is set. */
function authHeaders(): Record<string, string> {
  const key = process.env.SEO_FARM_API_KEY?.trim();
  return key ? { Authorization: `Bearer ${key}` } : {};
}

function gatewayUrl(flag: string | undefined, config: ReturnType<typeof loadConfig>): string {
  return (flag ?? process.env.SEO_FARM_URL ?? `http://${config.host}:${config.port}`).replace(
    /\/$/,
    "",
  );
}

async function fetchWorkflow(base: string, id: string): Promise<WorkflowView | null> {
  const res = await fetch(`${base}/v1/workflows/${encodeURIComponent(id)}`, {
    headers: authHeaders(),
  });
  if (res.status === 404) return null;
  if (!res.ok)
    throw new Error(`GET ${base}/v1/workflows/${id}: HTTP ${res.status}: ${await res.text()}`);
  return (await res.json()) as WorkflowView;
}

function describe(w: WorkflowView): string {
  const lines = [`${w.id}  ${w.status}  "${w.keyword}" (${w.language}, ${w.pipeline.name})`];
  for (const s of w.stages) {
    const took = s.durationMs !== undefined ? `${(s.durationMs / 1000).toFixed(2)} s` : "";
    const tokens = s.tokens ? `${s.tokens.prompt}+${s.tokens.completion} tokens` : "";
    const cost = s.costUsd ? `$${s.costUsd.toFixed(4)}` : "";
    const via = s.provider && s.model ? `${s.provider}:${s.model}` : "";
    const mark = s.status === "done" ? "✓" : s.status === "running" ? "…" : " ";
    lines.push(
      `  ${mark} ${s.name.padEnd(10)} ${took.padStart(8)}  ${tokens.padEnd(20)} ${cost.padStart(8)}  ${via}`.trimEnd(),
    );
  }
  lines.push(`  total: ${w.tokens.prompt}+${w.tokens.completion} tokens, $${w.costUsd.toFixed(4)}`);
  if (w.error) lines.push(`  error: ${w.error.code}: ${w.error.message}`);
  const r = w.result as Record<string, unknown> | undefined;
  if (r) {
    lines.push(`  title:  ${String(r.title)}`);
    lines.push(`  slug:   ${String(r.slug)}`);
    lines.push(`  words:  ${String(r.wordCount)}`);
  }
  return lines.join("\n");
}

export async function runSubmitCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      lang: { type: "string" },
      country: { type: "string" },
      audience: { type: "string" },
      tone: { type: "string" },
      words: { type: "string" },
      pipeline: { type: "string" },
      id: { type: "string" },
      wait: { type: "boolean" },
      out: { type: "string" },
      json: { type: "boolean" },
      url: { type: "string" },
      nats: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(SUBMIT_USAGE);
    return 0;
  }
  const keyword = positionals.join(" ").trim();
  if (!keyword) {
    console.error(`seo-farm submit: give a keyword\n\n${SUBMIT_USAGE}`);
    return 2;
  }
  const config = loadConfig();
  const request: Record<string, unknown> = { keyword };
  if (values.lang) request.language = values.lang;
  if (values.country) request.country = values.country;
  if (values.audience) request.audience = values.audience;
  if (values.tone) request.tone = values.tone;
  if (values.words) request.wordCount = Number(values.words);
  if (values.pipeline) request.pipeline = values.pipeline;
  const base = gatewayUrl(values.url, config);

  let id: string;
  if (values.nats) {
    id = values.id ?? newWorkflowId();
    const nc = await connectNats(config.natsUrl, {
      name: "seo-farm-submit",
      reconnectForever: false,
    });
    const h = natsHeaders();
    h.set(HEADER_CONTENT_TYPE, CONTENT_TYPE_JSON);
    const ack = await jetstream(nc).publish(SUBJECT_SUBMIT, encode({ ...request, id }, "json"), {
      headers: h,
      msgID: id,
    });
    await nc.close();
    console.log(
      `submitted ${id} to ${SUBJECT_SUBMIT} (stream seq ${ack.seq}${ack.duplicate ? ", duplicate" : ""})`,
    );
  } else {
    if (values.id) request.id = values.id;
    const res = await fetch(`${base}/v1/workflows`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...authHeaders() },
      body: JSON.stringify(request),
    }).catch((err: unknown) => {
      throw new Error(
        `cannot reach the gateway at ${base} (is \`npm start\` running?): ${String(err)}`,
      );
    });
    const body = (await res.json()) as Record<string, unknown>;
    if (res.status !== 202) {
      console.error(
        `seo-farm submit: HTTP ${res.status}: ${String(body.detail ?? body.title ?? JSON.stringify(body))}`,
      );
      return 1;
    }
    id = String(body.id);
    console.log(`submitted ${id}`);
  }
  if (!values.wait) return 0;

  // Poll the gateway: the state is in KV, the gateway reads it; the intake may take a moment.
  const started = Date.now();
  const seen = new Set<string>();
  let last: WorkflowView | null = null;
  for (;;) {
    last = await fetchWorkflow(base, id);
    if (last) {
      for (const s of last.stages) {
        if (s.status === "done" && !seen.has(s.name)) {
          seen.add(s.name);
          if (!values.json)
            console.log(`  ✓ ${s.name.padEnd(10)} ${((s.durationMs ?? 0) / 1000).toFixed(2)} s`);
        }
      }
      if (["completed", "failed", "cancelled"].includes(last.status)) break;
    } else if (Date.now() - started > 30_000) {
      console.error(
        `seo-farm submit: workflow ${id} was not recorded within 30 s; is an intake actor running?`,
      );
      return 1;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  if (values.json) console.log(JSON.stringify(last, null, 2));
  else console.log(describe(last));
  if (last.status !== "completed") return 1;
  const r = last.result as Record<string, unknown>;
  if (values.out) {
    writeFileSync(values.out, String(r.markdown));
    console.log(`  article written to ${values.out}`);
  }
  if (!values.json) {
    console.log(`  article: ${base}/v1/workflows/${id}  (fields markdown, html, jsonLd)`);
  }
  return 0;
}

export async function runStatusCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: "boolean" },
      url: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help || positionals.length !== 1) {
    console.log(STATUS_USAGE);
    return values.help ? 0 : 2;
  }
  const base = gatewayUrl(values.url, loadConfig());
  const w = await fetchWorkflow(base, positionals[0]!);
  if (!w) {
    console.error(`no workflow ${positionals[0]}`);
    return 1;
  }
  console.log(values.json ? JSON.stringify(w, null, 2) : describe(w));
  return 0;
}
