/** The OpenAPI document describes every route the app serves, and nothing it does not. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createLogger } from "../core/log.ts";
import { createApp } from "./app.ts";
import type { GatewayBackend } from "./backend.ts";
import { OPENAPI } from "./openapi.ts";

test("every route of the app is in /v1/openapi.json with its method, and every documented one is served", () => {
  // Only the routing table is read here: a backend that refuses every call proves it.
  const backend = new Proxy({} as GatewayBackend, {
    get: () => () => {
      throw new Error("the routing table needs no backend");
    },
  });
  const app = createApp({
    backend,
    logger: createLogger({ level: "error" }),
    metrics: { text: async () => "" },
  });
  const served = new Set<string>();
  for (const r of app.routes) {
    if (r.method === "ALL") continue; // middleware
    const path = r.path
      .replace(/:([A-Za-z]+)\{[^}]*\}/g, "{$1}")
      .replace(/:([A-Za-z]+)/g, "{$1}")
      .replace(/\/$/, "");
    served.add(`${r.method} ${path}`);
  }
  const documented = new Set<string>();
  for (const [path, ops] of Object.entries(OPENAPI.paths)) {
    for (const method of Object.keys(ops)) documented.add(`${method.toUpperCase()} ${path}`);
  }
  const undocumented = [...served].filter((r) => !documented.has(r));
  const phantom = [...documented].filter((r) => !served.has(r));
  assert.deepEqual(undocumented, [], "served but not documented");
  assert.deepEqual(phantom, [], "documented but not served");
});
