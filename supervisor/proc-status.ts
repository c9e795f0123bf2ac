/**
 * Reads Linux's `/proc/<pid>/status` text (each runtime's spawner reads the file): the
 * resident memory, and whether the process still runs. Elsewhere the file is missing and the
 * spawners report no memory.
 */

/** `VmRSS` in MB, or undefined when the text has none (a kernel thread, a zombie). */
export function vmRssMbOf(status: string): number | undefined {
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
  return kb ? Math.round(Number(kb) / 1024) : undefined;
}

/** Whether the process runs: a zombie (`State: Z`) has exited and waits to be reaped. */
export function runsPerStatus(status: string): boolean {
  const state = /^State:\s+(\S)/m.exec(status)?.[1];
  return state !== undefined && state !== "Z" && state !== "X";
}
