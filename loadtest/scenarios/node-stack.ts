/**
 * Starts the real stack a scenario drives, each part a real child process: nats-server
 * (unless --nats-url / NATS_URL), the LLM emulator (unless --emulator-url), the gateway
 * (unless --gateway-url or --via nats), and the actors — a supervisor that keeps them, one
 * process per stage, or one for all. Their output goes to log files in `logDir`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import type { NatsConnection } from "@nats-io/nats-core";
import { loadPipelineFiles } from "../../actors/node-pipeline-files.ts";
import { stageNamesOf } from "../../actors/pipeline-loader.ts";
import { ActorsRegistry } from "../../core/actors-registry.ts";
import { parseConfig } from "../../core/config.ts";
import { connectNats } from "../../core/nats/node-connect.ts";
import { PipelineRegistry } from "../../core/pipeline-registry.ts";
import { INTAKE_STAGE } from "../../core/subjects.ts";
import { ensureTopology } from "../../core/topology.ts";
import { startNatsServer, type TestNatsServer } from "../../test/helpers/nats-server.ts";
import type { ScenarioOptions } from "./options.ts";
import type { ProcessRef } from "./run-data.ts";

const CLI = fileURLToPath(new URL("../../../bin/seo-farm.js", import.meta.url));

export interface LaunchedStack extends AsyncDisposable {
  natsUrl: string;
  nc: NatsConnection;
  registry: ActorsRegistry;
  /** The gateway's root URL, when there is one. */
  gatewayUrl: string | null;
  /** The emulator's root (its control API), when there is one. */
  emulatorBase: string | null;
  /** Every stage, intake first. */
  stages: string[];
  /** The processes this launcher started (actors a supervisor starts come from seo-actors). */
  processes: ProcessRef[];
  logDir: string;
  /** Children that exited before `stop`, with the tail of their log. */
  casualties(): string[];
  stop(): Promise<void>;
}

interface Child {
  ref: ProcessRef;
  child: ChildProcess;
  log: string;
  stopping: boolean;
}

/** Resolves with the child's first IPC message, or fails if it exits or takes too long. */
function readyOf(c: Child, timeoutMs = 60_000): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${c.ref.key} did not start within ${timeoutMs} ms (log: ${c.log})`)),
      timeoutMs,
    );
    c.child.once("message", (m) => {
      clearTimeout(timer);
      resolve((m ?? {}) as Record<string, unknown>);
    });
    c.child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${c.ref.key} exited with ${code} while starting:\n${tail(c.log)}`));
    });
  });
}

function tail(path: string, lines = 15): string {
  try {
    return readFileSync(path, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

async function stopChild(c: ChildProcess, graceMs: number): Promise<void> {
  if (c.exitCode !== null || c.signalCode !== null) return;
  const exited = new Promise<void>((r) => c.once("exit", () => r()));
  c.kill("SIGTERM");
  const timer = setTimeout(() => c.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

export async function launchStack(
  o: ScenarioOptions,
  say: (line: string) => void,
): Promise<LaunchedStack> {
  const logDir = mkdtempSync(join(tmpdir(), `seo-farm-${o.scenario}-`));
  const children: Child[] = [];
  const processes: ProcessRef[] = [];
  let nats: TestNatsServer | undefined;
  let nc: NatsConnection | undefined;

  const start = (ref: Omit<ProcessRef, "pid">, args: string[], env: NodeJS.ProcessEnv): Child => {
    const log = join(logDir, `${ref.key.replace(/[^A-Za-z0-9_.-]/g, "_")}.log`);
    const fd = openSync(log, "a");
    const child = spawn(process.execPath, [CLI, ...args], {
      env,
      stdio: ["ignore", fd, fd, "ipc"],
    });
    closeSync(fd);
    const c: Child = { ref: { ...ref, pid: child.pid ?? 0 }, child, log, stopping: false };
    children.push(c);
    processes.push(c.ref);
    return c;
  };

  const stop = async (): Promise<void> => {
    for (const c of children) c.stopping = true;
    // Nothing is in flight any more: every part stops at once (actors drain what they hold).
    await Promise.all(children.map((c) => stopChild(c.child, 20_000)));
    await nc?.close().catch(() => {});
    await nats?.stop();
    if (!process.env.SEO_FARM_KEEP_LOGS) rmSync(logDir, { recursive: true, force: true });
  };

  try {
    // 1. NATS
    let natsUrl = o.natsUrl;
    if (natsUrl) say(`NATS: ${natsUrl} (given)`);
    else {
      nats = await startNatsServer();
      natsUrl = nats.url;
      processes.push({ key: "nats-server", role: "nats-server", pid: nats.process.pid ?? 0 });
      say(`NATS: started nats-server on ${natsUrl} (pid ${nats.process.pid})`);
    }
    nc = await connectNats(natsUrl, { name: `seo-farm-${o.scenario}`, reconnectForever: false });
    const baseEnv: NodeJS.ProcessEnv = {
      ...process.env,
      NATS_URL: natsUrl,
      // A server started here is a single node: R1, whatever NATS_REPLICAS says.
      ...(nats ? { NATS_REPLICAS: "1" } : {}),
    };
    const config = parseConfig(baseEnv);
    const pipelines = await loadPipelineFiles(config.pipelinesPath);
    const pipelineStages = stageNamesOf(pipelines);
    await ensureTopology(nc, { ...config, stages: pipelineStages });
    const pipelineRegistry = await PipelineRegistry.open(nc);
    for (const p of pipelines) await pipelineRegistry.publish(p);
    const stages = [INTAKE_STAGE, ...pipelineStages];

    // 2. The LLM emulator
    let emulatorUrl = o.emulatorUrl;
    if (emulatorUrl) say(`LLM: the emulator at ${emulatorUrl} (given)`);
    else {
      const c = start(
        { key: "emulator", role: "emulator" },
        ["emulator", "--port", "0", "--profile", o.profile, "--time-scale", String(o.timeScale)],
        baseEnv,
      );
      emulatorUrl = await new Promise<string>((resolve, reject) => {
        const deadline = Date.now() + 30_000;
        const poll = setInterval(() => {
          const m = /listening on (http:\/\/\S+)/.exec(tail(c.log, 50));
          if (m) {
            clearInterval(poll);
            resolve(m[1]!);
          } else if (c.child.exitCode !== null || Date.now() > deadline) {
            clearInterval(poll);
            reject(new Error(`the emulator did not start:\n${tail(c.log)}`));
          }
        }, 50);
      });
      say(
        `LLM: emulator ${emulatorUrl}, profile ${o.profile}${o.timeScale !== 1 ? ` × ${o.timeScale}` : ""} (pid ${c.ref.pid})`,
      );
    }
    const childEnv: NodeJS.ProcessEnv = {
      ...baseEnv,
      OPENAI_API_KEY: "loadtest",
      OPENAI_BASE_URL: emulatorUrl,
      ANTHROPIC_API_KEY: "loadtest",
      ANTHROPIC_BASE_URL: emulatorUrl.replace(/\/v1$/, ""),
      LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
      ...(o.actorConcurrency !== null ? { ACTOR_CONCURRENCY: String(o.actorConcurrency) } : {}),
    };

    // 3. The gateway: no keys and no rate limit, since the load comes from one address.
    let gatewayUrl = o.gatewayUrl;
    if (gatewayUrl) say(`Gateway: ${gatewayUrl} (given)`);
    else if (o.via === "gateway") {
      const env: NodeJS.ProcessEnv = {
        ...childEnv,
        PORT: "0",
        HOST: "127.0.0.1",
        GATEWAY_RATE_LIMIT_PER_MINUTE: "0",
      };
      delete env.GATEWAY_API_KEYS;
      delete env.GATEWAY_API_KEYS_FILE;
      const c = start({ key: "gateway", role: "gateway" }, ["gateway"], env);
      gatewayUrl = String((await readyOf(c)).url);
      say(`Gateway: ${gatewayUrl} (pid ${c.ref.pid})`);
    }

    // 4. The actors
    const registry = await ActorsRegistry.open(nc);
    if (o.actors === "supervisor") {
      const c = start({ key: "supervisor", role: "supervisor" }, ["supervisor"], childEnv);
      await readyOf(c);
      say(`Actors: a supervisor (pid ${c.ref.pid}) keeps them per stage, scaled by lag`);
    } else if (o.actors === "per-stage") {
      const started = stages.map((s) =>
        start({ key: `actor:${s}`, role: "actor", stages: [s] }, ["actor", "--stage", s], childEnv),
      );
      await Promise.all(started.map((c) => readyOf(c)));
      say(`Actors: one process per stage (${stages.length})`);
    } else if (o.actors === "all") {
      const c = start(
        { key: "actor:all", role: "actor", stages: [...stages] },
        ["actor", "--all"],
        childEnv,
      );
      await readyOf(c);
      say(`Actors: one process for every stage (pid ${c.ref.pid})`);
    } else say("Actors: not started (--actors none)");
    if (o.actors !== "none") {
      // Ready when every stage has an actor announced (a supervisor starts them after it
      // is ready itself).
      const deadline = Date.now() + 90_000;
      while (true) {
        const live = await registry.list(config.actorsTtlS * 1000);
        const served = new Set(live.flatMap((a) => a.stages));
        const missing = stages.filter((s) => !served.has(s));
        if (missing.length === 0) break;
        if (Date.now() > deadline) {
          throw new Error(`no actor announced itself for ${missing.join(", ")} within 90 s`);
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    const stack: LaunchedStack = {
      natsUrl,
      nc,
      registry,
      gatewayUrl,
      emulatorBase: emulatorUrl.replace(/\/v1\/?$/, ""),
      stages,
      processes,
      logDir,
      casualties: () =>
        children
          .filter((c) => !c.stopping && (c.child.exitCode !== null || c.child.signalCode !== null))
          .map((c) => `${c.ref.key} (pid ${c.ref.pid}) exited: ${tail(c.log, 5)}`),
      stop,
      [Symbol.asyncDispose]: stop,
    };
    return stack;
  } catch (err) {
    await stop();
    throw err;
  }
}

/** This host's name, as actors announce it (to sample only local processes). */
export const localHost = hostname();
