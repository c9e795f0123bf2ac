/**
 * Bad payloads on `seo.submit` and on a stage subject end in SEO_DLQ with a reason and the
 * original payload; the actors keep running and a good workflow still completes. A message
 * whose last delivery dies with its process is moved to the DLQ by the keeper.
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import {
  AckPolicy,
  DeliverPolicy,
  type JsMsg,
  jetstream,
  jetstreamManager,
} from "@nats-io/jetstream";
import { headers } from "@nats-io/nats-core";
import { DLQ_HEADER } from "../actors/dead-letter.ts";
import { encode } from "../core/codec.ts";
import { ENVELOPE_VERSION } from "../core/envelope.ts";
import { STREAM_DLQ, STREAM_STAGES } from "../core/subjects.ts";
import type { ApiWorkflow } from "./helpers/article.ts";
import {
  configureEmulator,
  startStack,
  submitWorkflow,
  type TestStack,
  waitFor,
  waitForWorkflows,
} from "./helpers/stack.ts";

async function dlqEntries(stack: TestStack, count: number): Promise<JsMsg[]> {
  const jsm = await jetstreamManager(stack.nc);
  await waitFor(`${count} dead letters`, async () => {
    const info = await jsm.streams.info(STREAM_DLQ);
    return info.state.messages >= count ? true : undefined;
  });
  const name = `reader-${Date.now()}`;
  await jsm.consumers.add(STREAM_DLQ, {
    name,
    ack_policy: AckPolicy.None,
    deliver_policy: DeliverPolicy.All,
  });
  const consumer = await jetstream(stack.nc).consumers.get(STREAM_DLQ, name);
  const out: JsMsg[] = [];
  const batch = await consumer.fetch({ max_messages: count, expires: 2000 });
  for await (const m of batch) out.push(m);
  return out;
}

async function submitAndWait(stack: TestStack, keyword: string): Promise<ApiWorkflow> {
  const [w] = await waitForWorkflows(stack, [await submitWorkflow(stack, { keyword })], 30_000);
  return w!;
}

describe("dead letters", () => {
  const stacks: TestStack[] = [];
  after(async () => {
    for (const s of stacks) await s.stop();
  });

  test("invalid payloads on seo.submit and a stage subject are dead-lettered with a reason", async () => {
    const stack = await startStack();
    stacks.push(stack);
    const actor = await stack.startActor("all");
    const js = jetstream(stack.nc);
    const json = headers();
    json.set("Content-Type", "application/json");
    const msgpack = headers();
    msgpack.set("Content-Type", "application/msgpack");
    const validEnvelope = {
      v: ENVELOPE_VERSION,
      workflowId: "no-such-workflow",
      pipeline: { name: "seo-article", version: "x" },
      stage: "outline",
      iteration: 0,
      request: { keyword: "x", language: "en", wordCount: 500, pipeline: "seo-article" },
      outputs: {},
      timings: {},
      submittedAt: Date.now(),
    };
    const bad: Array<{
      subject: string;
      data: Uint8Array;
      h?: typeof json;
      reason: RegExp;
      stage: string;
    }> = [
      {
        subject: "seo.submit",
        data: new Uint8Array([0xc1, 0xff, 0x00]),
        h: msgpack,
        reason: /not valid msgpack/,
        stage: "intake",
      },
      {
        subject: "seo.submit",
        data: encode({ keyword: "x" }).slice(0, 4),
        h: msgpack,
        reason: /msgpack|keyword/,
        stage: "intake",
      },
      {
        subject: "seo.submit",
        data: encode({ nope: 1 }, "json"),
        h: json,
        reason: /keyword: is required; nope: unknown field|nope: unknown field/,
        stage: "intake",
      },
      {
        subject: "seo.submit",
        data: encode({ keyword: 7, wordCount: "many" }, "json"),
        h: json,
        reason: /keyword: must be a string/,
        stage: "intake",
      },
      {
        subject: "seo.submit",
        data: encode({ keyword: "x", pipeline: "no-such-pipeline" }, "json"),
        h: json,
        reason: /unknown pipeline/,
        stage: "intake",
      },
      {
        subject: "seo.stage.outline",
        data: new TextEncoder().encode("garbage"),
        reason: /not valid msgpack/,
        stage: "outline",
      },
      {
        subject: "seo.stage.outline",
        data: encode({ hello: "world" }),
        h: msgpack,
        reason: /envelope version/,
        stage: "outline",
      },
      {
        subject: "seo.stage.outline",
        data: encode({ ...validEnvelope, stage: "draft" }),
        h: msgpack,
        reason: /published on seo.stage.outline/,
        stage: "outline",
      },
      {
        subject: "seo.stage.outline",
        data: encode({ ...validEnvelope, v: 99 }),
        h: msgpack,
        reason: /unsupported envelope version 99/,
        stage: "outline",
      },
      {
        subject: "seo.stage.outline",
        data: encode(validEnvelope),
        h: msgpack,
        reason: /no workflow with id "no-such-workflow"/,
        stage: "outline",
      },
    ];
    for (const b of bad) await js.publish(b.subject, b.data, b.h ? { headers: b.h } : {});

    const entries = await dlqEntries(stack, bad.length);
    assert.equal(entries.length, bad.length);
    for (const [i, b] of bad.entries()) {
      const e = entries.find(
        (m) =>
          m.headers?.get(DLQ_HEADER.subject) === b.subject &&
          Buffer.compare(Buffer.from(m.data), Buffer.from(b.data)) === 0,
      );
      assert.ok(e, `dead letter #${i} (${b.subject}) holds the original payload`);
      assert.equal(e.subject, `seo.dlq.${b.stage}`);
      assert.match(e.headers!.get(DLQ_HEADER.reason), b.reason);
      assert.equal(e.headers!.get(DLQ_HEADER.deliveries), "1", "hopeless input is not retried");
      if (b.h)
        assert.equal(
          e.headers!.get("Content-Type"),
          b.h.get("Content-Type"),
          "original headers kept",
        );
    }

    // Nothing is stuck, the actor is alive, and a good workflow still completes.
    const jsm = await jetstreamManager(stack.nc);
    await waitFor("the work queue to empty", async () =>
      (await jsm.streams.info(STREAM_STAGES)).state.messages === 0 ? true : undefined,
    );
    assert.equal(actor.exitCode, null, "the actor is still running");
    const w = await submitAndWait(stack, "indoor herb garden");
    assert.equal(w.status, "completed");
    assert.equal(
      (await jsm.streams.info(STREAM_DLQ)).state.messages,
      bad.length,
      "one dead letter each",
    );
  });

  test("a 400 from the LLM fails the stage at once into the DLQ with the provider's message", async () => {
    const stack = await startStack();
    stacks.push(stack);
    await configureEmulator(stack, { tasks: { outline: { errorRate: 1, errorStatus: 400 } } });
    await stack.startActor("all");
    const w = await submitAndWait(stack, "indoor herb garden");
    assert.equal(w.status, "failed");
    assert.equal(w.error?.code, "LLM_BAD_REQUEST");
    const [entry] = await dlqEntries(stack, 1);
    assert.equal(entry!.subject, "seo.dlq.outline");
    assert.equal(entry!.headers!.get(DLQ_HEADER.deliveries), "1", "not retried");
    assert.match(entry!.headers!.get(DLQ_HEADER.reason), /HTTP 400: .*emulator/);
    const stats = (await (await fetch(`${stack.emulatorBase}/_emulator/stats`)).json()) as {
      byTask: Record<string, number>;
    };
    assert.equal(stats.byTask.outline, 1, "one call, no retry and no fallback");
  });

  test("a workflow past its token budget stops with a clear error", async () => {
    const stack = await startStack();
    stacks.push(stack);
    await stack.startActor("all");
    const res = await fetch(`${stack.gateway!.url}/v1/workflows`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ keyword: "budget travel tips", tokenBudget: 600 }),
    });
    const { id } = (await res.json()) as { id: string };
    const w = await waitFor("the workflow to fail", async () => {
      const r = (await (
        await fetch(`${stack.gateway!.url}/v1/workflows/${id}`)
      ).json()) as ApiWorkflow & {
        tokens: { prompt: number; completion: number };
      };
      return r.status === "failed" || r.status === "completed" ? r : undefined;
    });
    assert.equal(w.status, "failed");
    assert.equal(w.error?.code, "BUDGET_EXCEEDED");
    assert.match(w.error!.message, /token budget of 600 exceeded/);
    assert.ok(
      w.stages.some((s) => s.status === "done"),
      "the stages within budget ran",
    );
    assert.ok(
      w.stages.some((s) => s.status !== "done"),
      "the rest did not",
    );
    const [entry] = await dlqEntries(stack, 1);
    assert.equal(entry!.headers!.get(DLQ_HEADER.code), "BUDGET_EXCEEDED");
  });

  test("a message whose last delivery died with its process is moved to the DLQ by the keeper", async () => {
    const stack = await startStack({
      env: { MAX_DELIVER: "1", ACK_WAIT_MS: "1500", DEAD_LETTER_GRACE_MS: "1000" },
    });
    stacks.push(stack);
    await configureEmulator(stack, { tasks: { research: { latencyMs: 10_000 } } });
    await stack.startActor(["intake"]);
    const victim = await stack.startActor(["research"]);
    const res = await fetch(`${stack.gateway!.url}/v1/workflows`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ keyword: "doomed keyword" }),
    });
    const { id } = (await res.json()) as { id: string };
    await waitFor("the research call", async () => {
      const s = (await (await fetch(`${stack.emulatorBase}/_emulator/stats`)).json()) as {
        byTask: Record<string, number>;
      };
      return (s.byTask.research ?? 0) >= 1 ? true : undefined;
    });
    victim.kill("SIGKILL");
    // The server notices spent deliveries when the consumer is pulled again: a replacement
    // actor starts, and must not run the stage a second time.
    await stack.startActor(["research"]);

    const [entry] = await dlqEntries(stack, 1);
    assert.equal(entry!.subject, "seo.dlq.research");
    assert.equal(entry!.headers!.get(DLQ_HEADER.code), "MAX_DELIVERIES");
    assert.equal(entry!.headers!.get(DLQ_HEADER.workflowId), id);
    const w = await waitFor("the workflow to fail", async () => {
      const r = (await (
        await fetch(`${stack.gateway!.url}/v1/workflows/${id}`)
      ).json()) as ApiWorkflow;
      return r.status === "failed" ? r : undefined;
    });
    assert.equal(w.error?.code, "MAX_DELIVERIES");
    const stats = (await (await fetch(`${stack.emulatorBase}/_emulator/stats`)).json()) as {
      byTask: Record<string, number>;
    };
    assert.equal(stats.byTask.research, 1, "the spent message was not run again");
    const jsm = await jetstreamManager(stack.nc);
    await waitFor("the work queue to empty", async () =>
      (await jsm.streams.info(STREAM_STAGES)).state.messages === 0 ? true : undefined,
    );
  });

  test("a message out of deliveries whose last attempt was only stalled is not dead-lettered: the stage is recorded and the workflow completes", async () => {
    // The acks of an actor frozen past its ack wait are lost as they are when a cluster
    // node is frozen; the keeper must wait its grace and find the stage on record.
    const stack = await startStack({
      env: { MAX_DELIVER: "1", ACK_WAIT_MS: "1500", DEAD_LETTER_GRACE_MS: "20000" },
    });
    stacks.push(stack);
    await configureEmulator(stack, { tasks: { research: { latencyMs: 2_000 } } });
    await stack.startActor(["intake", "outline", "draft", "optimise", "review", "assemble"]);
    const stalled = await stack.startActor(["research"]);
    const id = await submitWorkflow(stack, { keyword: "stalled keyword" });
    await waitFor("the research call", async () => {
      const s = (await (await fetch(`${stack.emulatorBase}/_emulator/stats`)).json()) as {
        byTask: Record<string, number>;
      };
      return (s.byTask.research ?? 0) >= 1 ? true : undefined;
    });
    stalled.kill("SIGSTOP");
    // Another research actor pulls: the server finds the only delivery spent and says so.
    await stack.startActor(["research"]);
    // Past the ack wait (1.5 s) the delivery is spent while the attempt is frozen.
    await new Promise((r) => setTimeout(r, 5_000));
    stalled.kill("SIGCONT");

    const [w] = await waitForWorkflows(stack, [id], 60_000);
    assert.equal(w!.status, "completed", JSON.stringify(w!.error));
    const jsm = await jetstreamManager(stack.nc);
    assert.equal((await jsm.streams.info(STREAM_DLQ)).state.messages, 0, "nothing dead-lettered");
    const stats = (await (await fetch(`${stack.emulatorBase}/_emulator/stats`)).json()) as {
      byTask: Record<string, number>;
    };
    assert.equal(stats.byTask.research, 1, "the stalled attempt's answer was the one used");
  });
});
