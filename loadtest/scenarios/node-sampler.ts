/**
 * Samples the stack's processes while a scenario runs: RSS and CPU time of each from
 * `/proc/<pid>` (Linux; elsewhere the figures stay empty), the actor processes per stage as
 * they announce themselves in `seo-actors` (a supervisor's children included), and the
 * driver's in-flight count.
 */
import { readFileSync } from "node:fs";
import { countByStage } from "../../core/actors-registry.ts";
import type { LaunchedStack } from "./node-stack.ts";
import { localHost } from "./node-stack.ts";
import { cpuSecondsOfStat, rssMbOfStatus } from "./proc-stat.ts";
import type { ProcessRef, ProcessSample, ResourceSample } from "./run-data.ts";

/** How often the actors' announcements are read (they refresh every few seconds anyway). */
const REGISTRY_EVERY_MS = 1_000;

export function readProcess(pid: number): ProcessSample | undefined {
  try {
    const rssMb = rssMbOfStatus(readFileSync(`/proc/${pid}/status`, "utf8"));
    const cpuS = cpuSecondsOfStat(readFileSync(`/proc/${pid}/stat`, "utf8"));
    return rssMb === undefined || cpuS === undefined ? undefined : { rssMb, cpuS };
  } catch {
    return undefined;
  }
}

export class ProcessSampler {
  readonly samples: ResourceSample[] = [];
  readonly processes = new Map<string, ProcessRef>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #workers: Record<string, number> = {};
  #lastRegistryRead = 0;
  #reading = false;

  constructor(
    readonly stack: LaunchedStack,
    readonly load: () => { inFlight: number; target: number },
    readonly intervalMs: number,
    readonly actorsTtlMs = 30_000,
  ) {
    for (const p of stack.processes) this.processes.set(p.key, p);
  }

  start(): void {
    void this.sample();
    this.#timer = setInterval(() => void this.sample(), this.intervalMs);
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    while (this.#reading) await new Promise((r) => setTimeout(r, 10));
    await this.sample(true);
  }

  async sample(forceRegistry = false): Promise<void> {
    if (this.#reading) return;
    this.#reading = true;
    try {
      const at = Date.now();
      if (forceRegistry || at - this.#lastRegistryRead >= REGISTRY_EVERY_MS) {
        this.#lastRegistryRead = at;
        try {
          const live = await this.stack.registry.list(this.actorsTtlMs);
          this.#workers = countByStage(live);
          for (const a of live) {
            if (a.pid === undefined || (a.host !== undefined && a.host !== localHost)) continue;
            if ([...this.processes.values()].some((p) => p.pid === a.pid)) continue;
            const key = `actor:${a.stages.length > 3 ? "all" : a.stages.join(",")}#${a.pid}`;
            this.processes.set(key, { key, role: "actor", pid: a.pid, stages: a.stages });
          }
        } catch {
          // Keep the last counts; the next read may succeed.
        }
      }
      const processes: Record<string, ProcessSample> = {};
      for (const p of this.processes.values()) {
        const s = readProcess(p.pid);
        if (s) processes[p.key] = s;
      }
      this.samples.push({ at, ...this.load(), workers: { ...this.#workers }, processes });
    } finally {
      this.#reading = false;
    }
  }
}
