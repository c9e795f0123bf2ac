import assert from "node:assert/strict";
import { test } from "node:test";
import { actorEnv } from "./actor-env.ts";

test("a spawned actor gets ACTOR_NATS_* as its NATS credentials, not the supervisor's", () => {
  const env = actorEnv({
    NATS_URL: "nats://h:1",
    NATS_USER: "supervisor",
    NATS_PASSWORD: "sup",
    NATS_INBOX_PREFIX: "_INBOX_supervisor",
    ACTOR_NATS_USER: "actor",
    ACTOR_NATS_PASSWORD: "act",
    ACTOR_NATS_INBOX_PREFIX: "_INBOX_actor",
  });
  assert.equal(env.NATS_URL, "nats://h:1");
  assert.deepEqual(
    [env.NATS_USER, env.NATS_PASSWORD, env.NATS_INBOX_PREFIX],
    ["actor", "act", "_INBOX_actor"],
  );
});

test("without ACTOR_NATS_* the actor inherits the supervisor's environment unchanged", () => {
  const env = { NATS_USER: "one", NATS_PASSWORD: "pw" };
  assert.equal(actorEnv(env), env);
});
