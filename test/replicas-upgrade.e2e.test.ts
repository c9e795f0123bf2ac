/**
 * Growing onto a cluster: a 3-node cluster whose seo-farm streams and buckets were set up R1
 * (as a single-server deployment has them) is raised to R3 by running `seo-farm setup` with
 * NATS_REPLICAS=3 — the setup path every process runs — while workflows are mid-pipeline.
 * Every accepted workflow must complete exactly once (ledger: lost 0, duplicated 0), and
 * afterwards every stream, bucket, object store and stage consumer has three replicas.
 *
 * Knobs: SEO_FARM_UPGRADE_WORKFLOWS (default 100) workflows in flight;
 * SEO_FARM_UPGRADE_LATENCY_MS (default 300) the emulator's answer time, which keeps them
 * mid-pipeline while the setup runs.
 */
import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { headers } from "@nats-io/nats-core";
import { WorkflowStore } from "../core/state.ts";
import { STREAM_STAGES } from "../core/subjects.ts";
import { emulatorApi, keywordFor } from "./helpers/faults.ts";
import { checkLedger, ledgerSummary } from "./helpers/ledger.ts";
import { startNatsCluster, type TestNatsCluster } from "./helpers/nats-cluster.ts";
import { runCli, startStack, type TestStack, waitFor } from "./helpers/stack.ts";

const WORKFLOWS = Number(process.env.SEO_FARM_UPGRADE_WORKFLOWS ?? 100);
const LATENCY_MS = Number(process.env.SEO_FARM_UPGRADE_LATENCY_MS ?? 300);

let cluster: TestNatsCluster | undefined;
let stack: TestStack | undefined;

afterEach(async () => {
  await stack?.stop();
  await cluster?.stop();
  stack = undefined;
  cluster = undefined;
});

/** Replicas of every stream (KV buckets and object stores are streams too), by name. */
async function replicasByStream(s: TestStack): Promise<Record<string, number>> {
  const jsm = await jetstreamManager(s.nc);
  const out: Record<string, number> = {};
  for await (const info of jsm.streams.list()) out[info.config.name] = info.config.num_replicas;
  return out;
}

test("R1 streams and buckets raised to R3 by `seo-farm setup` while workflows run: every one completes once, nothing is lost", {
  timeout: 300_000,
}, async () => {
  const t0 = Date.now();
  cluster = await startNatsCluster();
  // Gateway (in this process) and actors spread over the nodes, all set up at R1.
  stack = await startStack({
    natsUrl: cluster.urls,
    env: { NATS_REPLICAS: "1", ACTOR_CONCURRENCY: "16", LOG_LEVEL: "error" },
  });
  await emulatorApi(stack, "/config", { latencyMs: LATENCY_MS });
  await stack.startActor("all", { NATS_URL: cluster.nodeUrls[1] });
  await stack.startActor("all", { NATS_URL: cluster.nodeUrls[2] });
  const before = await replicasByStream(stack);
  assert.ok(Object.keys(before).length >= 13, JSON.stringify(before));
  assert.deepEqual(
    Object.entries(before).filter(([, r]) => r !== 1),
    [],
    "everything starts R1",
  );

  // Half over HTTP, half straight to seo.submit; each with its own idempotency key.
  const js = jetstream(stack.nc);
  const h = headers();
  h.set("Content-Type", "application/json");
  const ids: string[] = [];
  for (let i = 0; i < WORKFLOWS; i += 10) {
    const batch: Array<Promise<string>> = [];
    for (let j = i; j < Math.min(i + 10, WORKFLOWS); j++) {
      if (j % 2 === 0) {
        batch.push(
          fetch(`${stack.gateway!.url}/v1/workflows`, {
            method: "POST",
            headers: { "Content-Type": "application/json", "Idempotency-Key": `upgrade-${j}` },
            body: JSON.stringify({ keyword: keywordFor(j) }),
          }).then(async (r) => {
            assert.equal(r.status, 202, await r.clone().text());
            return ((await r.json()) as { id: string }).id;
          }),
        );
      } else {
        const id = `upgrade-nats-${j}`;
        batch.push(
          js
            .publish("seo.submit", JSON.stringify({ keyword: keywordFor(j), id }), {
              headers: h,
              msgID: id,
            })
            .then(() => id),
        );
      }
    }
    ids.push(...(await Promise.all(batch)));
  }
  // Work at several stages: the LLM has answered a good share, and more waits in the queue.
  await waitFor(
    "workflows mid-pipeline",
    async () => ((await emulatorApi(stack!, "/stats")).requests as number) >= WORKFLOWS,
    60_000,
  );
  const jsm = await jetstreamManager(stack.nc);
  const queued = (await jsm.streams.info(STREAM_STAGES)).state.messages;
  const t1 = Date.now();
  const setup = await runCli(["setup"], {
    ...stack.env,
    NATS_URL: cluster.urls,
    NATS_REPLICAS: "3",
  });
  assert.equal(setup.status, 0, `seo-farm setup failed:\n${setup.stdout}\n${setup.stderr}`);
  const setupS = ((Date.now() - t1) / 1000).toFixed(1);
  const answeredAtSetupEnd = (await emulatorApi(stack, "/stats")).requests as number;

  const ledger = await checkLedger(stack.nc, ids, {
    emulatorBase: stack.emulatorBase,
    timeoutMs: 180_000,
  });
  // What the upgrade cost: stages that ran more than once (a redelivery) are where the extra
  // LLM answers come from; the compare-and-set keeps one result each.
  const store = await WorkflowStore.open(stack.nc);
  const rerun: string[] = [];
  for (const id of ids) {
    const st = (await store.get(id))?.state;
    for (const [stage, t] of Object.entries(st?.stages ?? {})) {
      if (t.attempt > 1) rerun.push(`${stage}#${t.attempt}`);
    }
  }
  console.log(`[upgrade] stages recorded on a later delivery: ${rerun.length} ${rerun.join(" ")}`);
  console.log(
    `[upgrade] R1 → R3 with ${queued} stage messages queued: setup took ${setupS} s (LLM calls answered by then: ${answeredAtSetupEnd} of ~${WORKFLOWS * 6}); ${ledgerSummary(ledger)} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  assert.ok(queued > 0, "the upgrade ran with stage messages in flight");
  assert.ok(
    answeredAtSetupEnd < WORKFLOWS * 6,
    "the upgrade finished while workflows were still running",
  );
  assert.deepEqual(ledger.problems, []);
  assert.equal(ledger.lost, 0);
  assert.equal(ledger.duplicated, 0);
  assert.equal(ledger.completed, ids.length, "every workflow completed");
  for (const a of stack.actors) assert.equal(a.exitCode, null, "the actors stayed up");

  // Three replicas everywhere, each stream's two followers current.
  const after = await replicasByStream(stack);
  assert.deepEqual(
    Object.entries(after).filter(([, r]) => r !== 3),
    [],
    `every stream and bucket is R3: ${JSON.stringify(after)}`,
  );
  await waitFor(
    "every stream's replicas to be current",
    async () => {
      for await (const s of jsm.streams.list()) {
        const peers = s.cluster?.replicas ?? [];
        if (peers.length !== 2 || peers.some((p) => !p.current)) return undefined;
      }
      return true;
    },
    60_000,
    500,
  );
  // The stage consumers follow their stream: a consumer left R1 would stop with its node.
  // Right after a leader change a consumer reports no followers for a moment, so each gets
  // a wait; one that never gets two fails here. (Whether a follower reports itself current
  // is the server's to settle: an idle consumer's new follower can take minutes on 2.9.10.)
  let consumers: Record<string, unknown> = {};
  const placed = await waitFor(
    "every stage consumer to have two followers",
    async () => {
      consumers = {};
      let ok = true;
      for await (const c of jsm.consumers.list(STREAM_STAGES)) {
        consumers[c.name] = c.cluster;
        if (!c.cluster?.leader || (c.cluster.replicas ?? []).length !== 2) ok = false;
      }
      return ok || undefined;
    },
    60_000,
    500,
  ).catch(() => false);
  assert.ok(placed, `stage consumers with two followers: ${JSON.stringify(consumers)}`);
});
