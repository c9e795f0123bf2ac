/**
 * The raw JetStream ceiling: a six-hop chain where each hop is only a durable publish of the
 * next message and the ack of the current one — no pipeline code. The engine's figures are
 * reported as a ratio of this, measured on the same server in the same run.
 */
import {
  AckPolicy,
  type ConsumerMessages,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
} from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { nanos } from "@nats-io/nats-core";

export interface ChainResult {
  workflows: number;
  seconds: number;
  perSecond: number;
  latenciesMs: number[];
}

const HOPS = 6;

export async function runRawChain(
  nc: NatsConnection,
  opts: {
    workflows: number;
    window: number;
    run: number;
    /** Submit at most this many chains a second (besides the window). @default unpaced */
    ratePerSecond?: number;
  },
): Promise<ChainResult> {
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const stream = `BENCH_RAW_${opts.run}`;
  const prefix = `bench.raw${opts.run}`;
  await jsm.streams.add({
    name: stream,
    subjects: [`${prefix}.>`],
    retention: RetentionPolicy.Workqueue,
    duplicate_window: nanos(120_000),
  });
  const started = new Map<number, number>();
  const latencies: number[] = [];
  let done = 0;
  let finish: () => void = () => {};
  const finished = new Promise<void>((r) => {
    finish = r;
  });
  const iterators: ConsumerMessages[] = [];
  for (let hop = 0; hop < HOPS; hop++) {
    await jsm.consumers.add(stream, {
      durable_name: `hop-${hop}`,
      filter_subject: `${prefix}.${hop}`,
      ack_policy: AckPolicy.Explicit,
    });
    const consumer = await js.consumers.get(stream, `hop-${hop}`);
    const messages = await consumer.consume({ max_messages: 256 });
    iterators.push(messages);
    (async () => {
      for await (const m of messages) {
        const id = Number(new TextDecoder().decode(m.data));
        if (hop < HOPS - 1) {
          // Publish and ack without waiting in line: the chain's best case.
          void js
            .publish(`${prefix}.${hop + 1}`, m.data, { msgID: `${id}.${hop + 1}` })
            .then(() => m.ack());
        } else {
          m.ack();
          latencies.push(performance.now() - started.get(id)!);
          if (++done === opts.workflows) finish();
        }
      }
    })();
  }
  const t0 = performance.now();
  const encoder = new TextEncoder();
  for (let i = 0; i < opts.workflows; i++) {
    // At most `window` workflows in the chain at once.
    while (i - done >= opts.window) await new Promise((r) => setTimeout(r, 1));
    if (opts.ratePerSecond) {
      const wait = t0 + (i * 1000) / opts.ratePerSecond - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    }
    started.set(i, performance.now());
    void js.publish(`${prefix}.0`, encoder.encode(String(i)), { msgID: `${i}.0` });
  }
  await finished;
  const seconds = (performance.now() - t0) / 1000;
  for (const it of iterators) it.stop();
  await jsm.streams.delete(stream);
  return {
    workflows: opts.workflows,
    seconds,
    perSecond: opts.workflows / seconds,
    latenciesMs: latencies,
  };
}
