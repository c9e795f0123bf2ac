#!/usr/bin/env node
// Runs every compiled *.test.js under dist/ with Node's test runner.
// Node 20's `--test` takes no globs, so the files are listed here.
// Usage: node scripts/run-tests.mjs [filter-substring ...]
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
const result = spawnSync(
  process.execPath,
  ["--test", `--test-concurrency=${concurrency}`, "--test-reporter=spec", ...files],
  { cwd: root, stdio: "inherit", env: { ...process.env, SEO_FARM_ROOT: root } },
);
process.exit(result.status ?? 1);
