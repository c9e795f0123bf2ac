import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { jetstreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { startNatsCluster, type TestNatsCluster } from "../test/helpers/nats-cluster.ts";
import { startNatsServer, type TestNatsServer } from "../test/helpers/nats-server.ts";
import { casCreate, casDelete, casUpdate, KvRevisionConflictError, readLatest } from "./kv-cas.ts";
import { connectNats } from "./nats/node-connect.ts";
import { isCasConflict } from "./state.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

/** Runs two writes at once; returns how many won and what each did. */
async function race(a: () => Promise<unknown>, b: () => Promise<unknown>) {
  const r = await Promise.allSettled([a(), b()]);
  for (const x of r) {
    if (x.status === "rejected") assert.ok(isCasConflict(x.reason), `a conflict: ${x.reason}`);
  }
  return { won: r.filter((x) => x.status === "fulfilled").length, results: r };
}

describe("one server (an R1 bucket): compare-and-set as the KV client does it", () => {
  let srv: TestNatsServer;
  let nc: NatsConnection;
  before(async () => {
    srv = await startNatsServer();
    nc = await connectNats(srv.url, { name: "kv-cas-test" });
  });
  after(async () => {
    await nc?.close();
    await srv?.stop();
  });

  test("a write on an old revision is a conflict; one on the latest lands, with its msg id", async () => {
    const kv = await new Kvm(nc).create("cas-r1", { history: 1 });
    const r1 = await casCreate(kv, "k", enc("a"));
    const r2 = await casUpdate(kv, "k", enc("b"), r1);
    await assert.rejects(casUpdate(kv, "k", enc("c"), r1), isCasConflict);
    await assert.rejects(casCreate(kv, "k", enc("c")), isCasConflict);
    const e = await readLatest(kv, "k");
    assert.equal(e?.revision, r2);
    assert.equal(dec(e!.value), "b");
    // Guarded on one replica too: the bucket may be raised to R3 while writers run.
    const jsm = await jetstreamManager(nc);
    const stored = await jsm.streams.getMessage("KV_cas-r1", { last_by_subj: "$KV.cas-r1.k" });
    assert.equal(stored?.header.get("Nats-Msg-Id"), `k@${r1}`);
    await assert.rejects(casDelete(kv, "k", r1), isCasConflict);
    await casDelete(kv, "k", r2);
    assert.equal((await readLatest(kv, "k"))?.operation, "DEL");
    // A deleted key can be created again.
    assert.ok((await casCreate(kv, "k", enc("d"))) > r2);
  });
});

describe("a 3-node cluster (an R3 bucket): exactly one of two writes on one revision wins", () => {
  let cluster: TestNatsCluster;
  let a: NatsConnection;
  let b: NatsConnection;
  before(async () => {
    cluster = await startNatsCluster();
    // Two clients on different nodes, as two actors would be.
    a = await connectNats(cluster.nodeUrls[0]!, { name: "kv-cas-a" });
    b = await connectNats(cluster.nodeUrls[1]!, { name: "kv-cas-b" });
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await cluster?.stop();
  });

  test("concurrent updates, creates over a delete marker, and update against delete", async () => {
    const kvA = await new Kvm(a).create("cas-r3", { history: 1, replicas: 3 });
    const kvB = await new Kvm(b).open("cas-r3");
    const PAIRS = 100;
    let unguardedBoth = 0;
    for (let i = 0; i < PAIRS; i++) {
      const key = `u${i}`;
      const rev = await kvA.put(key, enc("init"));
      const { won, results } = await race(
        () => casUpdate(kvA, key, enc("A"), rev),
        () => casUpdate(kvB, key, enc("B"), rev),
      );
      assert.equal(won, 1, `${key}: exactly one of two updates on revision ${rev} wins`);
      const winner = results[0]!.status === "fulfilled" ? "A" : "B";
      const loser = results.find((x) => x.status === "rejected") as PromiseRejectedResult;
      assert.ok(loser.reason instanceof Error);
      const latest = await readLatest(kvB, key);
      assert.equal(dec(latest!.value), winner, `${key}: the stored value is the winner's`);
      if (i === 0) {
        const jsm = await jetstreamManager(a);
        const m = await jsm.streams.getMessage("KV_cas-r3", { last_by_subj: `$KV.cas-r3.${key}` });
        assert.equal(m?.header.get("Nats-Msg-Id"), `${key}@${rev}`, "the guard's msg id");
      }
      // The KV client's own update on this server, for the record (not asserted: servers
      // from 2.9.21 on hold it themselves).
      const rev2 = latest!.revision;
      const plain = await Promise.allSettled([
        kvA.update(key, enc("C"), rev2),
        kvB.update(key, enc("D"), rev2),
      ]);
      if (plain.every((x) => x.status === "fulfilled")) unguardedBoth++;
    }
    console.log(
      `[kv-cas] ${PAIRS} pairs of concurrent updates on one revision of an R3 bucket: guarded, one won every time; the KV client's plain update, both won ${unguardedBoth} times on this server`,
    );

    // Creates racing over a delete marker (a released lease's key): one wins.
    for (let i = 0; i < 20; i++) {
      const key = `c${i}`;
      const rev = await kvA.put(key, enc("x"));
      await kvA.delete(key, { previousSeq: rev });
      const { won } = await race(
        () => casCreate(kvA, key, enc("A")),
        () => casCreate(kvB, key, enc("B")),
      );
      assert.equal(won, 1, `${key}: exactly one of two creates over a delete marker wins`);
    }

    // A release racing a takeover, both on one revision: one wins.
    for (let i = 0; i < 20; i++) {
      const key = `d${i}`;
      const rev = await kvA.put(key, enc("lease"));
      const { won } = await race(
        () => casDelete(kvA, key, rev),
        () => casUpdate(kvB, key, enc("taken"), rev),
      );
      assert.equal(won, 1, `${key}: a delete and an update on one revision, one wins`);
    }
  });

  test("a write on a revision that moved on is a conflict, whichever check refuses it", async () => {
    const kv = await new Kvm(a).open("cas-r3");
    const rev = await kv.put("e", enc("1"));
    const rev2 = await casUpdate(kv, "e", enc("2"), rev);
    // Once the first write is applied, the leader's revision check refuses a late one...
    await assert.rejects(casUpdate(kv, "e", enc("3"), rev), isCasConflict);
    // ...and while it is in flight, the duplicate check does, as this error.
    const dup = new KvRevisionConflictError("e", rev, `revision ${rev2} was written on it first`);
    assert.ok(isCasConflict(dup));
    assert.equal(dup.code, "CONFLICT");
    assert.ok(dup.retryable);
  });
});
