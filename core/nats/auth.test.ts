import assert from "node:assert/strict";
import { test } from "node:test";
import { parseConfig } from "../config.ts";
import { parseNatsAuth, serversWithoutCredentials } from "./auth.ts";
import { natsConnectionOptions } from "./connect-options.ts";

test("credentials in NATS_URL are split off the servers and used as user and password", () => {
  assert.deepEqual(serversWithoutCredentials("nats://gw:s%40cret@10.0.0.1:4222, nats://10.0.0.2"), {
    servers: ["nats://10.0.0.1:4222", "nats://10.0.0.2"],
    user: "gw",
    pass: "s@cret",
  });
  const o = natsConnectionOptions("nats://gw:pw@h:1", { name: "t" }, {});
  assert.deepEqual([o.servers, o.user, o.pass], [["nats://h:1"], "gw", "pw"]);
});

test("NATS_USER / NATS_PASSWORD, NATS_TOKEN and NATS_INBOX_PREFIX reach the connection", () => {
  const o = natsConnectionOptions(
    "nats://h:1",
    { name: "t" },
    {
      NATS_USER: "actor",
      NATS_PASSWORD: "pw",
      NATS_INBOX_PREFIX: "_INBOX_actor",
    },
  );
  assert.deepEqual([o.user, o.pass, o.inboxPrefix], ["actor", "pw", "_INBOX_actor"]);
  assert.equal(natsConnectionOptions("h", { name: "t" }, { NATS_TOKEN: "tk" }).token, "tk");
});

test("a creds file is read by the runtime's reader; a missing one is an error naming it", () => {
  assert.throws(
    () =>
      natsConnectionOptions("h", { name: "t" }, { NATS_CREDS: "/no/such.creds" }, () => {
        throw new Error("ENOENT");
      }),
    /NATS_CREDS: cannot read \/no\/such\.creds/,
  );
});

test("contradicting variables are refused at startup, naming them", () => {
  assert.throws(() => parseNatsAuth({ NATS_PASSWORD: "x" }), /NATS_PASSWORD is set but NATS_USER/);
  assert.throws(
    () => parseConfig({ NATS_USER: "a", NATS_TOKEN: "t" }),
    /only one of NATS_USER, NATS_TOKEN and NATS_CREDS \(got NATS_USER, NATS_TOKEN\)/,
  );
  assert.deepEqual(parseConfig({}).natsAuth, { kind: "none" });
});
