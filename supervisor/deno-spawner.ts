/**
 * Deno's actor spawner: `deno run -A actors/main-deno.ts --stage S` as a child process with
 * `Deno.Command` (or, with `runtime: "node"`, the Node actor `node bin/seo-farm.js actor`),
 * its heap limited from the memory limit, its RSS read from /proc (Linux).
 */
import type { Env } from "../core/config.ts";
import { actorEnv } from "./actor-env.ts";
import { attachedActor } from "./attached-actor.ts";
import { runsPerStatus, vmRssMbOf } from "./proc-status.ts";
import type { ActorSpawner, SpawnedActor } from "./process-manager.ts";

const ROOT = new URL("../", import.meta.url);
const path = (relative: string) => decodeURIComponent(new URL(relative, ROOT).pathname);

function procStatus(pid: number): string | undefined {
  try {
    return Deno.readTextFileSync(`/proc/${pid}/status`);
  } catch {
    return undefined;
  }
}

export function rssMbOf(pid: number): number | undefined {
  const status = procStatus(pid);
  return status === undefined ? undefined : vmRssMbOf(status);
}

export interface DenoSpawnerOptions {
  /** The actors' environment (configuration); they get exactly this one. */
  env: Env;
  /** Heap limit, MB: ~75 % of the actor's memory limit leaves room for buffers. @default 384 */
  maxOldSpaceMb?: number;
  /** The runtime the actors run on: Deno, or Node (the built CLI, `npm run build`). @default "deno" */
  runtime?: "deno" | "node";
  /** The Node binary, for `runtime: "node"`. @default "node" */
  nodeBinary?: string;
  /** Where the child's log (stderr) goes. @default "inherit" */
  stderr?: "inherit" | "null";
}

export class DenoActorSpawner implements ActorSpawner {
  constructor(readonly opts: DenoSpawnerOptions) {}

  /** The command line of one actor for `stage`. */
  command(stage: string): { binary: string; args: string[] } {
    const heapMb = this.opts.maxOldSpaceMb ?? 384;
    if (this.opts.runtime === "node") {
      return {
        binary: this.opts.nodeBinary ?? "node",
        args: [
          `--max-old-space-size=${heapMb}`,
          path("bin/seo-farm.js"),
          "actor",
          "--stage",
          stage,
        ],
      };
    }
    return {
      binary: Deno.execPath(),
      args: [
        "run",
        "-A",
        // The project's import map and node_modules, whatever the working folder.
        `--config=${path("deno.json")}`,
        `--v8-flags=--max-old-space-size=${heapMb}`,
        path("actors/main-deno.ts"),
        "--stage",
        stage,
      ],
    };
  }

  spawn(stage: string): SpawnedActor {
    const { binary, args } = this.command(stage);
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(actorEnv(this.opts.env))) if (v !== undefined) env[k] = v;
    const child = new Deno.Command(binary, {
      args,
      env,
      clearEnv: true,
      stdin: "null",
      // A Deno actor's stdout carries only its ready line (logs are on stderr); the process
      // manager does not wait for it.
      stdout: "null",
      stderr: this.opts.stderr ?? "inherit",
    }).spawn();
    const exited = child.status.then(
      (s) => ({ code: s.signal === null ? s.code : null, signal: s.signal }),
      () => ({ code: null, signal: null }),
    );
    const signal = (sig: Deno.Signal) => {
      try {
        child.kill(sig);
      } catch {
        // already gone
      }
    };
    return {
      pid: child.pid,
      stage,
      exited,
      terminate: () => signal("SIGTERM"),
      kill: () => signal("SIGKILL"),
      rssMb: () => rssMbOf(child.pid),
    };
  }

  /** A running actor we did not start: signals by pid, exit noticed by polling /proc. */
  attach(pid: number, stage: string): SpawnedActor | undefined {
    return attachedActor(pid, stage, {
      alive: (p) => {
        const status = procStatus(p);
        return status !== undefined && runsPerStatus(status);
      },
      signal: (p, sig) => Deno.kill(p, sig),
      rssMb: rssMbOf,
    });
  }
}
