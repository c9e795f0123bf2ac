#!/usr/bin/env node
// Runs every compiled *.test.js under dist/ with Node's test runner.
// Node 20's `--test` takes no globs, so the files are listed here.
// Usage: node scripts/run-tests.mjs [filter-substring ...]
// The whole suite (no filter) then runs the gateway's HTTP tests a second time with the
// gateway on Deno (SEO_FARM_TEST_GATEWAY=deno), and the unit tests under Deno
// (`deno task test`): the same tests must pass on both runtimes.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const filters = process.argv.slice(2);

function collect(dir, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) collect(path, out);
    else if (entry.name.endsWith(".test.js")) out.push(path);
  }
  return out;
}

const files = collect(join(root, "dist"), [])
  .filter((f) => filters.length === 0 || filters.some((s) => relative(root, f).includes(s)))
  .sort();
if (files.length === 0) {
  console.error("no test files matched");
  process.exit(1);
}
const concurrency = process.env.TEST_CONCURRENCY ?? "2";
const run = (list, env = {}) =>
  spawnSync(
    process.execPath,
    ["--test", `--test-concurrency=${concurrency}`, "--test-reporter=spec", ...list],
    { cwd: root, stdio: "inherit", env: { ...process.env, SEO_FARM_ROOT: root, ...env } },
  ).status ?? 1;
let status = run(files);

/** The HTTP tests that talk to a gateway over HTTP only (no Node-specific entry details). */
const GATEWAY_HTTP_TESTS = [
  "gateway/app.test.js",
  "gateway/security.test.js",
  "gateway/dashboard-assets.test.js",
  "gateway/stats.test.js",
  "test/gateway-api.e2e.test.js",
];
if (filters.length === 0 && !process.env.SEO_FARM_TEST_GATEWAY) {
  console.log("\n== the gateway's HTTP tests again, with the gateway on Deno\n");
  const again = GATEWAY_HTTP_TESTS.map((f) => join(root, "dist", f));
  status = run(again, { SEO_FARM_TEST_GATEWAY: "deno" }) || status;
  // The runtime-neutral unit tests under Deno, from the sources (deno.json "test").
  console.log("\n== the unit tests under Deno (deno task test)\n");
  const deno = join(root, "node_modules", ".bin", "deno");
  status =
    (spawnSync(deno, ["task", "test"], { cwd: root, stdio: "inherit", env: process.env }).status ??
      1) ||
    status;
}
process.exit(status);
