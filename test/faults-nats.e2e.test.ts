/**
 * Fault suite, NATS restarted: the nats-server is killed mid-run and started again on the
 * same port and store dir. Actors, the gateway and NATS submitters reconnect; every workflow
 * accepted before, during (those that got their PubAck) and after the restart completes once.
 */
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { jetstream } from "@nats-io/jetstream";
import { headers } from "@nats-io/nats-core";
import {
  emulatorApi,
  FAULT_ENV,
  keywordFor,
  OUTAGE_MS,
  report,
  WORKFLOWS,
} from "./helpers/faults.ts";
import { checkLedger, ledgerSummary } from "./helpers/ledger.ts";
import { startStack, submitWorkflow, type TestStack, waitFor } from "./helpers/stack.ts";

let stack: TestStack | undefined;
after(async () => await stack?.stop());

test("nats-server killed and restarted mid-run: clients reconnect, every workflow completes once", async () => {
  const t0 = Date.now();
  stack = await startStack({ env: FAULT_ENV });
  // Calls slow enough that every stage has work in flight when the server dies.
  await emulatorApi(stack, "/config", { latencyMs: 400 });
  await stack.startActor("all");
  await stack.startActor(["research", "outline", "draft", "optimise", "review", "assemble"]);
  const js = jetstream(stack.nc);
  const h = headers();
  h.set("Content-Type", "application/json");
  const ids: string[] = [];
  const submitNats = async (i: number) => {
    const id = `nats-${i}`;
    await js.publish("seo.submit", JSON.stringify({ keyword: keywordFor(i), id }), {
      headers: h,
      msgID: id,
    });
    ids.push(id);
  };
  for (let i = 0; i < WORKFLOWS; i++) {
    if (i % 2) await submitNats(i);
    else ids.push(await submitWorkflow(stack, { keyword: keywordFor(i) }));
  }
  await waitFor("work in flight at several stages", async () => {
    const s = await emulatorApi(stack!, "/stats");
    return (s.requests as number) >= WORKFLOWS ? true : undefined;
  });
  await stack.nats!.restart({ downMs: OUTAGE_MS });
  // After the restart: submissions over NATS (the test's own client reconnects) and HTTP.
  await waitFor("the gateway to be ready again", async () => {
    const r = await fetch(`${stack!.gateway!.url}/readyz`);
    return r.status === 200 ? true : undefined;
  });
  for (let i = WORKFLOWS; i < WORKFLOWS + 4; i++) {
    if (i % 2) await submitNats(i);
    else ids.push(await submitWorkflow(stack, { keyword: keywordFor(i) }));
  }
  const ledger = await checkLedger(stack.nc, ids, {
    emulatorBase: stack.emulatorBase,
    timeoutMs: 90_000,
  });
  report("nats-server restarted mid-run", t0, ledgerSummary(ledger));
  assert.deepEqual(ledger.problems, []);
  assert.equal(ledger.lost, 0);
  assert.equal(ledger.duplicated, 0);
  assert.equal(
    ledger.completed,
    ids.length,
    `every workflow completed: ${JSON.stringify(ledger.entries.filter((e) => e.outcome !== "completed"))}`,
  );
  for (const a of stack.actors) assert.equal(a.exitCode, null, "the actors stayed up");
});
