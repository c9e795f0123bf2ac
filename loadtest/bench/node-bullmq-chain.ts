/**
 * BullMQ's own ceiling, next to the raw JetStream chain: six queues, each worker only adds
 * the next job (awaited, with a dedupe job id) and returns, which completes its job. No
 * pipeline code, no state. Latency is from the first add to the last hop's handler.
 */
import { Queue, Worker } from "bullmq";
import { cleanUp } from "./node-bullmq-pipeline.ts";
import { benchRedis } from "./node-redis.ts";
import type { ChainResult } from "./raw-chain.ts";

const HOPS = 6;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runBullChain(opts: {
  redisUrl: string;
  prefix: string;
  workflows: number;
  window: number;
  /** Jobs each hop's worker runs at once. */
  concurrency: number;
}): Promise<ChainResult> {
  const redis = benchRedis(opts.redisUrl);
  const queues = Array.from(
    { length: HOPS },
    (_, hop) =>
      new Queue(`hop-${hop}`, {
        connection: redis,
        prefix: opts.prefix,
        defaultJobOptions: { removeOnComplete: true, removeOnFail: true },
      }),
  );
  const started = new Map<number, number>();
  const latencies: number[] = [];
  let done = 0;
  let finish: () => void = () => {};
  const finished = new Promise<void>((r) => {
    finish = r;
  });
  const workers = queues.map(
    (_, hop) =>
      new Worker<{ i: number }>(
        `hop-${hop}`,
        async (job) => {
          const { i } = job.data;
          if (hop < HOPS - 1) {
            await queues[hop + 1]!.add("hop", job.data, { jobId: `c${i}.${hop + 1}` });
            return;
          }
          latencies.push(performance.now() - started.get(i)!);
          if (++done === opts.workflows) finish();
        },
        {
          connection: { url: opts.redisUrl, maxRetriesPerRequest: null },
          prefix: opts.prefix,
          concurrency: opts.concurrency,
        },
      ),
  );
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  const t0 = performance.now();
  for (let i = 0; i < opts.workflows; i++) {
    // At most `window` workflows in the chain at once, as in the raw chain.
    while (i - done >= opts.window) await sleep(1);
    started.set(i, performance.now());
    void queues[0]!.add("hop", { i }, { jobId: `c${i}.0` });
  }
  await finished;
  const seconds = (performance.now() - t0) / 1000;
  await cleanUp(redis, opts.prefix, workers, queues);
  await redis.quit();
  return {
    workflows: opts.workflows,
    seconds,
    perSecond: opts.workflows / seconds,
    latenciesMs: latencies,
  };
}
