/**
 * Node's actor spawner: `node bin/seo-farm.js actor --stage S` as a child process, its heap
 * limited from the memory limit, its RSS read from /proc (Linux).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { actorEnv } from "./actor-env.ts";
import { attachedActor } from "./attached-actor.ts";
import { vmRssMbOf } from "./proc-status.ts";
import type { ActorSpawner, SpawnedActor } from "./process-manager.ts";

const CLI = fileURLToPath(new URL("../../bin/seo-farm.js", import.meta.url));

export function rssMbOf(pid: number): number | undefined {
  try {
    return vmRssMbOf(readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return undefined;
  }
}

export interface NodeSpawnerOptions {
  env: NodeJS.ProcessEnv;
  /** Heap limit, MB: ~75 % of the actor's memory limit leaves room for buffers. @default 384 */
  maxOldSpaceMb?: number;
  /** Where the child's output goes. @default "inherit" */
  stdio?: "inherit" | "ignore";
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export class NodeActorSpawner implements ActorSpawner {
  /** A running actor we did not start: signals by pid, exit noticed by polling. */
  attach(pid: number, stage: string): SpawnedActor | undefined {
    return attachedActor(pid, stage, {
      alive,
      signal: (p, sig) => process.kill(p, sig),
      rssMb: rssMbOf,
    });
  }

  constructor(readonly opts: NodeSpawnerOptions) {}

  spawn(stage: string): SpawnedActor {
    const child: ChildProcess = spawn(
      process.execPath,
      [`--max-old-space-size=${this.opts.maxOldSpaceMb ?? 384}`, CLI, "actor", "--stage", stage],
      {
        env: actorEnv(this.opts.env),
        stdio: ["ignore", this.opts.stdio ?? "inherit", this.opts.stdio ?? "inherit"],
      },
    );
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
      child.once("exit", (code, signal) => resolve({ code, signal }));
      child.once("error", () => resolve({ code: null, signal: null }));
    });
    const pid = child.pid ?? -1;
    return {
      pid,
      stage,
      exited,
      terminate: () => child.kill("SIGTERM"),
      kill: () => child.kill("SIGKILL"),
      rssMb: () => rssMbOf(pid),
    };
  }
}
