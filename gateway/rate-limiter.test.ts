import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { RateLimiter } from "./rate-limiter.ts";

function clock(start = 1_000_000) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

describe("RateLimiter", () => {
  // [what, per minute, requests: ms to wait before each, expected allowed flags]
  const cases: Array<[string, number, number[], boolean[]]> = [
    ["a burst up to the limit passes", 3, [0, 0, 0], [true, true, true]],
    ["one past the limit is refused", 3, [0, 0, 0, 0], [true, true, true, false]],
    [
      "a token comes back after 60 s / limit",
      3,
      [0, 0, 0, 0, 20_000],
      [true, true, true, false, true],
    ],
    ["not a moment earlier", 3, [0, 0, 0, 19_999], [true, true, true, false]],
    [
      "a quiet minute refills the whole bucket",
      2,
      [0, 0, 60_000, 0, 0],
      [true, true, true, true, false],
    ],
    ["refills never exceed the limit", 2, [0, 600_000, 0, 0], [true, true, true, false]],
    ["a limit of 1 allows one per minute", 1, [0, 30_000, 30_000], [true, false, true]],
  ];
  for (const [what, perMinute, waits, expected] of cases) {
    test(what, () => {
      const c = clock();
      const limiter = new RateLimiter({ now: c.now });
      const got = waits.map((ms) => {
        c.advance(ms);
        return limiter.take("k", perMinute).allowed;
      });
      assert.deepEqual(got, expected);
    });
  }

  test("a refusal says when to retry, in whole seconds, never 0", () => {
    const c = clock();
    const limiter = new RateLimiter({ now: c.now });
    limiter.take("k", 2);
    limiter.take("k", 2);
    const refused = limiter.take("k", 2);
    assert.equal(refused.allowed, false);
    assert.equal(refused.retryAfterSeconds, 30);
    assert.equal(refused.remaining, 0);
    assert.equal(refused.limit, 2);
    assert.equal(refused.resetSeconds, 60);
    c.advance(29_500);
    assert.equal(limiter.take("k", 2).retryAfterSeconds, 1);
    const fast = new RateLimiter({ now: c.now });
    for (let i = 0; i < 6000; i++) fast.take("f", 6000);
    assert.equal(fast.take("f", 6000).retryAfterSeconds, 1);
  });

  test("an allowed request reports what is left", () => {
    const limiter = new RateLimiter({ now: clock().now });
    const d = limiter.take("k", 10);
    assert.deepEqual(d, {
      allowed: true,
      limit: 10,
      remaining: 9,
      resetSeconds: 6,
      retryAfterSeconds: 0,
    });
  });

  test("buckets are independent", () => {
    const limiter = new RateLimiter({ now: clock().now });
    assert.equal(limiter.take("a", 1).allowed, true);
    assert.equal(limiter.take("a", 1).allowed, false);
    assert.equal(limiter.take("b", 1).allowed, true);
  });

  test("past maxBuckets, full buckets go first and an exhausted one is kept", () => {
    const c = clock();
    const limiter = new RateLimiter({ now: c.now, maxBuckets: 2 });
    limiter.take("busy", 1); // exhausted
    c.advance(1_000);
    limiter.take("idle", 100); // refills to full within a second
    c.advance(1_000);
    limiter.take("new", 1);
    assert.equal(limiter.size, 2);
    assert.equal(limiter.take("busy", 1).allowed, false, "the exhausted bucket was kept");
  });

  test("past maxBuckets with no full bucket, the oldest goes", () => {
    const c = clock();
    const limiter = new RateLimiter({ now: c.now, maxBuckets: 2 });
    limiter.take("a", 1);
    limiter.take("b", 1);
    limiter.take("c", 1);
    assert.equal(limiter.size, 2);
    assert.equal(limiter.take("c", 1).allowed, false, "the newest bucket was kept");
    assert.equal(limiter.take("b", 1).allowed, false);
  });

  test("bad arguments are RangeErrors", () => {
    assert.throws(() => new RateLimiter({ maxBuckets: 0 }), RangeError);
    assert.throws(() => new RateLimiter().take("k", 0), RangeError);
    assert.throws(() => new RateLimiter().take("k", 1.5), RangeError);
  });
});
