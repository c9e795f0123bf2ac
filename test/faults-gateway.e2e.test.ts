/**
 * Fault suite, the gateway and its clients: the gateway process killed and restarted while
 * SSE clients follow workflows (they resume with `Last-Event-ID`: every event once, in
 * order, none missing), and duplicate submissions (the same `Idempotency-Key` over HTTP, the
 * same `Nats-Msg-Id` or request id on `seo.submit`) making exactly one workflow.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { after, before, test } from "node:test";
import { DeliverPolicy, jetstream } from "@nats-io/jetstream";
import { headers } from "@nats-io/nats-core";
import { STREAM_EVENTS } from "../core/subjects.ts";
import {
  emulatorApi,
  emulatorRequests,
  FAULT_ENV,
  keywordFor,
  OUTAGE_MS,
  report,
} from "./helpers/faults.ts";
import { checkLedger, ledgerSummary } from "./helpers/ledger.ts";
import { freePort } from "./helpers/nats-server.ts";
import { CLI, startStack, type TestStack, waitFor } from "./helpers/stack.ts";

let stack: TestStack;
before(async () => {
  stack = await startStack({ env: FAULT_ENV });
  await stack.startActor("all");
});
after(async () => await stack?.stop());

/** `seo-farm gateway` as a child process on `port`; resolves once it listens. */
async function startGatewayProcess(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, "gateway"], {
    env: { ...process.env, ...stack.env, PORT: String(port) },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`gateway exited with ${code}`)));
  });
  return child;
}

interface SseEvent {
  id: number;
  event: string;
  data: string;
}

/**
 * A progress-stream client as a browser's EventSource behaves: on a dropped or refused
 * connection it waits and reconnects with `Last-Event-ID`, until a final event arrives.
 */
async function followEvents(
  url: string,
  signal: AbortSignal,
): Promise<{ events: SseEvent[]; connections: number }> {
  const events: SseEvent[] = [];
  let connections = 0;
  while (!signal.aborted) {
    const last = events.at(-1);
    try {
      const res = await fetch(url, {
        headers: last ? { "Last-Event-ID": String(last.id) } : {},
        signal,
      });
      if (res.status !== 200 || !res.body) throw new Error(`HTTP ${res.status}`);
      connections++;
      const decoder = new TextDecoder();
      let buffer = "";
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let cut = buffer.indexOf("\n\n");
        while (cut !== -1) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          cut = buffer.indexOf("\n\n");
          const e: Partial<SseEvent> = {};
          for (const line of block.split("\n")) {
            if (line.startsWith("id:")) e.id = Number(line.slice(3).trim());
            else if (line.startsWith("event:")) e.event = line.slice(6).trim();
            else if (line.startsWith("data:")) e.data = line.slice(5).trim();
          }
          if (e.id === undefined) continue;
          events.push(e as SseEvent);
          if (e.event === "done" || e.event === "failed") return { events, connections };
        }
      }
    } catch {
      // Refused or cut off: the gateway is away. Retry like EventSource does.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { events, connections };
}

/** The stream sequences SEO_EVENTS holds for a workflow: what a gapless client must see. */
async function storedEventSeqs(id: string): Promise<number[]> {
  const consumer = await jetstream(stack.nc).consumers.get(STREAM_EVENTS, {
    filter_subjects: `seo.events.${id}.>`,
    deliver_policy: DeliverPolicy.All,
  });
  const seqs: number[] = [];
  const batch = await consumer.fetch({ max_messages: 10_000, expires: 1_000 });
  for await (const m of batch) seqs.push(m.seq);
  return seqs;
}

test("the gateway killed with SSE clients attached: they resume with Last-Event-ID, no gaps or repeats", async () => {
  const t0 = Date.now();
  const port = await freePort();
  let gateway = await startGatewayProcess(port);
  const base = `http://127.0.0.1:${port}`;
  // Slow stages, so the workflows are mid-way when the gateway dies.
  await emulatorApi(stack, "/config", { latencyMs: 500 });
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const res = await fetch(`${base}/v1/workflows`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ keyword: keywordFor(i) }),
    });
    assert.equal(res.status, 202);
    ids.push(((await res.json()) as { id: string }).id);
  }
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 90_000);
  const clients = ids.map((id) => followEvents(`${base}/v1/workflows/${id}/events`, abort.signal));
  try {
    await waitFor("the workflows to be past their first stage", async () => {
      const log = await emulatorRequests(stack);
      return ids.every((id) => log.some((r) => r.workflowId === id && r.status === 200))
        ? true
        : undefined;
    });
    gateway.kill("SIGKILL");
    await new Promise((r) => gateway.once("exit", r));
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    gateway = await startGatewayProcess(port);
    const followed = await Promise.all(clients);
    const ledger = await checkLedger(stack.nc, ids, { timeoutMs: 60_000 });
    report(
      "gateway killed with SSE clients attached",
      t0,
      `${ledgerSummary(ledger)}; connections per client ${followed.map((f) => f.connections).join(", ")}`,
    );
    assert.deepEqual(ledger.problems, []);
    assert.equal(ledger.completed, ids.length);
    for (const [i, f] of followed.entries()) {
      assert.ok(f.connections >= 2, `client ${i} reconnected (${f.connections} connections)`);
      const seen = f.events.map((e) => e.id);
      assert.deepEqual(
        seen,
        await storedEventSeqs(ids[i]!),
        `client ${i} saw every stored event of its workflow once, in order`,
      );
      assert.equal(f.events.at(-1)?.event, "done");
    }
  } finally {
    clearTimeout(timer);
    abort.abort();
    await emulatorApi(stack, "/config", { latencyMs: 0 });
    gateway.kill("SIGKILL");
  }
});

test("duplicate submissions make one workflow: Idempotency-Key over HTTP, Nats-Msg-Id and id on seo.submit", async () => {
  const t0 = Date.now();
  const base = stack.gateway!.url;
  const post = (key: string) =>
    fetch(`${base}/v1/workflows`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Idempotency-Key": key },
      body: JSON.stringify({ keyword: "retried create" }),
    });
  // A client retrying in a burst, and once more later.
  const burst = await Promise.all([1, 2, 3, 4, 5].map(() => post("order-42")));
  const httpIds = new Set<string>();
  for (const r of burst) {
    assert.equal(r.status, 202, await r.clone().text());
    httpIds.add(((await r.json()) as { id: string }).id);
  }
  assert.equal(httpIds.size, 1, "one workflow id for one key");
  const [httpId] = [...httpIds];

  const js = jetstream(stack.nc);
  const h = headers();
  h.set("Content-Type", "application/json");
  const body = JSON.stringify({ keyword: "republished submission" });
  const first = await js.publish("seo.submit", body, { headers: h, msgID: "msg-id-dup" });
  const second = await js.publish("seo.submit", body, { headers: h, msgID: "msg-id-dup" });
  assert.equal(first.duplicate, false);
  assert.equal(second.duplicate, true, "the server drops the second publish");
  // The same request id under different msg ids gets past the server; intake keeps one.
  const withId = JSON.stringify({ keyword: "same id twice", id: "req-id-dup" });
  await js.publish("seo.submit", withId, { headers: h, msgID: "a-1" });
  await js.publish("seo.submit", withId, { headers: h, msgID: "a-2" });

  const ids = [httpId!, "msg-id-dup", "req-id-dup"];
  const ledger = await checkLedger(stack.nc, ids, {
    emulatorBase: stack.emulatorBase,
    timeoutMs: 60_000,
  });
  report("duplicate submissions", t0, ledgerSummary(ledger));
  assert.deepEqual(ledger.problems, []);
  assert.equal(ledger.completed, ids.length);
  const log = await emulatorRequests(stack);
  for (const e of ledger.entries) {
    const stages = log.filter((r) => r.workflowId === e.id && r.status === 200).map((r) => r.stage);
    assert.equal(new Set(stages).size, stages.length, `${e.id}: each stage answered once`);
  }
  const later = await post("order-42");
  assert.equal(later.status, 202);
  assert.equal(later.headers.get("Idempotent-Replayed"), "true");
  assert.equal(((await later.json()) as { id: string }).id, httpId);
});
