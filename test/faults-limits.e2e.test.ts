/**
 * Fault suite, what arrives and how much: a stage message written by an older payload
 * version (processed if this version can read it, else dead-lettered with a clear reason),
 * and a backlog past the stream limits (new publishes refused with a clear error over NATS
 * and HTTP; nothing accepted is dropped, every accepted workflow completes).
 */
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { headers } from "@nats-io/nats-core";
import { DLQ_HEADER } from "../actors/dead-letter.ts";
import { listDeadLetters } from "../actors/dlq.ts";
import { decode, encode } from "../core/codec.ts";
import { STREAM_STAGES } from "../core/subjects.ts";
import { FAULT_ENV, keywordFor, report } from "./helpers/faults.ts";
import { checkLedger, ledgerSummary } from "./helpers/ledger.ts";
import { startStack, submitWorkflow, type TestStack, waitFor } from "./helpers/stack.ts";

const stacks: TestStack[] = [];
after(async () => {
  for (const s of stacks) await s.stop();
});

/** Takes a workflow's research message out of the queue, rewritten as an older writer would. */
async function rewriteQueued(
  stack: TestStack,
  id: string,
  rewrite: (envelope: Record<string, unknown>) => void,
): Promise<void> {
  const jsm = await jetstreamManager(stack.nc);
  const stored = await waitFor(`the research message of ${id}`, async () => {
    const m = await jsm.streams.getMessage(STREAM_STAGES, {
      last_by_subj: "seo.stage.research",
    });
    return m &&
      (decode(m.data, m.header.get("Content-Type")) as { workflowId: string }).workflowId === id
      ? m
      : undefined;
  });
  const envelope = decode(stored.data, stored.header.get("Content-Type")) as Record<
    string,
    unknown
  >;
  rewrite(envelope);
  await jsm.streams.deleteMessage(STREAM_STAGES, stored.seq);
  const h = headers();
  h.set("Content-Type", "application/msgpack");
  await jetstream(stack.nc).publish("seo.stage.research", encode(envelope), {
    headers: h,
    msgID: `${id}.research.old`,
  });
}

test("stage messages of an older payload version: readable ones complete, others are dead-lettered clearly", async () => {
  const t0 = Date.now();
  const stack = await startStack({ env: FAULT_ENV });
  stacks.push(stack);
  await stack.startActor(["intake"]);
  // Written before stage timings travelled in the envelope: still version 1, still readable.
  const older = await submitWorkflow(stack, { keyword: keywordFor(0) });
  await rewriteQueued(stack, older, (e) => {
    delete e.timings;
  });
  // Written by a version this actor does not read.
  const unreadable = await submitWorkflow(stack, { keyword: keywordFor(1) });
  await rewriteQueued(stack, unreadable, (e) => {
    e.v = 0;
  });
  await stack.startActor(["research", "outline", "draft", "optimise", "review", "assemble"]);
  const ledger = await checkLedger(stack.nc, [older, unreadable], { timeoutMs: 60_000 });
  report("older payload versions", t0, ledgerSummary(ledger));
  assert.deepEqual(ledger.problems, []);
  const [a, b] = ledger.entries;
  assert.equal(a!.outcome, "completed", "the readable older message was processed");
  assert.equal(b!.outcome, "dead-lettered");
  assert.match(
    b!.reason!,
    /INVALID_ENVELOPE: unsupported envelope version 0 \(this actor reads version 1\)/,
  );
  const [entry] = await listDeadLetters(stack.nc, { workflowId: unreadable });
  assert.equal(entry!.headers!.get(DLQ_HEADER.deliveries), "1", "not retried: it cannot pass");
  assert.equal(entry!.subject, "seo.stage.research");
});

test("a backlog past the stream limits: new publishes refused clearly, nothing accepted dropped", async () => {
  const t0 = Date.now();
  const limit = 4;
  const stack = await startStack({
    env: { ...FAULT_ENV, STAGES_MAX_MSGS_PER_SUBJECT: String(limit) },
  });
  stacks.push(stack);
  const js = jetstream(stack.nc);
  const h = headers();
  h.set("Content-Type", "application/json");
  const accepted: string[] = [];
  const refused: string[] = [];
  const submitNats = async (i: number) => {
    const id = `limit-${i}`;
    try {
      await js.publish("seo.submit", JSON.stringify({ keyword: keywordFor(i), id }), {
        headers: h,
        msgID: id,
      });
      accepted.push(id);
    } catch (err) {
      assert.match(String(err), /maximum messages per subject exceeded/);
      refused.push(id);
    }
  };
  // No actor yet: seo.submit fills to its bound, then refuses.
  for (let i = 0; i < limit + 2; i++) await submitNats(i);
  assert.equal(accepted.length, limit);
  assert.equal(refused.length, 2);
  const http = await fetch(`${stack.gateway!.url}/v1/workflows`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ keyword: "one too many" }),
  });
  assert.equal(http.status, 503, await http.clone().text());
  assert.equal(http.headers.get("Retry-After"), "10");
  assert.equal(http.headers.get("Content-Type"), "application/problem+json");
  assert.match(
    ((await http.json()) as { detail: string }).detail,
    /work queue is full for seo.submit/,
  );

  // Intake alone: it moves the submissions on until the first stage is full too, and then
  // holds the next one instead of dead-lettering it; more submissions fill seo.submit again.
  await stack.startActor(["intake"]);
  const jsm = await jetstreamManager(stack.nc);
  const depth = async (subject: string) =>
    (await jsm.streams.info(STREAM_STAGES, { subjects_filter: subject })).state.subjects?.[
      subject
    ] ?? 0;
  await waitFor("the first stage to fill", async () =>
    (await depth("seo.stage.research")) === limit ? true : undefined,
  );
  for (let i = limit + 2; i < limit * 3 + 2; i++) await submitNats(i);
  // Messages in intake's hand still count against seo.submit until they are acked.
  assert.equal(accepted.length, limit * 2, "room for the bound again, no more");
  // Longer than ack wait × max deliver: a held submission would have been dead-lettered.
  await new Promise((r) => setTimeout(r, Number(FAULT_ENV.ACK_WAIT_MS) * 3));
  assert.equal((await listDeadLetters(stack.nc)).length, 0, "nothing was dead-lettered");

  await stack.startActor(["research", "outline", "draft", "optimise", "review", "assemble"]);
  const ledger = await checkLedger(stack.nc, accepted, { timeoutMs: 90_000 });
  report(
    "backlog past the stream limits",
    t0,
    `${ledgerSummary(ledger)}; refused ${refused.length} over NATS and 1 over HTTP`,
  );
  assert.deepEqual(ledger.problems, []);
  assert.equal(ledger.completed, accepted.length, "every accepted workflow completed");
});
