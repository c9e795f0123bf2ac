#!/usr/bin/env node
// Fails when a runtime-neutral module reaches for a runtime API. Runtime-specific code lives
// only in entry files whose name starts with node, deno, edge, main or cli (node.ts,
// node-connect.ts, main-node.ts, cli.ts), and in tests.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const neutral = [
  "core",
  "actors",
  "supervisor",
  "gateway",
  "loadtest/llm-emulator",
  "loadtest/search-emulator",
];
const entry = /(^|\/)(node|deno|edge|main|cli)[^/]*\.ts$|\.test\.ts$|\/testing\//;
const forbidden = [
  [/from\s+["']node:/, "imports node:*"],
  [/require\(["']node:/, "requires node:*"],
  [/\bDeno\./, "touches Deno.*"],
  [/\bprocess\.(env|exit|on|argv|pid|memoryUsage|cwd|kill)\b/, "touches process"],
  [/from\s+["']@hono\/node-server/, "imports the Node server adapter"],
  [/from\s+["']@nats-io\/transport-node/, "imports the Node NATS transport"],
];

const problems = [];
function walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) walk(path);
    else if (e.name.endsWith(".ts")) {
      const rel = relative(root, path);
      if (entry.test(rel)) continue;
      // Comments may name runtime APIs (to say where they live); code may not.
      const text = readFileSync(path, "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/^\s*\/\/.*$/gm, "");
      for (const [re, what] of forbidden) if (re.test(text)) problems.push(`${rel}: ${what}`);
    }
  }
}
for (const d of neutral) {
  try {
    walk(join(root, d));
  } catch (e) {
    if (e.code !== "ENOENT") throw e;
  }
}
if (problems.length) {
  console.error("Runtime-specific APIs in runtime-neutral modules:\n  " + problems.join("\n  "));
  process.exit(1);
}
console.log("runtime-neutral check: ok");
