/**
 * Linux's per-process files, parsed: `/proc/<pid>/stat` (CPU time) and `/proc/<pid>/status`
 * (resident memory). Pure; the sampler reads the files.
 */

/** User + system CPU seconds from a `/proc/<pid>/stat` line; `ticksPerSecond` is CLK_TCK. */
export function cpuSecondsOfStat(stat: string, ticksPerSecond = 100): number | undefined {
  // The command name (field 2) is in parentheses and may hold spaces or parentheses itself.
  const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // rest[0] is field 3 (state); utime and stime are fields 14 and 15.
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
  return (utime + stime) / ticksPerSecond;
}

/** `VmRSS` in MB (one decimal) from `/proc/<pid>/status`, or undefined. */
export function rssMbOfStatus(status: string): number | undefined {
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
  return kb ? Math.round((Number(kb) / 1024) * 10) / 10 : undefined;
}
