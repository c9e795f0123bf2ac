import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_ACK_WAIT_MS, DEFAULT_MAX_DELIVER, DEFAULT_PORT, parseConfig } from "./config.ts";

test("an empty environment gives the documented defaults", () => {
  const c = parseConfig({});
  assert.equal(c.port, DEFAULT_PORT);
  assert.equal(c.ackWaitMs, DEFAULT_ACK_WAIT_MS);
  assert.equal(c.maxDeliver, DEFAULT_MAX_DELIVER);
  assert.equal(c.heartbeatMs, 60_000);
  assert.equal(c.duplicateWindowMs, 900_000);
  assert.equal(c.natsUrlExplicit, false);
  assert.equal(c.actorConcurrency, 8);
});

test("short ack waits for tests derive the heartbeat and keep the dedupe window valid", () => {
  const c = parseConfig({ ACK_WAIT_MS: "3000", MAX_DELIVER: "3" });
  assert.equal(c.heartbeatMs, 1000);
  assert.ok(c.duplicateWindowMs >= 9000);
});

test("bad values name the variable and the value", () => {
  assert.throws(
    () => parseConfig({ PORT: "http" }),
    /PORT must be an integer from 0 to 65535 \(got "http"\)/,
  );
  assert.throws(() => parseConfig({ ACTOR_CONCURRENCY: "0" }), /ACTOR_CONCURRENCY/);
  assert.throws(() => parseConfig({ LOG_LEVEL: "loud" }), /LOG_LEVEL/);
  assert.throws(
    () => parseConfig({ ACK_WAIT_MS: "600000", DUPLICATE_WINDOW_MS: "60000" }),
    /DUPLICATE_WINDOW_MS must be ≥ ACK_WAIT_MS × MAX_DELIVER/,
  );
  assert.throws(
    () => parseConfig({ ACK_WAIT_MS: "2000", HEARTBEAT_MS: "5000" }),
    /HEARTBEAT_MS must be < ACK_WAIT_MS/,
  );
});

test("PIPELINES_PATH splits on the platform delimiter", () => {
  assert.deepEqual(parseConfig({ PIPELINES_PATH: "/a:/b" }).pipelinesPath, ["/a", "/b"]);
  assert.deepEqual(parseConfig({ PIPELINES_PATH: "C:\\a;D:\\b" }, ";").pipelinesPath, [
    "C:\\a",
    "D:\\b",
  ]);
});
