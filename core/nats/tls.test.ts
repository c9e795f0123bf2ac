import assert from "node:assert/strict";
import { test } from "node:test";
import { parseConfig } from "../config.ts";
import { natsConnectionOptions } from "./connect-options.ts";
import { parseNatsTls, readNatsTls } from "./tls.ts";

const PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
const files: Record<string, string> = {
  "/tls/ca.pem": PEM,
  "/tls/client.pem": PEM,
  "/tls/client-key.pem": "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n",
  "/tls/empty.pem": "",
};
const readFile = (p: string): Uint8Array => {
  const text = files[p];
  if (text === undefined) throw new Error(`ENOENT: no such file, open '${p}'`);
  return new TextEncoder().encode(text);
};

test("without NATS_TLS_* no TLS options are set (the server's offer decides)", () => {
  assert.equal(parseNatsTls({}), undefined);
  assert.equal(natsConnectionOptions("nats://h:1", { name: "t" }, {}, readFile).tls, undefined);
});

test("NATS_TLS_CA alone: the CA's PEM reaches the transport, TLS required", () => {
  const o = natsConnectionOptions(
    "nats://h:1",
    { name: "t" },
    { NATS_TLS_CA: "/tls/ca.pem" },
    readFile,
  );
  assert.deepEqual(o.tls, { ca: PEM });
});

test("NATS_TLS_CERT and NATS_TLS_KEY give a client certificate for mutual TLS", () => {
  const o = natsConnectionOptions(
    "nats://h:1",
    { name: "t" },
    {
      NATS_TLS_CA: "/tls/ca.pem",
      NATS_TLS_CERT: "/tls/client.pem",
      NATS_TLS_KEY: "/tls/client-key.pem",
    },
    readFile,
  );
  assert.equal(o.tls?.ca, PEM);
  assert.equal(o.tls?.cert, PEM);
  assert.match(o.tls?.key ?? "", /BEGIN PRIVATE KEY/);
});

test("a certificate without its key (or the reverse) is refused at startup, naming both", () => {
  assert.throws(
    () => parseConfig({ NATS_TLS_CERT: "/tls/client.pem" }),
    /set both NATS_TLS_CERT and NATS_TLS_KEY .* \(got only NATS_TLS_CERT\)/,
  );
  assert.throws(() => parseNatsTls({ NATS_TLS_KEY: "/k" }), /got only NATS_TLS_KEY/);
});

test("an unreadable or non-PEM file is an error naming its variable and path", () => {
  assert.throws(
    () => readNatsTls({ caFile: "/tls/missing.pem" }, readFile),
    /NATS_TLS_CA: cannot read \/tls\/missing\.pem: ENOENT/,
  );
  assert.throws(
    () =>
      readNatsTls({ caFile: "/tls/ca.pem", certFile: "/tls/empty.pem", keyFile: "/x" }, readFile),
    /NATS_TLS_CERT: \/tls\/empty\.pem is not a PEM file/,
  );
  assert.throws(() => readNatsTls({ caFile: "/tls/ca.pem" }, undefined), /cannot read TLS files/);
});
