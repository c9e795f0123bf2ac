/**
 * Fault suite, a 3-node JetStream cluster (issue #8's cluster faults, on the harness issue
 * #10 reuses): three nats-servers on loopback, every stream, KV bucket and object store R3
 * (NATS_REPLICAS=3). The gateway and the actors sit on different nodes; one node is killed
 * mid-run, another frozen with SIGSTOP. Every accepted workflow must complete exactly once
 * (the ledger check: lost 0, duplicated 0, completed = accepted), and no two writes may be
 * stored on one revision of a workflow's state (test/helpers/kv-write-log.ts: the lost update
 * nats-server 2.9.10 allowed on R3 before core/kv-cas.ts guarded the writes).
 *
 * Knobs (test/helpers/faults.ts): SEO_FARM_FAULT_CLUSTER_WORKFLOWS (30, 100 with
 * SEO_FARM_FAULTS=full) workflows in flight when a node fails; SEO_FARM_FAULT_PAUSE_MS (6 s,
 * 30 s with full) how long the node stays frozen.
 */
import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { type JetStreamManager, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { headers, type NatsConnection } from "@nats-io/nats-core";
import { ActorsRegistry } from "../core/actors-registry.ts";
import { BUCKET_WORKFLOWS, STREAM_STAGES } from "../core/subjects.ts";
import {
  CLUSTER_WORKFLOWS,
  emulatorApi,
  FAULT_ENV,
  keywordFor,
  PAUSE_MS,
  report,
} from "./helpers/faults.ts";
import {
  describeLostUpdates,
  findLostUpdates,
  keepRevisions,
  type WriteCheck,
} from "./helpers/kv-write-log.ts";
import { checkLedger, type LedgerReport, ledgerSummary } from "./helpers/ledger.ts";
import { startNatsCluster, type TestNatsCluster } from "./helpers/nats-cluster.ts";
import { startStack, type TestStack, waitFor } from "./helpers/stack.ts";

/**
 * The keeper's resume sweep at test speed: nats-server 2.9.10 can lose a work-queue message
 * it acknowledged when a frozen leader thaws (docs/reliability.md); a workflow left running
 * with its stage's consumer idle for 10 s is resumed from the stage memo.
 */
const CLUSTER_ENV = {
  ...FAULT_ENV,
  NATS_REPLICAS: "3",
  RESUME_SWEEP_MS: "1000",
  RESUME_AFTER_MS: "10000",
};
/** Generous: a stage whose stream leader moved waits out an ack wait or two. */
const LEDGER_TIMEOUT_MS = 120_000;
const TEST_TIMEOUT_MS = 240_000;

let cluster: TestNatsCluster | undefined;
let stack: TestStack | undefined;

afterEach(async () => {
  // A frozen node would hold up the stack's goodbyes: thaw everything first.
  for (let i = 0; i < 3; i++) cluster?.resume(i);
  await stack?.stop();
  await cluster?.stop();
  stack = undefined;
  cluster = undefined;
});

/** The index of the node leading `stream`'s Raft group. */
async function leaderOf(jsm: JetStreamManager, stream: string): Promise<number> {
  const info = await jsm.streams.info(stream);
  const leader = info.cluster?.leader;
  if (!leader) throw new Error(`${stream} has no leader`);
  return cluster!.indexOf(leader);
}

/**
 * Runs `attempt` until it succeeds, as a careful client does while a node fails over: the
 * same Idempotency-Key or Nats-Msg-Id each time, so a lost answer cannot make two workflows.
 */
async function retrying<T>(what: string, attempt: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`${what}: ${String(err)}`);
      console.log(`[fault] retrying ${what}: ${err instanceof Error ? err.message : err}`);
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}

/** Submits workflows `from`..`to`-1: even ones over HTTP, odd ones straight to `seo.submit`. */
async function submitMany(s: TestStack, from: number, to: number): Promise<string[]> {
  const js = jetstream(s.nc);
  const h = headers();
  h.set("Content-Type", "application/json");
  const submitOne = async (i: number): Promise<string> => {
    if (i % 2 === 0) {
      return await retrying(`POST #${i}`, async () => {
        const res = await fetch(`${s.gateway!.url}/v1/workflows`, {
          method: "POST",
          headers: { "Content-Type": "application/json", "Idempotency-Key": `cluster-${i}` },
          body: JSON.stringify({ keyword: keywordFor(i) }),
        });
        if (res.status !== 202) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
        return ((await res.json()) as { id: string }).id;
      });
    }
    const id = `nats-${i}`;
    await retrying(`seo.submit ${id}`, () =>
      js.publish("seo.submit", JSON.stringify({ keyword: keywordFor(i), id }), {
        headers: h,
        msgID: id,
      }),
    );
    return id;
  };
  const ids: string[] = [];
  // Ten at a time: a client's burst, not a flood that measures the gateway.
  for (let i = from; i < to; i += 10) {
    const batch = [];
    for (let j = i; j < Math.min(i + 10, to); j++) batch.push(submitOne(j));
    ids.push(...(await Promise.all(batch)));
  }
  return ids;
}

/** The ledger line, plus any compare-and-set that did not hold in `seo-workflows`. */
function summary(ledger: LedgerReport, writes: WriteCheck): string {
  const lost = describeLostUpdates(writes.lost);
  return `${ledgerSummary(ledger)}; workflow writes ${writes.writes}, lost updates ${lost.length}${lost.length ? ` [${lost.join("; ")}]` : ""}`;
}

/** The ledger's count and every state write, read back once the workflows have ended. */
async function checkRun(ids: string[]): Promise<{ ledger: LedgerReport; writes: WriteCheck }> {
  const ledger = await checkLedger(stack!.nc, ids, {
    emulatorBase: stack!.emulatorBase,
    timeoutMs: LEDGER_TIMEOUT_MS,
  });
  if (ledger.lost > 0) {
    for (const line of await whereWorkStopped(stack!.nc)) console.log(`[fault] ${line}`);
  }
  return { ledger, writes: await findLostUpdates(stack!.nc, BUCKET_WORKFLOWS) };
}

/**
 * For a run with unfinished workflows: the stage consumers that still hold messages and what
 * each actor says it has in hand — whether the work waits in the stream, sits with an actor,
 * or neither.
 */
async function whereWorkStopped(nc: NatsConnection): Promise<string[]> {
  const out: string[] = [];
  try {
    const jsm = await jetstreamManager(nc);
    // Messages the work queue still holds, by subject: work no consumer counts as pending
    // or in hand is stranded in the stream; none at all means it was lost.
    const stages = await jsm.streams.info(STREAM_STAGES, { subjects_filter: ">" });
    out.push(
      `${STREAM_STAGES}: ${stages.state.messages} messages ${JSON.stringify(stages.state.subjects ?? {})}, seq ${stages.state.first_seq}..${stages.state.last_seq}, leader ${stages.cluster?.leader ?? "?"}`,
    );
    for await (const c of jsm.consumers.list(STREAM_STAGES)) {
      if (c.num_pending + c.num_ack_pending === 0) {
        if (stages.state.messages > 0) {
          out.push(
            `consumer ${c.name}: idle, delivered stream seq ${c.delivered.stream_seq}, ack floor ${c.ack_floor.stream_seq}, leader ${c.cluster?.leader ?? "?"}`,
          );
        }
        continue;
      }
      out.push(
        `consumer ${c.name}: pending ${c.num_pending}, ack pending ${c.num_ack_pending}, waiting pulls ${c.num_waiting}, redelivered ${c.num_redelivered}, leader ${c.cluster?.leader ?? "?"}`,
      );
    }
    const now = Date.now();
    for (const a of await (await ActorsRegistry.open(nc)).list()) {
      out.push(
        `actor pid ${a.pid}: in flight ${a.inFlight}, announced ${((now - a.updatedAt) / 1000).toFixed(1)} s ago`,
      );
    }
  } catch (err) {
    out.push(`(could not read the consumers or actors: ${String(err)})`);
  }
  return out;
}

function assertAllCompletedOnce(ledger: LedgerReport, writes: WriteCheck, ids: string[]): void {
  assert.deepEqual(ledger.problems, []);
  assert.deepEqual(describeLostUpdates(writes.lost), [], "no two writes stored on one revision");
  assert.equal(ledger.lost, 0);
  assert.equal(ledger.duplicated, 0);
  assert.equal(
    ledger.completed,
    ids.length,
    `every workflow completed: ${JSON.stringify(ledger.entries.filter((e) => e.outcome !== "completed"))}`,
  );
  for (const a of stack!.actors) assert.equal(a.exitCode, null, "the actors stayed up");
}

/** Waits until the emulator has had `n` LLM requests: work in flight at several stages. */
async function workInFlight(s: TestStack, n: number): Promise<void> {
  await waitFor(
    "work in flight at several stages",
    async () => {
      const st = await emulatorApi(s, "/stats");
      return (st.requests as number) >= n ? true : undefined;
    },
    60_000,
  );
}

/**
 * On by default (three nats-servers and two actors: about 2 minutes on 2 cores);
 * `SEO_FARM_CLUSTER=0` skips them on a machine that cannot spare that.
 */
const CLUSTER_SKIP =
  process.env.SEO_FARM_CLUSTER === "0"
    ? "SEO_FARM_CLUSTER=0: the cluster scenarios are off"
    : false;

async function gatewayReady(s: TestStack): Promise<void> {
  await waitFor("the gateway to be ready", async () => {
    const r = await fetch(`${s.gateway!.url}/readyz`);
    return r.status === 200 ? true : undefined;
  });
}

test("3-node cluster, R3: the gateway on one node and actors on the others complete 100 workflows once", {
  timeout: TEST_TIMEOUT_MS,
  skip: CLUSTER_SKIP,
}, async () => {
  const t0 = Date.now();
  cluster = await startNatsCluster();
  // Each process is given one node; it learns the others from the cluster (and would fail
  // over to them), but starts where it is told.
  stack = await startStack({ natsUrl: cluster.nodeUrls[0]!, env: CLUSTER_ENV });
  // Every state write stays readable, to check afterwards that no two share a revision.
  await keepRevisions(stack.nc, BUCKET_WORKFLOWS);
  await stack.startActor("all", { NATS_URL: cluster.nodeUrls[1] });
  await stack.startActor("all", { NATS_URL: cluster.nodeUrls[2] });
  assert.equal(stack.nc.info?.server_name, "n0", "the gateway's connection is on node 0");

  const jsm = await jetstreamManager(stack.nc);
  const streams: Record<string, number> = {};
  for await (const s of jsm.streams.list()) streams[s.config.name] = s.config.num_replicas;
  for (const name of [
    "SEO_STAGES",
    "SEO_EVENTS",
    "SEO_DLQ",
    "KV_seo-workflows",
    "KV_seo-llm-cache",
    "KV_seo-leases",
    "OBJ_seo-results",
    "OBJ_seo-artifacts",
  ]) {
    assert.equal(streams[name], 3, `${name} is R3 (${JSON.stringify(streams)})`);
  }
  assert.deepEqual(
    Object.entries(streams).filter(([, r]) => r !== 3),
    [],
    "every stream and bucket is R3",
  );

  const ids = await submitMany(stack, 0, 100);
  const { ledger, writes } = await checkRun(ids);
  report("3-node cluster, 100 workflows", t0, summary(ledger, writes));
  assertAllCompletedOnce(ledger, writes, ids);
});

test("3-node cluster: the SEO_STAGES leader SIGKILLed mid-run loses nothing; every workflow completes once", {
  timeout: TEST_TIMEOUT_MS,
  skip: CLUSTER_SKIP,
}, async () => {
  const t0 = Date.now();
  cluster = await startNatsCluster();
  // Every process knows every node, in its own random order.
  stack = await startStack({ natsUrl: cluster.urls, env: CLUSTER_ENV });
  // Every state write stays readable, to check afterwards that no two share a revision.
  await keepRevisions(stack.nc, BUCKET_WORKFLOWS);
  // Calls slow enough that every stage has work in flight when the node dies.
  await emulatorApi(stack, "/config", { latencyMs: 300 });
  await stack.startActor("all");
  await stack.startActor("all");
  const jsm = await jetstreamManager(stack.nc);

  const ids = await submitMany(stack, 0, CLUSTER_WORKFLOWS);
  await workInFlight(stack, CLUSTER_WORKFLOWS * 2);
  const victim = await leaderOf(jsm, STREAM_STAGES);
  const gatewayNode = stack.nc.info?.server_name;
  await cluster.stopNode(victim, { signal: "SIGKILL" });
  const newLeader = await waitFor(
    "a new SEO_STAGES leader",
    async () => {
      const l = await leaderOf(jsm, STREAM_STAGES);
      return l === victim ? undefined : l;
    },
    30_000,
    250,
  );
  // Two of three nodes are a quorum: the system takes new work.
  await gatewayReady(stack);
  ids.push(...(await submitMany(stack, CLUSTER_WORKFLOWS, CLUSTER_WORKFLOWS + 4)));

  const { ledger, writes } = await checkRun(ids);
  report(
    `3-node cluster, ${cluster.names[victim]} (SEO_STAGES leader${gatewayNode === cluster.names[victim] ? ", the gateway's node" : ""}) killed, ${cluster.names[newLeader]} took over`,
    t0,
    summary(ledger, writes),
  );
  assertAllCompletedOnce(ledger, writes, ids);

  // The node comes back on its store and catches up: every replica current again.
  const t1 = Date.now();
  await cluster.startNode(victim);
  await waitFor(
    "every stream's replicas to be current",
    async () => {
      for await (const s of jsm.streams.list()) {
        const peers = s.cluster?.replicas ?? [];
        if (peers.length !== 2 || peers.some((p) => !p.current || p.offline)) return undefined;
      }
      return true;
    },
    60_000,
    500,
  );
  report(`3-node cluster, ${cluster.names[victim]} restarted and caught up`, t1, "ok");
});

test("3-node cluster: the SEO_STAGES leader frozen with SIGSTOP, then thawed; every workflow completes once", {
  timeout: TEST_TIMEOUT_MS,
  skip: CLUSTER_SKIP,
}, async () => {
  const t0 = Date.now();
  cluster = await startNatsCluster();
  stack = await startStack({ natsUrl: cluster.urls, env: CLUSTER_ENV });
  // Every state write stays readable, to check afterwards that no two share a revision.
  await keepRevisions(stack.nc, BUCKET_WORKFLOWS);
  await emulatorApi(stack, "/config", { latencyMs: 300 });
  await stack.startActor("all");
  await stack.startActor("all");
  const jsm = await jetstreamManager(stack.nc);

  const ids = await submitMany(stack, 0, CLUSTER_WORKFLOWS);
  await workInFlight(stack, CLUSTER_WORKFLOWS * 2);
  const victim = await leaderOf(jsm, STREAM_STAGES);
  const gatewayNode = stack.nc.info?.server_name;
  cluster.pause(victim);
  await new Promise((r) => setTimeout(r, PAUSE_MS));
  cluster.resume(victim);
  await gatewayReady(stack);
  ids.push(...(await submitMany(stack, CLUSTER_WORKFLOWS, CLUSTER_WORKFLOWS + 4)));

  const { ledger, writes } = await checkRun(ids);
  report(
    `3-node cluster, ${cluster.names[victim]} (SEO_STAGES leader${gatewayNode === cluster.names[victim] ? ", the gateway's node" : ""}) paused ${PAUSE_MS} ms`,
    t0,
    summary(ledger, writes),
  );
  assertAllCompletedOnce(ledger, writes, ids);
});
