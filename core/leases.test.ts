import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { startNatsServer, type TestNatsServer } from "../test/helpers/nats-server.ts";
import { parseConfig } from "./config.ts";
import { LeaseStore } from "./leases.ts";
import { connectNats } from "./nats/node-connect.ts";
import { BUCKET_LEASES } from "./subjects.ts";
import { ensureTopology } from "./topology.ts";

let srv: TestNatsServer;
let nc: NatsConnection;

before(async () => {
  srv = await startNatsServer();
  nc = await connectNats(srv.url, { name: "leases-test" });
  await ensureTopology(nc, { ...parseConfig({}), stages: [] });
});

after(async () => {
  await nc?.close();
  await srv?.stop();
});

/** A store on the shared connection whose clock the test moves by hand. */
async function storeWithClock(start = 1_700_000_000_000) {
  const clock = { t: start };
  const store = new LeaseStore(await new Kvm(nc).open(BUCKET_LEASES), { now: () => clock.t });
  return { store, clock };
}

test("a free lease is taken; a live one is denied, its owner included; an expired one is taken over", async () => {
  const { store, clock } = await storeWithClock();
  const a = await store.tryAcquire("leader.acquire", "a", 1_000);
  assert.ok(a);
  assert.equal(a.owner, "a");
  assert.equal(a.expiresAt, clock.t + 1_000);
  assert.equal(a.previousOwner, undefined);

  assert.equal(await store.tryAcquire("leader.acquire", "b", 1_000), null);
  assert.equal(await store.tryAcquire("leader.acquire", "a", 1_000), null, "not re-entrant");
  assert.deepEqual(await store.holder("leader.acquire"), { owner: "a", expiresAt: a.expiresAt });

  clock.t += 1_000;
  assert.equal(await store.holder("leader.acquire"), null, "expired at expiresAt");
  const b = await store.tryAcquire("leader.acquire", "b", 5_000);
  assert.ok(b);
  assert.equal(b.owner, "b");
  assert.equal(b.previousOwner, "a");
  assert.equal((await store.holder("leader.acquire"))?.owner, "b");
});

test("renew extends a lease we hold and fails once someone took it over", async () => {
  const { store, clock } = await storeWithClock();
  let a = await store.tryAcquire("leader.renew", "a", 1_000);
  assert.ok(a);
  clock.t += 900;
  const renewed = await store.renew(a, 1_000);
  assert.ok(renewed);
  assert.equal(renewed.expiresAt, clock.t + 1_000);
  a = renewed;
  clock.t += 900; // past the first expiry, within the renewed one
  assert.equal(await store.tryAcquire("leader.renew", "b", 1_000), null);

  clock.t += 200;
  const b = await store.tryAcquire("leader.renew", "b", 1_000);
  assert.ok(b, "b takes over the expired lease");
  assert.equal(await store.renew(a, 1_000), null, "a lost it");
  assert.ok(await store.renew(b, 1_000), "b still renews");
  assert.equal((await store.holder("leader.renew"))?.owner, "b");
});

test("an expired lease nobody took over can still be renewed by its owner", async () => {
  const { store, clock } = await storeWithClock();
  const a = await store.tryAcquire("leader.late-renew", "a", 1_000);
  assert.ok(a);
  clock.t += 5_000;
  const renewed = await store.renew(a, 1_000);
  assert.ok(renewed);
  assert.equal((await store.holder("leader.late-renew"))?.owner, "a");
});

test("release frees a lease we hold, and leaves one someone else took over alone", async () => {
  const { store, clock } = await storeWithClock();
  const a = await store.tryAcquire("leader.release", "a", 1_000);
  assert.ok(a);
  await store.release(a);
  assert.equal(await store.holder("leader.release"), null);
  const b = await store.tryAcquire("leader.release", "b", 1_000);
  assert.ok(b, "a released lease is free at once, before its expiry");

  await store.release(a); // stale: a no longer holds it
  assert.equal((await store.holder("leader.release"))?.owner, "b");

  clock.t += 2_000;
  const c = await store.tryAcquire("leader.release", "c", 1_000);
  assert.ok(c);
  await store.release(b); // b's expired lease was taken over by c
  assert.equal((await store.holder("leader.release"))?.owner, "c");
});

test("of 20 concurrent acquirers on two connections, exactly one wins", async () => {
  const nc2 = await connectNats(srv.url, { name: "leases-test-2" });
  try {
    const stores = [await LeaseStore.open(nc), await LeaseStore.open(nc2)];
    for (const round of [1, 2, 3]) {
      const key = `race.round-${round}`;
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => stores[i % 2]!.tryAcquire(key, `owner-${i}`, 30_000)),
      );
      const winners = results.filter((r) => r !== null);
      assert.equal(winners.length, 1, `round ${round}: ${winners.map((w) => w.owner)}`);
      assert.equal((await stores[0]!.holder(key))?.owner, winners[0]!.owner);
    }
  } finally {
    await nc2.close();
  }
});

test("bad keys and ttls are refused before touching KV", async () => {
  const { store } = await storeWithClock();
  for (const key of ["", ".a", "a.", "a..b", "a b", "a.*", "a.>", "llama3.1:8b"]) {
    await assert.rejects(store.tryAcquire(key, "a", 1_000), TypeError, key);
  }
  await assert.rejects(store.tryAcquire("ok", "a", 0), RangeError);
  await assert.rejects(store.tryAcquire("ok", "a", Number.NaN), RangeError);
});

test("keepRenewed keeps a lease alive past its ttl, and reports when it is lost", async () => {
  const store = await LeaseStore.open(nc);
  const lease = await store.tryAcquire("leader.kept", "a", 300);
  assert.ok(lease);
  let lost = 0;
  const keeper = store.keepRenewed(lease, { ttlMs: 300, renewMs: 100, onLost: () => lost++ });
  await sleep(700);
  assert.equal(await store.tryAcquire("leader.kept", "b", 300), null, "still a's after 2 ttls");
  const held = await keeper.stop();
  assert.ok(held);
  await store.release(held);
  assert.equal(await store.holder("leader.kept"), null);

  // A store whose clock runs ahead sees the lease expired and takes it over.
  const again = await store.tryAcquire("leader.kept", "a", 300);
  assert.ok(again);
  const lossy = store.keepRenewed(again, { ttlMs: 300, renewMs: 50, onLost: () => lost++ });
  const ahead = new LeaseStore(await new Kvm(nc).open(BUCKET_LEASES), {
    now: () => Date.now() + 10_000,
  });
  assert.ok(await ahead.tryAcquire("leader.kept", "b", 30_000));
  await sleep(150);
  assert.equal(lost, 1);
  assert.equal(lossy.current, null);
  assert.equal(await lossy.stop(), null);
  assert.equal((await store.holder("leader.kept"))?.owner, "b");
});
