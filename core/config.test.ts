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
  assert.equal(c.replicas, 1);
});

test("NATS_REPLICAS sets the replicas of streams and buckets, 1 to 5", () => {
  assert.equal(parseConfig({ NATS_REPLICAS: "3" }).replicas, 3);
  assert.throws(
    () => parseConfig({ NATS_REPLICAS: "0" }),
    /NATS_REPLICAS must be an integer from 1 to 5 \(got "0"\)/,
  );
  assert.throws(() => parseConfig({ NATS_REPLICAS: "7" }), /NATS_REPLICAS/);
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

test("the gateway's safety settings default to no keys, 600/min, no CORS, 64 KiB", () => {
  assert.deepEqual(parseConfig({}).gateway, {
    apiKeys: [],
    apiKeysFile: undefined,
    rateLimitPerMinute: 600,
    corsOrigins: [],
    maxBodyBytes: 65_536,
    maxBacklog: 10_000,
    backpressureRetryAfterS: 10,
  });
});

test("GATEWAY_API_KEYS takes name:secret and bare secrets, named by position", () => {
  const c = parseConfig({
    GATEWAY_API_KEYS: " ci:0123456789abcdefXYZ ,, bare-secret-0123456789 , +bare:with-colon-0123 ",
  });
  assert.deepEqual(c.gateway.apiKeys, [
    { name: "ci", key: "0123456789abcdefXYZ" },
    { name: "key-2", key: "bare-secret-0123456789" },
    // "+bare" is no valid name, so the whole entry is the secret
    { name: "key-3", key: "+bare:with-colon-0123" },
  ]);
});

test("bad gateway settings name the variable, and never the secret", () => {
  const short = "tiny-secret";
  assert.throws(
    () => parseConfig({ GATEWAY_API_KEYS: `ci:${short}` }),
    (err: Error) =>
      /GATEWAY_API_KEYS: the key of entry 1 \("ci"\) must be at least 16 characters/.test(
        err.message,
      ) && !err.message.includes(short),
  );
  assert.throws(
    () => parseConfig({ GATEWAY_API_KEYS: "a:0123456789abcdef0,a:0123456789abcdef1" }),
    /GATEWAY_API_KEYS: the name "a" is used twice/,
  );
  assert.throws(
    () => parseConfig({ GATEWAY_RATE_LIMIT_PER_MINUTE: "-1" }),
    /GATEWAY_RATE_LIMIT_PER_MINUTE must be an integer/,
  );
  assert.throws(() => parseConfig({ GATEWAY_MAX_BODY_BYTES: "10" }), /GATEWAY_MAX_BODY_BYTES/);
  for (const bad of [
    "app.example.com",
    "https://app.example.com/",
    "ftp://x.example",
    "*,https://a.example",
  ]) {
    assert.throws(() => parseConfig({ GATEWAY_CORS_ORIGINS: bad }), /GATEWAY_CORS_ORIGINS/, bad);
  }
});

test("GATEWAY_CORS_ORIGINS takes origins or *", () => {
  assert.deepEqual(
    parseConfig({ GATEWAY_CORS_ORIGINS: "https://app.example.com, http://localhost:5173" }).gateway
      .corsOrigins,
    ["https://app.example.com", "http://localhost:5173"],
  );
  assert.deepEqual(parseConfig({ GATEWAY_CORS_ORIGINS: "*" }).gateway.corsOrigins, ["*"]);
});

test("NATS_PLACEMENT_TAGS is a comma list of server tags; none by default", () => {
  assert.deepEqual(parseConfig({}).placementTags, []);
  assert.deepEqual(parseConfig({ NATS_PLACEMENT_TAGS: " az:eu-1, ssd ,ssd," }).placementTags, [
    "az:eu-1",
    "ssd",
  ]);
  assert.throws(
    () => parseConfig({ NATS_PLACEMENT_TAGS: "ssd,fast disk" }),
    /NATS_PLACEMENT_TAGS takes server tags without spaces .* \(got "fast disk"\)/,
  );
});
