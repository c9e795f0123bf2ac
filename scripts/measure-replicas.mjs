#!/usr/bin/env node
// What one workflow costs JetStream at R1 and at R3: runs `seo-farm loadtest` (one actor
// process serving every stage, the emulator at zero latency, entry through seo.submit)
// against a single nats-server and against a 3-node cluster with NATS_REPLICAS=3, and
// prints per workflow: the nats-server CPU (all nodes), the actor's CPU, the stream bytes
// and messages kept, and the LLM calls, tokens and list-price cost the workflows recorded.
// docs/scaling.md quotes its output. Needs `npm run build` first.
//
//   node scripts/measure-replicas.mjs [--workflows 300] [--concurrent 32] [--only r1|r3]
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = fileURLToPath(new URL("..", import.meta.url));
const { values } = parseArgs({
  options: {
    workflows: { type: "string", default: "300" },
    concurrent: { type: "string", default: "32" },
    only: { type: "string" },
  },
});
const dist = (p) => new URL(`../dist/${p}`, import.meta.url).href;
const { startNatsServer } = await import(dist("test/helpers/nats-server.js"));
const { startNatsCluster } = await import(dist("test/helpers/nats-cluster.js"));
const { connect } = await import("@nats-io/transport-node");
const { jetstreamManager } = await import("@nats-io/jetstream");
const { Kvm } = await import("@nats-io/kv");

const TICKS_PER_S = 100;
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
}

async function measure(label, urls, pids, replicas) {
  const out = mkdtempSync(join(tmpdir(), "seo-farm-measure-"));
  const before = pids.map(cpuSeconds);
  const run = spawnSync(
    process.execPath,
    [
      join(root, "bin/seo-farm.js"),
      "loadtest",
      "--workflows",
      values.workflows,
      "--concurrent",
      values.concurrent,
      "--profile",
      "zero",
      "--actors",
      "all",
      "--actor-concurrency",
      values.concurrent,
      "--via",
      "nats",
      "--nats-url",
      urls,
      "--json",
      join(out, "report.json"),
    ],
    {
      env: { ...process.env, NATS_REPLICAS: String(replicas), LOG_LEVEL: "error" },
      encoding: "utf8",
    },
  );
  if (run.status !== 0) throw new Error(`loadtest failed:\n${run.stdout}\n${run.stderr}`);
  const natsCpu = pids.map(cpuSeconds).reduce((s, v, i) => s + v - before[i], 0);
  const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
  rmSync(out, { recursive: true, force: true });
  const done = report.workflows.completed;
  const actor = report.processes.find((p) => p.role === "actor");
  const nc = await connect({ servers: urls.split(",") });
  const jsm = await jetstreamManager(nc);
  const streams = {};
  for await (const s of jsm.streams.list()) {
    streams[s.config.name] = { bytes: s.state.bytes, messages: s.state.messages };
  }
  const kv = await new Kvm(nc).open("seo-workflows");
  let calls = 0;
  let prompt = 0;
  let completion = 0;
  let cost = 0;
  let n = 0;
  const perStage = {};
  for await (const key of await kv.keys("wf.>")) {
    const e = await kv.get(key);
    if (e?.operation !== "PUT") continue;
    const st = e.json();
    if (st.status !== "completed") continue;
    n++;
    prompt += st.tokens.prompt;
    completion += st.tokens.completion;
    cost += st.costUsd ?? 0;
    for (const [stage, r] of Object.entries(st.stages)) {
      calls += r.llmCalls;
      perStage[stage] ??= { prompt: 0, completion: 0, cost: 0, model: r.model ?? "" };
      const t = perStage[stage];
      t.prompt += r.tokens.prompt;
      t.completion += r.tokens.completion;
      t.cost += r.costUsd;
    }
  }
  await nc.close();
  return {
    label,
    done,
    throughput: report.throughput,
    natsCpu,
    actorCpu: actor?.cpuS ?? 0,
    streams,
    n,
    calls,
    prompt,
    completion,
    cost,
    perStage,
  };
}

const rows = [];
if (values.only !== "r3") {
  const srv = await startNatsServer();
  try {
    rows.push(await measure("single server, R1", srv.url, [srv.process.pid], 1));
  } finally {
    await srv.stop();
  }
}
if (values.only !== "r1") {
  const cluster = await startNatsCluster();
  try {
    const pids = [0, 1, 2].map((i) => cluster.processOf(i).pid);
    rows.push(await measure("3-node cluster, R3", cluster.urls, pids, 3));
  } finally {
    await cluster.stop();
  }
}

const kb = (b) => (b / 1024).toFixed(1);
console.log(
  `\n${values.workflows} workflows, ${values.concurrent} in flight, emulator at zero latency, one actor process (--actors all)\n`,
);
console.log("| measure | " + rows.map((r) => r.label).join(" | ") + " |");
console.log("| --- | " + rows.map(() => "---:").join(" | ") + " |");
const line = (name, f) => console.log(`| ${name} | ${rows.map(f).join(" | ")} |`);
line("workflows completed", (r) => r.done);
line("workflows/s", (r) => r.throughput.perSecond);
line("nats-server CPU per workflow, all nodes (ms)", (r) =>
  ((r.natsCpu * 1000) / r.done).toFixed(1),
);
line("actor CPU per workflow (ms)", (r) => ((r.actorCpu * 1000) / r.done).toFixed(1));
for (const name of Object.keys(rows[0].streams).sort()) {
  line(`${name}: KB per workflow (one replica)`, (r) => kb((r.streams[name]?.bytes ?? 0) / r.done));
}
line("all streams: KB per workflow (one replica)", (r) =>
  kb(Object.values(r.streams).reduce((s, x) => s + x.bytes, 0) / r.done),
);
line("LLM calls per workflow", (r) => (r.calls / r.n).toFixed(2));
line(
  "prompt / completion tokens per workflow",
  (r) => `${Math.round(r.prompt / r.n)} / ${Math.round(r.completion / r.n)}`,
);
line("list-price cost per workflow (USD)", (r) => (r.cost / r.n).toFixed(5));
console.log("\n| stage | model | prompt tokens | completion tokens | USD |");
console.log("| --- | --- | ---: | ---: | ---: |");
for (const [stage, t] of Object.entries(rows[0].perStage)) {
  const n = rows[0].n;
  console.log(
    `| ${stage} | ${t.model} | ${Math.round(t.prompt / n)} | ${Math.round(t.completion / n)} | ${(t.cost / n).toFixed(5)} |`,
  );
}
process.exit(0);
