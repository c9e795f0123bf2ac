/**
 * Fuzzing the NATS subjects actors read: random bytes, truncated msgpack, wrong-schema JSON
 * and msgpack, and wrong or missing Content-Type headers on `seo.submit` (both lanes) and
 * on every stage subject (interactive and batch lanes). Each message must end as one
 * dead-letter entry carrying its reason and the original payload, after at most
 * MAX_DELIVER deliveries (no endless redelivery), and leave the work queue; the actors keep
 * running (a valid workflow submitted afterwards completes). A payload over the server's
 * max_payload is refused by the client with a clear error.
 *
 * FUZZ_RUNS (default 1000) messages per target; FUZZ_SEED replays.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { DeliverPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { headers as natsHeaders } from "@nats-io/nats-core";
import { Objm } from "@nats-io/obj";
import fc from "fast-check";
import { DLQ_HEADER } from "../actors/dead-letter.ts";
import { encode } from "../core/codec.ts";
import { ENVELOPE_VERSION } from "../core/envelope.ts";
import { STREAM_DLQ, STREAM_STAGES } from "../core/subjects.ts";
import { FUZZ_RUNS, fuzz, oddString } from "./helpers/fuzz.ts";
import {
  startStack,
  submitWorkflow,
  type TestStack,
  waitFor,
  waitForWorkflows,
} from "./helpers/stack.ts";

const STAGES = ["research", "outline", "draft", "optimise", "review", "assemble"];
const MAX_DELIVER = 2;

let stack: TestStack;

before(async () => {
  stack = await startStack({ env: { MAX_DELIVER: String(MAX_DELIVER) } });
  await stack.startActor("all");
});
after(async () => {
  await stack?.stop();
});

interface Sent {
  subject: string;
  seq: number;
  data: Uint8Array;
  contentType: string | undefined;
}

const contentType = fc.option(
  fc.oneof(
    fc.constantFrom(
      "application/json",
      "application/msgpack",
      "application/x-msgpack",
      "text/plain",
      "application/json; charset=utf-16",
      "",
    ),
    fc.stringMatching(/^[ -~]{1,40}$/),
  ),
  { nil: undefined },
);

/** A valid request or stage envelope, to truncate or to break one field of. */
const validEnvelope = {
  v: ENVELOPE_VERSION,
  workflowId: "fuzz-no-such-workflow",
  pipeline: { name: "seo-article", version: "x" },
  stage: "research",
  iteration: 0,
  request: { keyword: "x", language: "en", wordCount: 500, pipeline: "seo-article" },
  outputs: {},
  timings: {},
  submittedAt: 1,
};

/** Payloads no actor can process, each with the Content-Type it is sent with. */
function badPayload(
  kind: "submit" | "stage",
): fc.Arbitrary<{ data: Uint8Array; type?: string | undefined }> {
  const base = kind === "submit" ? { keyword: "fuzz", language: "en" } : validEnvelope;
  const encoded = encode(base);
  return fc.oneof(
    // random bytes
    fc.record({ data: fc.uint8Array({ minLength: 0, maxLength: 300 }), type: contentType }),
    // truncated msgpack of a valid message
    fc
      .integer({ min: 0, max: encoded.length - 1 })
      .chain((n) => fc.record({ data: fc.constant(encoded.slice(0, n)), type: contentType })),
    // wrong schema: an unknown field (submit), or one field of the envelope made wrong
    fc
      .tuple(
        fc.dictionary(oddString(6), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
        fc.constantFrom(...Object.keys(base)),
        fc.jsonValue({ maxDepth: 2 }),
        fc.constantFrom("json", "msgpack") as fc.Arbitrary<"json" | "msgpack">,
        contentType,
      )
      .map(([extra, field, value, format, type]) => {
        const broken: Record<string, unknown> =
          kind === "submit"
            ? { ...base, ...extra, __fuzz: value }
            : { ...base, ...extra, [field]: field === "v" ? 99 : value };
        if (
          kind === "stage" &&
          field !== "v" &&
          JSON.stringify(value) === JSON.stringify(base[field as keyof typeof base])
        ) {
          broken.v = 0;
        }
        return { data: encode(broken, format), type: type ?? `application/${format}` };
      }),
    // JSON text sent as msgpack and msgpack sent as JSON
    fc.constantFrom(
      { data: encode(base, "json"), type: "application/msgpack" },
      { data: encode(base, "msgpack"), type: "application/json" },
    ),
  );
}

async function publishAll(
  target: string,
  subjects: string[],
  payload: fc.Arbitrary<{ data: Uint8Array; type?: string | undefined }>,
): Promise<Sent[]> {
  const js = jetstream(stack.nc);
  const sent: Sent[] = [];
  await fuzz(
    target,
    fc.asyncProperty(fc.constantFrom(...subjects), payload, async (subject, { data, type }) => {
      const h = natsHeaders();
      if (type !== undefined) h.set("Content-Type", type);
      const ack = await js.publish(subject, data, { headers: h });
      assert.equal(ack.stream, STREAM_STAGES);
      sent.push({ subject, seq: ack.seq, data, contentType: type });
    }),
  );
  return sent;
}

/** Every dead letter in SEO_DLQ, by the stream sequence of the message it holds. */
async function deadLetters(): Promise<
  Map<number, { subject: string; reason: string; deliveries: number; data: Uint8Array }>
> {
  const out = new Map<
    number,
    { subject: string; reason: string; deliveries: number; data: Uint8Array }
  >();
  const consumer = await jetstream(stack.nc).consumers.get(STREAM_DLQ, {
    deliver_policy: DeliverPolicy.All,
  });
  const jsm = await jetstreamManager(stack.nc);
  const total = (await jsm.streams.info(STREAM_DLQ)).state.messages;
  if (total === 0) return out;
  const messages = await consumer.consume();
  for await (const m of messages) {
    const seq = Number(m.headers?.get(DLQ_HEADER.streamSeq));
    out.set(seq, {
      subject: m.headers?.get(DLQ_HEADER.subject) ?? "",
      reason: m.headers?.get(DLQ_HEADER.reason) ?? "",
      deliveries: Number(m.headers?.get(DLQ_HEADER.deliveries)),
      data: m.data,
    });
    if (m.info.pending === 0) break;
  }
  await messages.close();
  return out;
}

async function assertAllDeadLettered(sent: Sent[]): Promise<void> {
  const jsm = await jetstreamManager(stack.nc);
  const seqs = new Set(sent.map((s) => s.seq));
  let dlq = new Map<
    number,
    { subject: string; reason: string; deliveries: number; data: Uint8Array }
  >();
  await waitFor(
    `${sent.length} dead letters`,
    async () => {
      dlq = await deadLetters();
      return [...seqs].every((s) => dlq.has(s)) ? true : undefined;
    },
    120_000,
    500,
  ).catch((err: unknown) => {
    const missing = sent.filter((s) => !dlq.has(s.seq)).slice(0, 5);
    throw new Error(
      `${String(err)}\nnot dead-lettered (first 5): ${JSON.stringify(
        missing.map((m) => ({ ...m, data: Buffer.from(m.data).toString("base64") })),
      )}`,
    );
  });
  for (const s of sent) {
    const d = dlq.get(s.seq)!;
    const what = `seq ${s.seq} on ${s.subject} (${s.contentType}): ${Buffer.from(s.data).toString("base64")}`;
    assert.equal(d.subject, s.subject, what);
    assert.ok(d.reason.length > 0, `${what}: a reason`);
    assert.ok(
      d.deliveries >= 1 && d.deliveries <= MAX_DELIVER,
      `${what}: ${d.deliveries} deliveries`,
    );
    assert.deepEqual(Buffer.from(d.data), Buffer.from(s.data), `${what}: the original payload`);
  }
  // Nothing stays in the work queue, nothing is redelivered any more.
  await waitFor("the work queue to drain", async () =>
    (await jsm.streams.info(STREAM_STAGES)).state.messages === 0 ? true : undefined,
  );
  for (const c of await jsm.consumers.list(STREAM_STAGES).next()) {
    assert.equal(c.num_ack_pending, 0, `${c.name} holds nothing`);
    assert.equal(c.num_pending, 0, `${c.name} has nothing pending`);
  }
}

describe("NATS subject fuzzing", () => {
  test("bad payloads on seo.submit (both lanes) each end as one dead letter with reason and payload", async () => {
    const sent = await publishAll(
      "seo.submit",
      ["seo.submit", "seo.submit.batch"],
      badPayload("submit"),
    );
    assert.equal(sent.length, FUZZ_RUNS);
    await assertAllDeadLettered(sent);
  });

  test("bad payloads on every stage subject (both lanes) each end as one dead letter", async () => {
    const subjects = STAGES.flatMap((s) => [`seo.stage.${s}`, `seo.stage.${s}.batch`]);
    const sent = await publishAll("stage subjects", subjects, badPayload("stage"));
    await assertAllDeadLettered(sent);
  });

  test("the actors keep running: a valid workflow submitted afterwards completes", async () => {
    const id = await submitWorkflow(stack, { keyword: "after the fuzzing" });
    const [w] = await waitForWorkflows(stack, [id], 60_000);
    assert.equal(w!.status, "completed", JSON.stringify(w!.error));
  });

  test("a payload just under max_payload is dead-lettered too, kept whole in seo-artifacts", async () => {
    const js = jetstream(stack.nc);
    const max = stack.nc.info!.max_payload;
    const sent: Array<{ seq: number; data: Uint8Array }> = [];
    for (const subject of ["seo.submit", "seo.stage.draft.batch"]) {
      const data = new Uint8Array(max - 300).fill(0x41);
      data[0] = 0xc1; // not msgpack
      sent.push({ seq: (await js.publish(subject, data)).seq, data });
    }
    const os = await new Objm(stack.nc).open("seo-artifacts");
    for (const { seq, data } of sent) {
      const entry = await waitFor(`the dead letter of seq ${seq}`, async () => {
        for await (const m of await (
          await js.consumers.get(STREAM_DLQ, { deliver_policy: DeliverPolicy.All })
        ).fetch({ max_messages: 10_000, expires: 1_000 })) {
          if (Number(m.headers?.get(DLQ_HEADER.streamSeq)) === seq) return m;
        }
        return undefined;
      });
      assert.ok((entry.headers?.get(DLQ_HEADER.reason) ?? "").length > 0);
      assert.equal(entry.headers?.get(DLQ_HEADER.payloadObject), `seo-artifacts/dlq.${seq}`);
      assert.equal(Number(entry.headers?.get(DLQ_HEADER.payloadBytes)), data.length);
      const kept = await os.getBlob(`dlq.${seq}`);
      assert.ok(kept && Buffer.from(kept).equals(Buffer.from(data)), "the original payload, whole");
    }
    const jsm = await jetstreamManager(stack.nc);
    await waitFor("the work queue to drain", async () =>
      (await jsm.streams.info(STREAM_STAGES)).state.messages === 0 ? true : undefined,
    );
  });

  test("a payload over max_payload is refused by the client with a clear error", async () => {
    const max = stack.nc.info!.max_payload;
    assert.ok(max > 0);
    const big = new Uint8Array(max + 1);
    await assert.rejects(
      () => jetstream(stack.nc).publish("seo.submit", big),
      (err: Error) => /max_?payload|exceeds/i.test(err.message),
    );
    // The connection is still usable.
    const ack = await jetstream(stack.nc).publish("seo.submit", encode({ keyword: "x", __too: 1 }));
    assert.ok(ack.seq > 0);
  });
});
