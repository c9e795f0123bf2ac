/**
 * The Node entry's safety decisions against a real nats-server: without API keys it serves
 * loopback only whatever HOST says, and secrets never reach its logs.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { NatsConnection } from "@nats-io/nats-core";
import { type Env, parseConfig } from "../core/config.ts";
import { createLogger } from "../core/log.ts";
import { connectNats } from "../core/nats/node-connect.ts";
import { startNatsServer, type TestNatsServer } from "../test/helpers/nats-server.ts";
import { FAST_ENV } from "../test/helpers/stack.ts";
import { loadApiKeyring, startGateway } from "./node.ts";

let nats: TestNatsServer;
let nc: NatsConnection;
const tmp = mkdtempSync(join(tmpdir(), "seo-farm-node-gw-"));
before(async () => {
  nats = await startNatsServer();
  nc = await connectNats(nats.url, { name: "test" });
});
after(async () => {
  await nc?.close();
  await nats?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

function capturingLogger() {
  const lines: string[] = [];
  return { lines, logger: createLogger({ level: "debug", write: (l) => lines.push(l) }) };
}

function configOf(env: Env) {
  return parseConfig({ ...FAST_ENV, NATS_URL: nats.url, PORT: "0", ...env });
}

/** A non-loopback address of this machine, if it has one. */
function externalAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
  }
  return undefined;
}

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

test("without API keys, HOST 0.0.0.0 listens on 127.0.0.1 only and warns why", async () => {
  const { lines, logger } = capturingLogger();
  const gw = await startGateway({ nc, config: configOf({ HOST: "0.0.0.0" }), logger });
  try {
    assert.match(gw.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(gw.authEnabled, false);
    assert.match(gw.securityNote, /authentication off/);
    const warning = lines.map((l) => JSON.parse(l)).find((l) => l.level === "warn");
    assert.ok(warning, lines.join("\n"));
    assert.match(warning.msg, /HOST is 0\.0\.0\.0.*no API keys are configured/);
    const res = await fetch(`${gw.url}/v1/workflows/nope`);
    assert.equal(res.status, 404, "auth is off: no key needed");
    await res.body?.cancel();
    const external = externalAddress();
    if (external)
      assert.equal(await connects(external, gw.port), false, `reachable on ${external}`);
  } finally {
    await gw.close();
  }
});

test("with API keys, HOST 0.0.0.0 is kept, and the secrets never reach the log", async () => {
  const envKey = "env-secret-0123456789";
  const fileKey = "file-secret-0123456789";
  const file = join(tmp, "keys.json");
  writeFileSync(file, JSON.stringify([{ name: "from-file", key: fileKey }]));
  const { lines, logger } = capturingLogger();
  const gw = await startGateway({
    nc,
    config: configOf({
      HOST: "0.0.0.0",
      GATEWAY_API_KEYS: `from-env:${envKey}`,
      GATEWAY_API_KEYS_FILE: file,
    }),
    logger,
  });
  try {
    assert.match(gw.url, /^http:\/\/0\.0\.0\.0:\d+$/);
    assert.equal(gw.authEnabled, true);
    assert.match(gw.securityNote, /from-env, from-file/);
    const local = `http://127.0.0.1:${gw.port}`;
    for (const key of [envKey, fileKey, `${envKey}x`]) {
      const res = await fetch(`${local}/v1/workflows/nope`, {
        headers: { Authorization: `Bearer ${key}` },
      });
      await res.body?.cancel();
      assert.equal(res.status, key.endsWith("x") ? 401 : 404);
    }
    const log = lines.join("\n");
    assert.match(log, /from-env/);
    assert.ok(!log.includes(envKey) && !log.includes(fileKey), log);
  } finally {
    await gw.close();
  }
});

test("a key file that cannot be read or parsed stops the start, naming the variable", async () => {
  const base = parseConfig({}).gateway;
  await assert.rejects(
    loadApiKeyring({ ...base, apiKeysFile: join(tmp, "missing.json") }),
    /GATEWAY_API_KEYS_FILE: cannot read .*missing\.json/,
  );
  const broken = join(tmp, "broken.json");
  writeFileSync(broken, '[{"name":"a","key":"0123456789abcdef","admin":true}]');
  await assert.rejects(
    loadApiKeyring({ ...base, apiKeysFile: broken }),
    /GATEWAY_API_KEYS_FILE .*broken\.json: entry 1: unknown field "admin"/,
  );
});
