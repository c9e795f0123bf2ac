import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { NatsConnection } from "@nats-io/nats-core";
import { startNatsServer, type TestNatsServer } from "../test/helpers/nats-server.ts";
import { parseConfig } from "./config.ts";
import { connectNats } from "./nats/node-connect.ts";
import { type WorkflowState, WorkflowStore } from "./state.ts";
import { ensureTopology } from "./topology.ts";

let srv: TestNatsServer;
let nc: NatsConnection;

before(async () => {
  srv = await startNatsServer();
  nc = await connectNats(srv.url, { name: "state-test" });
  await ensureTopology(nc, { ...parseConfig({}), stages: [] });
});

after(async () => {
  await nc?.close();
  await srv?.stop();
});

function stateOf(id: string): WorkflowState {
  const now = Date.now();
  return {
    id,
    status: "queued",
    pipeline: { name: "seo-article", version: "1" },
    promptVersions: {},
    stageNames: ["research", "outline"],
    request: {
      keyword: "k",
      language: "en",
      pipeline: "seo-article",
      id,
    } as WorkflowState["request"],
    createdAt: now,
    updatedAt: now,
    submitSeq: 1,
    stages: {},
    tokens: { prompt: 0, completion: 0 },
  };
}

test("a store remembers what it wrote; recent() answers from memory, get() reads the server", async () => {
  const mine = await WorkflowStore.open(nc, { recentStates: 10 });
  const other = await WorkflowStore.open(nc);
  const rev = await mine.create(stateOf("remembered"));
  assert.ok(rev);
  const recent = await mine.recent("remembered");
  assert.equal(recent?.revision, rev);
  // Another process moves the workflow on: the remembered copy is now behind...
  await other.update("remembered", (s) => ({ ...s, status: "running" }));
  assert.equal((await mine.recent("remembered"))?.state.status, "queued");
  // ...and a write from it is caught by the compare-and-set, re-read and applied on top.
  const res = await mine.update(
    "remembered",
    (s) => ({ ...s, currentStage: `after-${s.status}` }),
    recent ?? undefined,
  );
  assert.equal(res?.state.currentStage, "after-running");
  assert.equal((await other.get("remembered"))?.state.currentStage, "after-running");
  // The fresh state is what it remembers now.
  assert.equal((await mine.recent("remembered"))?.state.currentStage, "after-running");
});

test("forget() drops a copy; a store without memory always reads; memory is bounded", async () => {
  const mine = await WorkflowStore.open(nc, { recentStates: 2 });
  const other = await WorkflowStore.open(nc);
  for (const id of ["f1", "f2", "f3"]) await mine.create(stateOf(id));
  await other.update("f3", (s) => ({ ...s, status: "running" }));
  mine.forget("f3");
  assert.equal((await mine.recent("f3"))?.state.status, "running", "forgotten: read again");
  // f1 was the oldest of three in a memory of two: gone, so recent() reads the server.
  await other.update("f1", (s) => ({ ...s, status: "running" }));
  assert.equal((await mine.recent("f1"))?.state.status, "running");
  await other.update("f2", (s) => ({ ...s, status: "running" }));
  assert.equal((await other.recent("f2"))?.state.status, "running", "no memory: always read");
});

test("a deleted workflow is forgotten when read", async () => {
  const mine = await WorkflowStore.open(nc, { recentStates: 10 });
  await mine.create(stateOf("deleted"));
  await mine.kv.delete("wf.deleted");
  assert.equal(await mine.get("deleted"), null);
  assert.equal(await mine.recent("deleted"), null);
});
