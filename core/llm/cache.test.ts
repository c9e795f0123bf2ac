import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { NatsConnection } from "@nats-io/nats-core";
import { startNatsServer, type TestNatsServer } from "../../test/helpers/nats-server.ts";
import { parseConfig } from "../config.ts";
import { LeaseStore } from "../leases.ts";
import { connectNats } from "../nats/node-connect.ts";
import { ensureTopology } from "../topology.ts";
import {
  type CacheResult,
  LlmCache,
  parseSingleFlightOptions,
  singleFlightLeaseKey,
} from "./cache.ts";
import { llmCacheFilter, llmCacheKey, stageMemoFilter, stageMemoKey } from "./cache-keys.ts";

let srv: TestNatsServer;
let nc1: NatsConnection;
let nc2: NatsConnection;

before(async () => {
  srv = await startNatsServer();
  nc1 = await connectNats(srv.url, { name: "cache-test-1" });
  nc2 = await connectNats(srv.url, { name: "cache-test-2" });
  await ensureTopology(nc1, { ...parseConfig({}), stages: [] });
});

after(async () => {
  await nc1?.close();
  await nc2?.close();
  await srv?.stop();
});

/** Two caches as two processes would have them: separate connections, separate owners. */
async function twoProcesses(): Promise<[LlmCache, LlmCache]> {
  return [
    await LlmCache.open(nc1, { owner: "process-a" }),
    await LlmCache.open(nc2, { owner: "process-b" }),
  ];
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Short claims, so takeovers happen in well under a second. */
const FAST = { claimTtlMs: 600, pollMs: 50 };

test("values round-trip through get and put; undefined is refused", async () => {
  const [cache] = await twoProcesses();
  const value = { text: "Trail running shoes: a guide", usage: { prompt: 12, completion: 34 } };
  assert.equal(await cache.get("llm.test.m.v1.roundtrip"), undefined);
  await cache.put("llm.test.m.v1.roundtrip", value);
  assert.deepEqual(await cache.get("llm.test.m.v1.roundtrip"), value);
  await assert.rejects(cache.put("llm.test.m.v1.undef", undefined), TypeError);
  await assert.rejects(cache.get("llm.test.llama3.1:8b"), TypeError, "keys are checked");
});

test("use reads the cache, bypass neither reads nor writes, refresh writes without reading", async () => {
  const [cache] = await twoProcesses();
  const key = "llm.test.m.v1.modes";
  await cache.put(key, "stored");
  let calls = 0;
  const compute = (v: string) => async () => {
    calls++;
    return v;
  };

  const used = await cache.getOrCompute(key, compute("fresh"));
  assert.deepEqual(used, { value: "stored", hit: true, waitedMs: 0, computed: false });
  assert.equal(calls, 0);

  const bypassed = await cache.getOrCompute(key, compute("bypassed"), { mode: "bypass" });
  assert.deepEqual(bypassed, { value: "bypassed", hit: false, waitedMs: 0, computed: true });
  assert.equal(await cache.get(key), "stored", "bypass did not write");

  const refreshed = await cache.getOrCompute(key, compute("refreshed"), { mode: "refresh" });
  assert.deepEqual(refreshed, { value: "refreshed", hit: false, waitedMs: 0, computed: true });
  assert.equal(await cache.get(key), "refreshed", "refresh wrote");
  assert.equal((await cache.getOrCompute(key, compute("again"))).value, "refreshed");

  assert.equal(calls, 2);
  assert.deepEqual(cache.stats(), {
    hits: 2,
    misses: 0,
    computed: 2,
    waits: 0,
    takeovers: 0,
    storeErrors: 0,
  });
});

test("50 concurrent calls over two processes compute once and all get the value", async () => {
  const caches = await twoProcesses();
  const key = await llmCacheKey({
    provider: "openai",
    model: "gpt-4o",
    promptVersion: "v1",
    request: { user: "single flight" },
  });
  let computes = 0;
  const compute = async () => {
    computes++;
    await sleep(1_000);
    return { text: `answer ${computes}` };
  };
  const results = await Promise.all(
    Array.from({ length: 50 }, (_, i) => caches[i % 2]!.getOrCompute(key, compute, FAST)),
  );

  assert.equal(computes, 1);
  for (const r of results) assert.deepEqual(r.value, { text: "answer 1" });
  assert.equal(results.filter((r) => r.computed).length, 1);
  const waiters = results.filter((r) => r.hit);
  assert.equal(waiters.length, 49);
  assert.ok(
    waiters.every((r) => r.waitedMs >= 500),
    `every waiter waited for the computation: ${waiters.map((r) => r.waitedMs)}`,
  );
  const [a, b] = caches.map((c) => c.stats());
  assert.equal(a!.computed + b!.computed, 1);
  assert.equal(a!.hits + b!.hits, 49);
  assert.equal(a!.waits + b!.waits, 49);
  assert.deepEqual(await caches[1].get(key), { text: "answer 1" });
});

test("a waiter takes over the claim of a process that died mid-computation", async () => {
  const ncDying = await connectNats(srv.url, { name: "cache-test-dying" });
  const dying = await LlmCache.open(ncDying, { owner: "process-dying" });
  const [, survivor] = await twoProcesses();
  const leases = await LeaseStore.open(nc1);
  const key = "llm.test.m.v1.takeover";
  const hang = deferred<string>();

  const dyingCall = dying.getOrCompute(key, () => hang.promise, FAST);
  await until("the dying process's claim", async () => {
    return (await leases.holder(singleFlightLeaseKey(key)))?.owner === "process-dying";
  });
  await ncDying.close(); // it can no longer renew, store or release

  const started = Date.now();
  const r = await survivor.getOrCompute(key, async () => "from the survivor", FAST);
  const elapsed = Date.now() - started;
  assert.deepEqual(
    { ...r, waitedMs: 0 },
    {
      value: "from the survivor",
      hit: false,
      waitedMs: 0,
      computed: true,
    },
  );
  assert.ok(r.waitedMs > 0, "it waited for the claim to expire first");
  assert.ok(elapsed < 10 * FAST.claimTtlMs, `took ${elapsed} ms`);
  assert.equal(survivor.stats().takeovers, 1);
  assert.equal(await survivor.get(key), "from the survivor");

  // Let the "dead" call end so nothing dangles; its store fails on the closed connection.
  hang.resolve("too late");
  assert.equal((await dyingCall).value, "too late");
  assert.equal(dying.stats().storeErrors, 1);
  assert.equal(await survivor.get(key), "from the survivor");
});

test("a compute's error reaches only its caller; waiters carry on and one of them computes", async () => {
  const [a, b] = await twoProcesses();
  const key = "llm.test.m.v1.failure";
  const boom = new Error("upstream down");
  let computes = 0;
  const failing = async (): Promise<string> => {
    computes++;
    await sleep(200);
    throw boom;
  };
  const succeeding = (v: string) => async () => {
    computes++;
    await sleep(100);
    return v;
  };

  const first = a.getOrCompute(key, failing, FAST);
  await sleep(20); // `first` leads; the others wait on it, in its process and in another
  const joiner = a.getOrCompute(key, succeeding("from a joiner"), FAST);
  const remote = b.getOrCompute(key, succeeding("from the other process"), FAST);

  await assert.rejects(first, (err) => err === boom);
  const [j, r] = await Promise.all([joiner, remote]);
  assert.equal(computes, 2, "the failed compute and one more");
  assert.equal(j.value, r.value, "both waiters got the one value computed after the failure");
  assert.equal([j, r].filter((x) => x.computed).length, 1);
  assert.equal(await a.get(key), j.value);

  // A request that always fails fails each caller with its own error, and none hangs.
  const errors = await Promise.allSettled(
    [a, a, b].map((c, i) =>
      c.getOrCompute(
        "llm.test.m.v1.always-failing",
        async () => {
          await sleep(50);
          throw new Error(`attempt of caller ${i}`);
        },
        FAST,
      ),
    ),
  );
  assert.deepEqual(
    errors.map((e) => (e.status === "rejected" ? (e.reason as Error).message : "resolved")),
    ["attempt of caller 0", "attempt of caller 1", "attempt of caller 2"],
  );
});

test("a waiter stops at its signal, or computes itself after maxWaitMs", async () => {
  const [a, b] = await twoProcesses();
  const key = "llm.test.m.v1.slow";
  const slow = a.getOrCompute(
    key,
    async () => {
      await sleep(800);
      return "slow";
    },
    FAST,
  );
  await sleep(50);

  const aborted = b.getOrCompute(key, async () => "never", {
    ...FAST,
    signal: AbortSignal.timeout(100),
  });
  await assert.rejects(aborted, { name: "TimeoutError" });

  const impatient: CacheResult<string> = await b.getOrCompute(key, async () => "impatient", {
    ...FAST,
    maxWaitMs: 200,
  });
  assert.equal(impatient.value, "impatient");
  assert.equal(impatient.computed, true);
  assert.ok(impatient.waitedMs >= 200);
  assert.equal((await slow).value, "slow", "the claimant finished regardless");
});

test("invalidate purges exactly the keys a filter matches", async () => {
  const [cache] = await twoProcesses();
  const llm = (provider: string, model: string, promptVersion: string, n: number) =>
    llmCacheKey({ provider, model, promptVersion, request: { n } });
  const memo = (assistant: string, keyword: string, n: number) =>
    stageMemoKey({ assistant, promptVersion: "v1", keyword, input: { n } });
  const keys = {
    gpt4o: [await llm("inv-openai", "gpt-4o", "v1", 1), await llm("inv-openai", "gpt-4o", "v2", 2)],
    mini: [await llm("inv-openai", "gpt-4o-mini", "v1", 3)],
    llama: [await llm("inv-ollama", "llama3.1:8b", "v1", 4)],
    shoes: [await memo("research", "Trail Shoes", 5), await memo("outline", "trail shoes", 6)],
    boots: [await memo("research", "hiking boots", 7)],
  };
  for (const key of Object.values(keys).flat()) await cache.put(key, key);

  assert.equal(
    await cache.invalidate(llmCacheFilter({ provider: "inv-openai", model: "gpt-4o" })),
    2,
  );
  assert.equal(await cache.invalidate(await stageMemoFilter({ keyword: "trail shoes" })), 2);
  assert.equal(await cache.invalidate(llmCacheFilter({ provider: "inv-nobody" })), 0);
  for (const key of [...keys.gpt4o, ...keys.shoes]) assert.equal(await cache.get(key), undefined);
  for (const key of [...keys.mini, ...keys.llama, ...keys.boots]) {
    assert.equal(await cache.get(key), key, `${key} survives`);
  }
  assert.equal(await cache.invalidate("llm.inv-ollama.>"), 1);
  assert.equal(await cache.get(keys.llama[0]!), undefined);
  await assert.rejects(cache.invalidate("llm..x"), TypeError);
});

test("single-flight options are validated with the field's name", () => {
  assert.deepEqual(parseSingleFlightOptions({}), {
    claimTtlMs: 30_000,
    renewMs: 10_000,
    pollMs: 250,
    maxWaitMs: 300_000,
    signal: undefined,
    mode: "use",
  });
  assert.throws(
    () => parseSingleFlightOptions({ claimTtlMs: 0 }),
    /claimTtlMs must be > 0 \(got 0\)/,
  );
  assert.throws(
    () => parseSingleFlightOptions({ claimTtlMs: 600, renewMs: 600 }),
    /renewMs must be < claimTtlMs \(got 600 ≥ 600\)/,
  );
  assert.throws(() => parseSingleFlightOptions({ maxWaitMs: -1 }), /maxWaitMs must be ≥ 0/);
});
