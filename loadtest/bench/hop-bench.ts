/**
 * `--only hop`: the per-hop overhead (publish → fetch → handler start → ack) of the engine
 * at about half of its peak, observed from outside the actor runtime.
 *
 * Method. The engine runs once at full speed to find its peak, then again with submissions
 * paced at half of it. During the paced run a separate connection of this process listens,
 * as a plain NATS subscriber, to what the server sends anyway:
 * - every message the server delivers to a pull consumer of a stream (`_INBOX.>` with a
 *   `$JS.ACK.<stream>.…` reply subject). The reply subject carries the message's stream
 *   sequence and **its publish time** (the server's store timestamp, ns); the copy arrives
 *   when the actor's does, so its arrival is the **fetch**. Its `Nats-Msg-Id` header names
 *   the workflow and stage.
 * - every `+ACK` sent to `$JS.ACK.>`: the **ack**, matched to the delivery by stream sequence.
 * - **handler start** is the first LLM call of the stage: the in-process canned stand-in is
 *   wrapped, and the stage's first call is the first point the benchmark controls inside a
 *   handler. So it includes the handler's preamble (decode, state read, "started" event,
 *   prompt rendering); assemble makes no LLM call and has no handler-start point.
 * Times are wall-clock on one host (the server's ns timestamps, this process's
 * `performance.timeOrigin + performance.now()`), so no clock offset is involved. The
 * observer receives a copy of every stage message, so it adds load; the raw JetStream chain
 * runs at the same offered rate with the same observer, as the baseline.
 */
import type { NatsConnection, Subscription } from "@nats-io/nats-core";
import type { LlmClient, LlmRequest, LlmResponse } from "../../core/llm/types.ts";
import { CannedLlm } from "./canned-llm.ts";
import { type BenchContext, ratio, table } from "./context.ts";
import { runEngine } from "./engine.ts";
import { runRawChain } from "./raw-chain.ts";
import { summarize } from "./stats.ts";

/** Wall-clock milliseconds with sub-millisecond resolution. */
const wallMs = () => performance.timeOrigin + performance.now();

/** The fields of a JetStream ack subject (v1 and v2 token layouts). */
export interface AckSubject {
  stream: string;
  consumer: string;
  delivered: number;
  streamSeq: number;
  /** The message's store time, epoch ms (from the ns token). */
  publishedMs: number;
}

export function parseAckSubject(subject: string): AckSubject | undefined {
  const t = subject.split(".");
  if (t[0] !== "$JS" || t[1] !== "ACK") return undefined;
  // v1: $JS.ACK.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<ns>.<pending>
  // v2: $JS.ACK.<domain>.<account>.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<ns>.<pending>[.<token>]
  const o = t.length === 9 ? 2 : t.length >= 11 ? 4 : -1;
  if (o === -1) return undefined;
  const ns = t[o + 5]!;
  // 19 digits do not fit a double exactly: milliseconds and the rest apart.
  const publishedMs = Number(ns.slice(0, -6)) + Number(ns.slice(-6)) / 1e6;
  return {
    stream: t[o]!,
    consumer: t[o + 1]!,
    delivered: Number(t[o + 2]),
    streamSeq: Number(t[o + 3]),
    publishedMs,
  };
}

interface HopRecord {
  msgId: string;
  publishedMs: number;
  fetchedMs: number;
  ackedMs?: number;
}

/** Listens to deliveries and acks of one stream's pull consumers; see the file header. */
export class HopObserver {
  readonly hops = new Map<number, HopRecord>();
  /** First LLM call per `<workflowId>.<stage>`. */
  readonly handlerStarts = new Map<string, number>();
  readonly #subs: Subscription[];

  constructor(nc: NatsConnection, stream: string) {
    const deliveries = nc.subscribe("_INBOX.>", {
      callback: (_err, msg) => {
        const at = wallMs();
        const ack = msg.reply ? parseAckSubject(msg.reply) : undefined;
        if (!ack || ack.stream !== stream || ack.delivered !== 1) return;
        const msgId = msg.headers?.get("Nats-Msg-Id") ?? String(ack.streamSeq);
        this.hops.set(ack.streamSeq, { msgId, publishedMs: ack.publishedMs, fetchedMs: at });
      },
    });
    const acks = nc.subscribe("$JS.ACK.>", {
      callback: (_err, msg) => {
        const at = wallMs();
        const ack = parseAckSubject(msg.subject);
        if (!ack || ack.stream !== stream || msg.string() !== "+ACK") return;
        const hop = this.hops.get(ack.streamSeq);
        if (hop && hop.ackedMs === undefined) hop.ackedMs = at;
      },
    });
    this.#subs = [deliveries, acks];
  }

  /** Wraps an LLM client so the first call of each stage stamps its handler start. */
  stamping(inner: LlmClient): LlmClient {
    const starts = this.handlerStarts;
    return {
      complete(req: LlmRequest): Promise<LlmResponse> {
        const key = `${req.workflowId}.${req.stage}`;
        if (!starts.has(key)) starts.set(key, wallMs());
        return inner.complete(req);
      },
    };
  }

  async close(nc: NatsConnection): Promise<void> {
    await nc.flush();
    for (const s of this.#subs) s.unsubscribe();
  }

  /** Per-segment samples in ms over every observed hop. */
  segments(): {
    publishToFetch: number[];
    fetchToHandler: number[];
    handlerToAck: number[];
    publishToAck: number[];
  } {
    const out = {
      publishToFetch: [] as number[],
      fetchToHandler: [] as number[],
      handlerToAck: [] as number[],
      publishToAck: [] as number[],
    };
    for (const h of this.hops.values()) {
      out.publishToFetch.push(h.fetchedMs - h.publishedMs);
      if (h.ackedMs !== undefined) out.publishToAck.push(h.ackedMs - h.publishedMs);
      // `<workflowId>.<stage>.<iteration>`: the first run of a stage has iteration 0.
      const start = h.msgId.endsWith(".0")
        ? this.handlerStarts.get(h.msgId.slice(0, -2))
        : undefined;
      if (start !== undefined) {
        out.fetchToHandler.push(start - h.fetchedMs);
        if (h.ackedMs !== undefined) out.handlerToAck.push(h.ackedMs - start);
      }
    }
    return out;
  }
}

export async function runHopSection(ctx: BenchContext, observerNc: NatsConnection): Promise<void> {
  const peak = await runEngine(ctx.nc, ctx.actorNc, {
    config: ctx.config,
    pipelines: ctx.pipelines,
    llm: new CannedLlm(),
    workflows: ctx.workflows,
    window: ctx.window,
    run: 200,
  });
  const rate = peak.perSecond / 2;
  console.log(
    `\nPer-hop overhead: engine peak ${peak.perSecond.toFixed(0)} workflows/s, paced at half (${rate.toFixed(0)}/s), ${ctx.workflows} workflows; the raw JetStream chain at the same rate as the baseline. LLM: in-process canned stand-in, wrapped to stamp handler start. Observed from outside the actor (delivery and ack copies, server timestamps): see loadtest/bench/hop-bench.ts.`,
  );
  const engineObs = new HopObserver(observerNc, "SEO_STAGES");
  await observerNc.flush();
  await runEngine(ctx.nc, ctx.actorNc, {
    config: ctx.config,
    pipelines: ctx.pipelines,
    llm: engineObs.stamping(new CannedLlm()),
    workflows: ctx.workflows,
    window: ctx.window,
    run: 201,
    ratePerSecond: rate,
  });
  await engineObs.close(observerNc);
  const rawObs = new HopObserver(observerNc, "BENCH_RAW_201");
  await observerNc.flush();
  await runRawChain(ctx.nc, {
    workflows: ctx.workflows,
    window: ctx.window,
    run: 201,
    ratePerSecond: rate,
  });
  await rawObs.close(observerNc);
  const e = engineObs.segments();
  const r = rawObs.segments();
  const f = (x: number) => x.toFixed(2);
  const row = (name: string, eng: number[], raw?: number[]) => {
    const es = summarize(eng);
    const rs = raw ? summarize(raw) : undefined;
    return [
      name,
      f(es.p50),
      f(es.p99),
      rs ? f(rs.p50) : "—",
      rs ? f(rs.p99) : "—",
      rs ? ratio(es.p50, rs.p50) : "—",
      `${eng.length}`,
    ];
  };
  console.log("");
  console.log(
    table(
      [
        "per hop, at half of the engine's peak",
        "engine p50 (ms)",
        "engine p99 (ms)",
        "raw chain p50 (ms)",
        "raw chain p99 (ms)",
        "p50 engine / raw",
        "engine hops",
      ],
      [
        row(
          "publish → fetch (server store → delivery to the actor)",
          e.publishToFetch,
          r.publishToFetch,
        ),
        row("fetch → handler start (first LLM call; five LLM stages)", e.fetchToHandler),
        row("handler start → ack (stage work, next publish, state CAS, events)", e.handlerToAck),
        row("publish → ack (the whole hop)", e.publishToAck, r.publishToAck),
      ],
    ),
  );
}
