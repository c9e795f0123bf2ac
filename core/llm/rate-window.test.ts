import assert from "node:assert/strict";
import { test } from "node:test";
import { ConcurrencyLimiter } from "./limiter.ts";
import { RateWindow } from "./rate-window.ts";

function clock() {
  let now = 1_000_000;
  const slept: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
    slept,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

test("requests per minute: the call past the limit waits for the oldest to age out", async () => {
  const c = clock();
  const w = new RateWindow({ rpm: 3, tpm: 0, now: c.now, sleep: c.sleep });
  await w.admit();
  c.advance(10_000);
  await w.admit();
  await w.admit();
  assert.deepEqual(c.slept, []);
  await w.admit();
  assert.deepEqual(c.slept, [50_000], "the first call was 50 s from leaving the window");
});

test("tokens per minute: a call waits until the window's tokens fall under the limit", async () => {
  const c = clock();
  const w = new RateWindow({ rpm: 0, tpm: 1_000, now: c.now, sleep: c.sleep });
  await w.admit();
  w.record(600);
  c.advance(20_000);
  await w.admit();
  w.record(500);
  assert.equal(w.waitMs(), 40_000, "1,100 tokens in the window: wait for the first 600 to leave");
  await w.admit();
  assert.deepEqual(c.slept, [40_000]);
});

test("no limits means no waiting and no bookkeeping", async () => {
  const w = new RateWindow({ rpm: 0, tpm: 0 });
  assert.equal(w.enabled, false);
  await w.admit();
  assert.equal(w.waitMs(), 0);
});

test("the concurrency limiter queues past its limit and hands slots over in order", async () => {
  const l = new ConcurrencyLimiter(2);
  const r1 = await l.acquire();
  const r2 = await l.acquire();
  const order: number[] = [];
  const third = l.acquire().then((r) => {
    order.push(3);
    return r;
  });
  const fourth = l.acquire().then((r) => {
    order.push(4);
    return r;
  });
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(l.waiting, 2);
  r1();
  (await third)();
  r2();
  (await fourth)();
  assert.deepEqual(order, [3, 4]);
  assert.equal(l.active, 0);
});

test("a spent quota pauses new calls until its reset", async () => {
  const l = new ConcurrencyLimiter(4);
  l.pauseUntil(Date.now() + 150);
  const started = Date.now();
  (await l.acquire())();
  assert.ok(Date.now() - started >= 140, "held until the quota's reset");
});
