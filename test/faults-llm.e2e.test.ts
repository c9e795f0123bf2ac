/**
 * Fault suite, LLM provider down: every call fails (HTTP 503) for a while, so stages retry,
 * fall back, and end in the dead-letter stream with their reason. Once the provider is back,
 * `seo-farm dlq replay --all` resubmits each entry once and every workflow completes; a
 * second replay finds nothing to do.
 */
import assert from "node:assert/strict";
import { after, test } from "node:test";
import {
  emulatorApi,
  FAULT_ENV,
  keywordFor,
  OUTAGE_MS,
  report,
  WORKFLOWS,
} from "./helpers/faults.ts";
import { checkLedger, ledgerSummary } from "./helpers/ledger.ts";
import { runCli, startStack, submitWorkflow, type TestStack } from "./helpers/stack.ts";

let stack: TestStack | undefined;
after(async () => await stack?.stop());

test("the LLM down: retries, dead letters; dlq replay once it is back completes every workflow", async () => {
  const t0 = Date.now();
  stack = await startStack({ env: FAULT_ENV });
  const cliEnv = { ...stack.env, LOG_LEVEL: "error" };
  const help = await runCli(["dlq", "--help"], cliEnv);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /dlq replay/);
  const bare = await runCli(["dlq", "replay"], cliEnv);
  assert.equal(bare.status, 2, "replay without a selection is refused");
  assert.match(bare.stderr, /--id, --workflow, --stage or --all/);

  await emulatorApi(stack, "/config", { errorRate: 1, errorStatus: 503 });
  await stack.startActor("all");
  const outageStart = Date.now();
  const ids: string[] = [];
  for (let i = 0; i < WORKFLOWS; i++) {
    ids.push(await submitWorkflow(stack, { keyword: keywordFor(i) }));
  }
  const down = await checkLedger(stack.nc, ids, { timeoutMs: 60_000 });
  assert.equal(down.lost, 0, down.problems.join("\n"));
  assert.equal(down.deadLettered, ids.length, "each workflow ended in the DLQ during the outage");
  const calls = await emulatorApi(stack, "/stats");
  assert.ok(
    (calls.errors as number) >= ids.length * 2,
    `each stage was tried more than once (${String(calls.errors)} failed calls)`,
  );
  // The provider stays down a while longer, then comes back.
  await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - outageStart))));
  await emulatorApi(stack, "/config", { errorRate: 0 });

  const list = await runCli(["dlq", "list"], cliEnv);
  assert.equal(list.status, 0, list.stderr);
  for (const id of ids) assert.match(list.stdout, new RegExp(`\\t${id}\\t`), `${id} is listed`);
  assert.match(list.stdout, /seo\.stage\.research\tdeliveries=2\t\w+: .*503/);
  assert.match(list.stdout, new RegExp(`${ids.length} dead letters`));

  const replay = await runCli(["dlq", "replay", "--all"], cliEnv);
  assert.equal(replay.status, 0, replay.stderr);
  assert.match(replay.stdout, new RegExp(`${ids.length} replayed, 0 skipped`));
  const again = await runCli(["dlq", "replay", "--all"], cliEnv);
  assert.match(again.stdout, /0 replayed, 0 skipped/, "a second replay finds nothing");

  const ledger = await checkLedger(stack.nc, ids, {
    emulatorBase: stack.emulatorBase,
    timeoutMs: 60_000,
  });
  report("LLM provider down, then dlq replay", t0, ledgerSummary(ledger));
  assert.deepEqual(ledger.problems, []);
  assert.equal(ledger.completed, ids.length, "every workflow completed after the replay");
  assert.equal(ledger.duplicated, 0);
  assert.equal(ledger.extraLlmAnswers, 0);
  const after = await runCli(["dlq", "list", "--json"], cliEnv);
  assert.deepEqual(JSON.parse(after.stdout), [], "the replayed entries are gone");
});
