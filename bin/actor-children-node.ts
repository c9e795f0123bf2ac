/**
 * Actor child processes for `up` (one per stage): started, restarted with backoff if one
 * crashes, and drained with SIGTERM on shutdown (SIGKILL after the grace period).
 * The supervisor (scaling by lag) replaces this for production use.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Logger } from "../core/log.ts";

const CLI = fileURLToPath(new URL("../../bin/seo-farm.js", import.meta.url));

export interface ActorChild {
  stage: string;
  child: ChildProcess;
}

export class ActorChildren {
  readonly #children = new Map<string, ChildProcess>();
  #stopping = false;

  constructor(
    readonly env: NodeJS.ProcessEnv,
    readonly logger: Logger,
  ) {}

  /** Starts one actor for `stage` and resolves once its consumers are live. */
  start(stage: string, restarts = 0): Promise<void> {
    const child = spawn(process.execPath, [CLI, "actor", "--stage", stage], {
      env: this.env,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    this.#children.set(stage, child);
    const ready = new Promise<void>((resolve, reject) => {
      child.once("message", () => resolve());
      child.once("exit", (code) =>
        reject(new Error(`actor ${stage} exited with code ${code} during start`)),
      );
    });
    child.once("exit", (code, signal) => {
      if (this.#stopping) return;
      const delay = Math.min(500 * 2 ** restarts, 30_000);
      this.logger.warn("actor exited; restarting", { stage, code, signal, restartInMs: delay });
      setTimeout(() => {
        if (!this.#stopping) this.start(stage, restarts + 1).catch(() => {});
      }, delay);
    });
    return ready;
  }

  pids(): Record<string, number | undefined> {
    return Object.fromEntries([...this.#children].map(([s, c]) => [s, c.pid]));
  }

  /** SIGTERM every actor, SIGKILL whatever is still alive after `graceMs`. */
  async stop(graceMs: number): Promise<void> {
    this.#stopping = true;
    const alive = [...this.#children.values()].filter(
      (c) => c.exitCode === null && c.signalCode === null,
    );
    await Promise.all(
      alive.map(
        (c) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => c.kill("SIGKILL"), graceMs);
            c.once("exit", () => {
              clearTimeout(timer);
              resolve();
            });
            c.kill("SIGTERM");
          }),
      ),
    );
  }
}
