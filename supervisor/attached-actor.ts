/**
 * An actor process this supervisor did not start (a dead leader's, adopted): it has no
 * child handle, so it is signalled by pid and its exit is noticed by polling. The runtime
 * says how to tell it is alive, signal it and read its memory.
 */
import type { SpawnedActor } from "./process-manager.ts";

export interface PidOps {
  alive(pid: number): boolean;
  signal(pid: number, sig: "SIGTERM" | "SIGKILL"): void;
  rssMb(pid: number): number | undefined;
}

/** How often an adopted actor is checked for having exited. */
export const ATTACHED_POLL_MS = 250;

export function attachedActor(pid: number, stage: string, ops: PidOps): SpawnedActor | undefined {
  if (!ops.alive(pid)) return undefined;
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    const timer = setInterval(() => {
      if (!ops.alive(pid)) {
        clearInterval(timer);
        resolve({ code: null, signal: null });
      }
    }, ATTACHED_POLL_MS);
  });
  const signal = (sig: "SIGTERM" | "SIGKILL") => {
    try {
      ops.signal(pid, sig);
    } catch {
      // already gone
    }
  };
  return {
    pid,
    stage,
    exited,
    terminate: () => signal("SIGTERM"),
    kill: () => signal("SIGKILL"),
    rssMb: () => ops.rssMb(pid),
  };
}
