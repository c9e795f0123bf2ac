/**
 * A whole seo-farm stack for integration tests, from real parts: its own nats-server, the
 * LLM emulator over HTTP, actor child processes, and the gateway serving real HTTP.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { NatsConnection } from "@nats-io/nats-core";
import { loadPipelineFiles } from "../../actors/node-pipeline-files.ts";
import { stageNamesOf } from "../../actors/pipeline-loader.ts";
import { type Env, parseConfig, type SeoFarmConfig } from "../../core/config.ts";
import { createLogger } from "../../core/log.ts";
import { connectNats } from "../../core/nats/node-connect.ts";
import { PipelineRegistry } from "../../core/pipeline-registry.ts";
import { INTAKE_STAGE } from "../../core/subjects.ts";
import { ensureTopology } from "../../core/topology.ts";
import { type RunningGateway, startGateway } from "../../gateway/node.ts";
import { startEmulator } from "../../loadtest/llm-emulator/node.ts";
import type { ApiWorkflow } from "./article.ts";
import { readyMessageOf, startDenoProcess } from "./deno.ts";
import { type NatsServerOptions, startNatsServer, type TestNatsServer } from "./nats-server.ts";

export const CLI = fileURLToPath(new URL("../../../bin/seo-farm.js", import.meta.url));

/** Short timings so redelivery tests take seconds, not minutes. */
export const FAST_ENV: Env = {
  ACK_WAIT_MS: "3000",
  MAX_DELIVER: "2",
  RETRY_DELAY_MS: "200",
  PULL_EXPIRES_MS: "1000",
  SHUTDOWN_GRACE_MS: "5000",
  LLM_MAX_RETRIES: "0",
  LOG_LEVEL: "warn",
  // Tests poll the gateway faster than a client should; the rate-limit tests set their own.
  GATEWAY_RATE_LIMIT_PER_MINUTE: "0",
};

export interface StackOptions {
  /** Extra environment for every part (e.g. PIPELINES_PATH). */
  env?: Env;
  /** Emulator latency profile. @default "zero" */
  emulatorProfile?: string;
  /** Start the gateway. @default true */
  gateway?: boolean;
  /**
   * Where the gateway runs: in this process (Node), or as a Deno child process.
   * @default SEO_FARM_TEST_GATEWAY, else "node"
   */
  gatewayRuntime?: "node" | "deno";
  /** Options of the stack's nats-server (e.g. a websocket listener). */
  nats?: NatsServerOptions;
  /**
   * Use this NATS (comma-separated URLs, e.g. a test cluster's) instead of starting a
   * nats-server; the stack neither owns nor stops it. The test's connection and the gateway
   * use it, and actors get it as NATS_URL unless `startActor` is given another.
   */
  natsUrl?: string;
  /**
   * The API key the helpers (`submitWorkflow`, `waitForWorkflows`) send, for a stack whose
   * env configures keys. @default none
   */
  apiKey?: string;
}

export interface TestStack extends AsyncDisposable {
  /** The stack's own nats-server; undefined when it was given `natsUrl`. */
  nats: TestNatsServer | undefined;
  /** The NATS URL(s) the stack's parts use. */
  natsUrl: string;
  nc: NatsConnection;
  env: Env;
  config: SeoFarmConfig;
  emulatorUrl: string;
  /** The emulator's control API root (http://host:port). */
  emulatorBase: string;
  gateway?: RunningGateway;
  /** Headers the helpers send to the gateway (the API key, if the stack has one). */
  gatewayHeaders: Record<string, string>;
  stages: string[];
  actors: ChildProcess[];
  /** Starts one actor child process serving `stages`, resolved once its consumers are live. */
  startActor(stages: string[] | "all", env?: Env): Promise<ChildProcess>;
  stop(): Promise<void>;
}

export async function startStack(opts: StackOptions = {}): Promise<TestStack> {
  // What is started before a later step fails is stopped again, so a bad pipeline file or
  // environment fails the test instead of leaving a server that keeps the test process alive.
  const started: Array<() => Promise<unknown>> = [];
  try {
    return await startStackParts(opts, started);
  } catch (err) {
    for (const stop of started.reverse()) await stop().catch(() => {});
    throw err;
  }
}

async function startStackParts(
  opts: StackOptions,
  started: Array<() => Promise<unknown>>,
): Promise<TestStack> {
  const nats = opts.natsUrl === undefined ? await startNatsServer(opts.nats ?? {}) : undefined;
  if (nats) started.push(() => nats.stop());
  const natsUrl = opts.natsUrl ?? nats!.url;
  const emulator = await startEmulator({ port: 0, profile: opts.emulatorProfile ?? "zero" });
  started.push(() => emulator.close());
  const env: Env = {
    ...FAST_ENV,
    ...opts.env,
    NATS_URL: natsUrl,
    OPENAI_API_KEY: "test-key",
    OPENAI_BASE_URL: emulator.url,
    ANTHROPIC_API_KEY: "test-key",
    ANTHROPIC_BASE_URL: emulator.url.replace(/\/v1$/, ""),
    PORT: "0",
    HOST: "127.0.0.1",
  };
  const config = parseConfig(env);
  const nc = await connectNats(natsUrl, { name: "test" });
  started.push(() => nc.close());
  const pipelines = await loadPipelineFiles(config.pipelinesPath);
  const stages = stageNamesOf(pipelines);
  await ensureTopology(nc, { ...config, stages });
  const registry = await PipelineRegistry.open(nc);
  for (const p of pipelines) await registry.publish(p);
  const logger = createLogger({ level: "error" });
  // SEO_FARM_TEST_GATEWAY=deno runs the same tests against the gateway on Deno.
  const gateway =
    opts.gateway === false
      ? undefined
      : (opts.gatewayRuntime ?? process.env.SEO_FARM_TEST_GATEWAY) === "deno"
        ? await startDenoGateway(env)
        : await startGateway({ nc, config, logger, env });
  const actors: ChildProcess[] = [];

  const startActor = (which: string[] | "all", extra: Env = {}): Promise<ChildProcess> => {
    const args = which === "all" ? ["--all"] : ["--stage", which.join(",")];
    const child = spawn(process.execPath, [CLI, "actor", ...args], {
      env: { ...process.env, ...env, ...extra },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    actors.push(child);
    return new Promise((resolve, reject) => {
      child.once("message", () => resolve(child));
      child.once("exit", (code) =>
        reject(new Error(`actor ${args.join(" ")} exited with ${code} before it was ready`)),
      );
    });
  };

  const stop = async (): Promise<void> => {
    await Promise.all(
      actors
        .filter((c) => c.exitCode === null && c.signalCode === null)
        .map(
          (c) =>
            new Promise<void>((resolve) => {
              c.once("exit", () => resolve());
              c.kill("SIGKILL");
            }),
        ),
    );
    await gateway?.close();
    await nc.close();
    await emulator.close();
    await nats?.stop();
  };
  const base = emulator.url.replace(/\/v1\/?$/, "");
  return {
    nats,
    natsUrl,
    nc,
    env,
    config,
    emulatorUrl: emulator.url,
    emulatorBase: base,
    ...(gateway ? { gateway } : {}),
    gatewayHeaders: opts.apiKey ? { Authorization: `Bearer ${opts.apiKey}` } : {},
    stages: [INTAKE_STAGE, ...stages],
    actors,
    startActor,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

/** The gateway as a Deno child process (`gateway/deno.ts`), on a free port. */
async function startDenoGateway(env: Env): Promise<RunningGateway> {
  const child = await startDenoProcess("gateway/deno.ts", [], { ...env, PORT: "0" });
  const ready = readyMessageOf(child)!;
  const url = String(ready.url);
  return {
    url,
    port: Number(ready.port),
    authEnabled: Boolean(env.GATEWAY_API_KEYS || env.GATEWAY_API_KEYS_FILE),
    securityNote: "deno",
    dashboardUrl: `${url}/dashboard`,
    ...(child.pid ? { pid: child.pid } : {}),
    close: () => stopChild(child),
  };
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ""}`,
  );
}

/** Changes the emulator's settings while it runs (`POST /_emulator/config`). */
export async function configureEmulator(stack: TestStack, config: unknown): Promise<void> {
  const res = await fetch(`${stack.emulatorBase}/_emulator/config`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(config),
  });
  if (res.status !== 200) {
    throw new Error(`POST /_emulator/config: HTTP ${res.status}: ${await res.text()}`);
  }
}

/** POSTs a request to the gateway; resolves to the workflow id of the 202. */
export async function submitWorkflow(
  stack: TestStack,
  body: Record<string, unknown>,
): Promise<string> {
  const res = await fetch(`${stack.gateway!.url}/v1/workflows`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...stack.gatewayHeaders },
    body: JSON.stringify(body),
  });
  if (res.status !== 202)
    throw new Error(`POST /v1/workflows: HTTP ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** Waits until every workflow has ended (completed or failed) and returns their views. */
export async function waitForWorkflows(
  stack: TestStack,
  ids: string[],
  timeoutMs = 90_000,
): Promise<ApiWorkflow[]> {
  return await Promise.all(
    ids.map((id) =>
      waitFor(
        `workflow ${id}`,
        async () => {
          const r = await fetch(`${stack.gateway!.url}/v1/workflows/${id}`, {
            headers: stack.gatewayHeaders,
          });
          if (r.status !== 200) return undefined;
          const w = (await r.json()) as ApiWorkflow;
          return ["completed", "failed", "cancelled"].includes(w.status) ? w : undefined;
        },
        timeoutMs,
        250,
      ),
    ),
  );
}

/**
 * Runs the CLI as a child process without blocking this process (which serves the gateway:
 * a blocked event loop makes the server drop keep-alive sockets a client is reusing).
 */
export async function runCli(
  args: string[],
  env: Env,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr!.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const status = await new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return { status, stdout, stderr };
}

/** SIGTERM, then SIGKILL if the child has not exited within `graceMs`; resolves on exit. */
export async function stopChild(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}
