/**
 * A Deno actor against a Node actor, in the same run: each in turn serves every stage
 * (`actor --all`) in its own process against the LLM emulator at zero latency over HTTP, and
 * works off the same number of workflows. Reported: workflows per second (six stages each),
 * and the process's resident memory when idle after start and its peak (VmHWM).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { jetstream } from "@nats-io/jetstream";
import { headers, type NatsConnection } from "@nats-io/nats-core";
import { encode } from "../../core/codec.ts";
import { denoBinary } from "../../test/helpers/deno.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const CLI = fileURLToPath(new URL("../../../bin/seo-farm.js", import.meta.url));

export interface RuntimeFigure {
  runtime: "node" | "deno";
  workflowsPerSecond: number;
  idleRssMb: number;
  peakRssMb: number;
}

function memoryMb(pid: number, field: "VmRSS" | "VmHWM"): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, "m").exec(status)?.[1];
  return kb ? Number(kb) / 1024 : Number.NaN;
}

function startActor(runtime: "node" | "deno", env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child =
    runtime === "node"
      ? spawn(process.execPath, [CLI, "actor", "--all"], {
          env,
          stdio: ["ignore", "ignore", "ignore", "ipc"],
        })
      : spawn(denoBinary(), ["run", "-A", "actors/main-deno.ts", "--all"], {
          cwd: ROOT,
          env,
          stdio: ["ignore", "pipe", "ignore"],
        });
  return new Promise((resolve, reject) => {
    if (runtime === "node") child.once("message", () => resolve(child));
    else
      child.stdout!.on("data", (d: Buffer) => d.toString().includes('"ready"') && resolve(child));
    child.once("exit", (code) => reject(new Error(`${runtime} actor exited with ${code}`)));
  });
}

export async function runRuntimeBench(
  nc: NatsConnection,
  env: NodeJS.ProcessEnv,
  workflows: number,
): Promise<RuntimeFigure[]> {
  const out: RuntimeFigure[] = [];
  const js = jetstream(nc);
  const h = headers();
  h.set("Content-Type", "application/msgpack");
  for (const runtime of ["node", "deno"] as const) {
    const actor = await startActor(runtime, env);
    await new Promise((r) => setTimeout(r, 2_000));
    const idleRssMb = memoryMb(actor.pid!, "VmRSS");
    let done = 0;
    let finish: () => void = () => {};
    const finished = new Promise<void>((r) => {
      finish = r;
    });
    const prefix = `rt-${runtime}-`;
    const sub = nc.subscribe("seo.events.*.done", {
      callback: (_e, m) => {
        if (m.subject.split(".")[2]!.startsWith(prefix) && ++done === workflows) finish();
      },
    });
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: workflows }, (_, i) => {
        const id = `${prefix}${i}`;
        return js.publish(
          "seo.submit",
          encode({ keyword: `runtime keyword ${i}`, id, wordCount: 300 }),
          {
            msgID: id,
            headers: h,
          },
        );
      }),
    );
    await finished;
    const seconds = (performance.now() - t0) / 1000;
    sub.unsubscribe();
    out.push({
      runtime,
      workflowsPerSecond: workflows / seconds,
      idleRssMb,
      peakRssMb: memoryMb(actor.pid!, "VmHWM"),
    });
    await new Promise<void>((resolve) => {
      actor.once("exit", () => resolve());
      actor.kill("SIGTERM");
    });
  }
  return out;
}
