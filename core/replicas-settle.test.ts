import assert from "node:assert/strict";
import { test } from "node:test";
import { unsettledReason } from "./replicas-settle.ts";

const peer = (name: string, current = true, offline = false) => ({
  name,
  current,
  offline,
  active: 0,
  lag: 0,
});

test("a single server (no cluster info) is settled at once", () => {
  assert.equal(unsettledReason(undefined, 1), undefined);
});

test("a raised stream is settled with a leader and every other replica placed", () => {
  assert.equal(
    unsettledReason({ name: "c", leader: "n0", replicas: [peer("n1"), peer("n2")] }, 3),
    undefined,
  );
  assert.equal(unsettledReason({ name: "c", replicas: [peer("n1"), peer("n2")] }, 3), "no leader");
  assert.equal(unsettledReason({ name: "c", leader: "n0" }, 3), "1 of 3 replicas");
  assert.equal(
    unsettledReason({ name: "c", leader: "n0", replicas: [peer("n1")] }, 3),
    "2 of 3 replicas",
  );
  // A follower still catching up is the servers' business: the leader serves.
  assert.equal(
    unsettledReason({ name: "c", leader: "n0", replicas: [peer("n1", false), peer("n2")] }, 3),
    undefined,
  );
  // One replica: a leader is all it needs.
  assert.equal(unsettledReason({ name: "c", leader: "n0" }, 1), undefined);
});
