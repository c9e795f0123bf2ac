import assert from "node:assert/strict";
import { test } from "node:test";
import { ConcurrencyLimiter } from "./limiter.ts";

test("a freed slot goes to a waiting interactive call before any batch call", async () => {
  const limiter = new ConcurrencyLimiter(1);
  const first = await limiter.acquire(undefined, "batch");
  const order: string[] = [];
  // Each waiter notes when it got the slot and hands it on a moment later.
  const wait = async (name: string, priority: "interactive" | "batch") => {
    const release = await limiter.acquire(undefined, priority);
    order.push(name);
    await new Promise((r) => setTimeout(r, 2));
    release();
  };
  const all = [
    wait("batch 1", "batch"),
    wait("batch 2", "batch"),
    wait("interactive", "interactive"),
  ];
  assert.equal(limiter.waiting, 3);
  first();
  await Promise.all(all);
  assert.deepEqual(order, ["interactive", "batch 1", "batch 2"]);
  assert.equal(limiter.active, 0);
});
