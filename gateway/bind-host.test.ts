import assert from "node:assert/strict";
import { test } from "node:test";
import { gatewayBindHost, isLoopbackHost, LOOPBACK_HOST } from "./bind-host.ts";

const loopback = [
  "127.0.0.1",
  "127.1.2.3",
  "localhost",
  "LOCALHOST",
  "::1",
  "[::1]",
  "::ffff:127.0.0.1",
];
const exposed = [
  "0.0.0.0",
  "::",
  "[::]",
  "",
  "192.168.1.10",
  "10.0.0.1",
  "example.com",
  "128.0.0.1",
  "127.0.0.300",
  "fe80::1",
];

test("loopback hosts are told from the others", () => {
  for (const h of loopback) assert.equal(isLoopbackHost(h), true, h);
  for (const h of exposed) assert.equal(isLoopbackHost(h), false, h);
});

test("without API keys a non-loopback HOST binds loopback, with a warning saying why", () => {
  for (const h of exposed) {
    const d = gatewayBindHost(h, false);
    assert.equal(d.host, LOOPBACK_HOST, h);
    assert.match(d.warning ?? "", /no API keys are configured/);
    assert.match(d.warning ?? "", /GATEWAY_API_KEYS/);
  }
});

test("without API keys a loopback HOST is kept", () => {
  for (const h of loopback) assert.deepEqual(gatewayBindHost(h, false), { host: h });
});

test("with API keys any HOST is kept", () => {
  for (const h of [...loopback, ...exposed])
    assert.deepEqual(gatewayBindHost(h, true), { host: h });
});
