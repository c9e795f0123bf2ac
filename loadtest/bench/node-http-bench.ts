/**
 * The gateway's own cost: requests/s and p99 of get-status and create, against a bare Hono
 * handler on the same runtime (Node, @hono/node-server) in the same run. Load comes from
 * `wrk` (Debian's package) in its own process, so the load generator is not the limit.
 * Create goes all the way to a JetStream publish on `seo.submit`; get-status reads the
 * workflow's KV record.
 */
import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { serve } from "@hono/node-server";
import type { NatsConnection } from "@nats-io/nats-core";
import { Hono } from "hono";
import { parseConfig } from "../../core/config.ts";
import { createLogger } from "../../core/log.ts";
import { startGateway } from "../../gateway/node.ts";

export interface HttpFigure {
  requestsPerSecond: number;
  p99Ms: number;
}

export interface HttpBenchResult {
  bareGet: HttpFigure;
  getStatus: HttpFigure;
  barePost: HttpFigure;
  create: HttpFigure;
}

export function hasWrk(): boolean {
  return spawnSync("sh", ["-c", "command -v wrk"]).status === 0;
}

function parseWrk(out: string): HttpFigure {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out)?.[1];
  const p99 = /^\s+99%\s+([\d.]+)(us|ms|s)\b/m.exec(out);
  if (!rps || !p99) throw new Error(`cannot read wrk's output:\n${out}`);
  const scale = p99[2] === "us" ? 0.001 : p99[2] === "s" ? 1000 : 1;
  return { requestsPerSecond: Number(rps), p99Ms: Number(p99[1]) * scale };
}

/** Runs wrk without blocking: the servers under test live in this process. */
async function wrk(
  url: string,
  opts: { seconds: number; connections: number; script?: string },
): Promise<HttpFigure> {
  const args = ["-t1", `-c${opts.connections}`, `-d${opts.seconds}s`, "--latency"];
  if (opts.script) args.push("-s", opts.script);
  const { stdout } = await promisify(execFile)("wrk", [...args, url], { encoding: "utf8" });
  return parseWrk(stdout);
}

export async function runHttpBench(
  nc: NatsConnection,
  natsUrl: string,
  workflowId: string,
  opts: { seconds: number; connections: number },
): Promise<HttpBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "seo-farm-http-bench-"));
  // Each create is a new workflow: wrk's Lua counter makes the keyword unique.
  const post = join(dir, "post.lua");
  writeFileSync(
    post,
    `wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, '{"keyword":"bench keyword ' .. n .. '","wordCount":300}')
end
`,
  );
  const bare = new Hono();
  bare.get("/bare", (c) => c.json({ id: workflowId, status: "completed" }));
  bare.post("/bare", async (c) => {
    await c.req.json();
    return c.json({ id: "x", status: "queued" }, 202);
  });
  const bareServer = serve({ fetch: bare.fetch, hostname: "127.0.0.1", port: 0 });
  await new Promise<void>((r) => bareServer.once("listening", () => r()));
  const bareUrl = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}/bare`;
  // The gateway as shipped, minus the limits that exist to stop exactly this load.
  const config = parseConfig({
    NATS_URL: natsUrl,
    PORT: "0",
    LOG_LEVEL: "error",
    GATEWAY_RATE_LIMIT_PER_MINUTE: "0",
    GATEWAY_MAX_BACKLOG: "0",
  });
  const gateway = await startGateway({ nc, config, logger: createLogger({ level: "error" }) });
  try {
    const w = { seconds: opts.seconds, connections: opts.connections };
    // Warm both up (JIT, connections) before measuring.
    await wrk(bareUrl, { ...w, seconds: 1 });
    await wrk(`${gateway.url}/v1/workflows/${workflowId}`, { ...w, seconds: 1 });
    return {
      bareGet: await wrk(bareUrl, w),
      getStatus: await wrk(`${gateway.url}/v1/workflows/${workflowId}`, w),
      barePost: await wrk(bareUrl, { ...w, script: post }),
      create: await wrk(`${gateway.url}/v1/workflows`, { ...w, script: post }),
    };
  } finally {
    await gateway.close();
    bareServer.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
