/** The driver's progress as one line: a bar on a terminal, the same text without it otherwise. */
import type { DriveProgress } from "./driver.ts";

/** Share done: ended ÷ total for a counted run, elapsed ÷ duration for a timed one. */
export function progressShare(p: DriveProgress): number {
  const ended = p.completed + p.failed;
  if (p.total !== null) return p.total ? Math.min(1, ended / p.total) : 1;
  if (p.durationMs !== null) return p.durationMs ? Math.min(1, p.elapsedMs / p.durationMs) : 1;
  return 0;
}

export function progressText(p: DriveProgress): string {
  const ended = p.completed + p.failed;
  const of = p.total !== null ? `${ended}/${p.total}` : `${ended}`;
  const t = (p.elapsedMs / 1000).toFixed(1);
  const clock = p.durationMs !== null ? `${t}/${(p.durationMs / 1000).toFixed(0)} s` : `${t} s`;
  return `${of} ended (${p.completed} ok, ${p.failed} failed), ${p.inFlight} in flight (aim ${p.target}), ${clock}`;
}

/** `[########------------] 40% …` for a terminal of `columns` characters. */
export function progressBar(p: DriveProgress, columns = 100): string {
  const share = progressShare(p);
  const text = progressText(p);
  const width = Math.max(10, Math.min(40, columns - text.length - 9));
  const full = Math.round(share * width);
  const bar = `[${"#".repeat(full)}${"-".repeat(width - full)}] ${String(Math.round(share * 100)).padStart(3)}% ${text}`;
  return bar.length > columns - 1 ? bar.slice(0, columns - 1) : bar;
}
