/**
 * Keeps the wanted number of actor processes per stage: spawns, drains (SIGTERM, then
 * SIGKILL after the grace period), restarts a crashed actor with backoff, and replaces one
 * whose memory passes its limit. Runtime-neutral: each runtime's process API sits behind
 * `ActorSpawner` (node-spawner.ts for Node).
 */
import type { Logger } from "../core/log.ts";

export interface SpawnedActor {
  readonly pid: number;
  readonly stage: string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: string | null }>;
  /** Asks it to drain (SIGTERM). */
  terminate(): void;
  /** Ends it now (SIGKILL). */
  kill(): void;
  /** Resident memory in MB, if the platform tells. */
  rssMb(): number | undefined;
}

/** Starts one actor process for a stage. */
export interface ActorSpawner {
  spawn(stage: string): SpawnedActor;
  /** Takes charge of a running actor process this one did not start (a dead leader's). */
  attach?(pid: number, stage: string): SpawnedActor | undefined;
}

export interface ProcessManagerOptions {
  /** Time a draining actor gets before SIGKILL. @default 35000 */
  graceMs?: number;
  /** First restart delay of a crashed actor; doubles per crash in a row. @default 500 */
  restartBackoffMs?: number;
  /** Longest restart delay. @default 30000 */
  maxRestartBackoffMs?: number;
  /** An actor above this RSS is replaced; 0 = no limit. @default 512 */
  memoryLimitMb?: number;
  logger: Logger;
}

interface Slot {
  actor: SpawnedActor;
  startedAt: number;
  draining: boolean;
}

export class ProcessManager {
  readonly #slots = new Map<string, Slot[]>();
  readonly #wanted = new Map<string, number>();
  readonly #crashes = new Map<string, number>();
  readonly #restartTimers = new Set<ReturnType<typeof setTimeout>>();
  readonly #opts: Required<ProcessManagerOptions>;
  #stopped = false;

  constructor(
    readonly spawner: ActorSpawner,
    opts: ProcessManagerOptions,
  ) {
    this.#opts = {
      graceMs: 35_000,
      restartBackoffMs: 500,
      maxRestartBackoffMs: 30_000,
      memoryLimitMb: 512,
      ...opts,
    };
  }

  /** Actors serving the stage (not draining). */
  count(stage: string): number {
    return (this.#slots.get(stage) ?? []).filter((s) => !s.draining).length;
  }

  /** Every live actor, draining ones included. */
  actors(): Array<{
    stage: string;
    pid: number;
    startedAt: number;
    draining: boolean;
    rssMb?: number;
  }> {
    return [...this.#slots.values()].flat().map((s) => {
      const rss = s.actor.rssMb();
      return {
        stage: s.actor.stage,
        pid: s.actor.pid,
        startedAt: s.startedAt,
        draining: s.draining,
        ...(rss !== undefined ? { rssMb: rss } : {}),
      };
    });
  }

  /** Sets the wanted count of a stage and spawns or drains to reach it. */
  scaleTo(stage: string, wanted: number): void {
    if (this.#stopped) return;
    this.#wanted.set(stage, wanted);
    const slots = this.#slots.get(stage) ?? [];
    this.#slots.set(stage, slots);
    let live = slots.filter((s) => !s.draining);
    while (live.length < wanted) {
      this.#spawn(stage);
      live = (this.#slots.get(stage) ?? []).filter((s) => !s.draining);
    }
    // Drain the youngest first: the oldest have warm connections and caches.
    for (const slot of live
      .sort((a, b) => b.startedAt - a.startedAt)
      .slice(0, live.length - wanted)) {
      this.#drain(slot);
    }
  }

  /** Whether an actor with this pid is managed here. */
  has(pid: number): boolean {
    return [...this.#slots.values()].some((slots) => slots.some((s) => s.actor.pid === pid));
  }

  /**
   * Adopts a running actor that another supervisor started (it died; its actors kept
   * working). From now on it counts, drains and restarts like our own.
   */
  adopt(stage: string, pid: number, startedAt = Date.now()): boolean {
    if (this.#stopped || this.has(pid)) return false;
    const actor = this.spawner.attach?.(pid, stage);
    if (!actor) return false;
    if (!this.#slots.has(stage)) this.#slots.set(stage, []);
    this.#track(stage, actor, startedAt);
    this.#opts.logger.info("actor adopted", { stage, pid });
    return true;
  }

  #spawn(stage: string): void {
    const actor = this.spawner.spawn(stage);
    this.#track(stage, actor, Date.now());
    this.#opts.logger.info("actor started", { stage, pid: actor.pid });
  }

  #track(stage: string, actor: SpawnedActor, startedAt: number): void {
    const slot: Slot = { actor, startedAt, draining: false };
    this.#slots.get(stage)!.push(slot);
    void actor.exited.then(({ code, signal }) => {
      const slots = this.#slots.get(stage) ?? [];
      const at = slots.indexOf(slot);
      if (at !== -1) slots.splice(at, 1);
      if (slot.draining || this.#stopped) {
        this.#opts.logger.info("actor drained", { stage, pid: actor.pid, code, signal });
        return;
      }
      // Crashed: restart with backoff, keeping the wanted count.
      const crashes = (this.#crashes.get(stage) ?? 0) + 1;
      this.#crashes.set(stage, crashes);
      const delay = Math.min(
        this.#opts.restartBackoffMs * 2 ** (crashes - 1),
        this.#opts.maxRestartBackoffMs,
      );
      this.#opts.logger.warn("actor exited unexpectedly; restarting", {
        stage,
        pid: actor.pid,
        code,
        signal,
        restartInMs: delay,
      });
      const timer = setTimeout(() => {
        this.#restartTimers.delete(timer);
        if (!this.#stopped) this.scaleTo(stage, this.#wanted.get(stage) ?? 0);
      }, delay);
      this.#restartTimers.add(timer);
    });
  }

  #drain(slot: Slot): void {
    slot.draining = true;
    slot.actor.terminate();
    const timer = setTimeout(() => slot.actor.kill(), this.#opts.graceMs);
    void slot.actor.exited.then(() => clearTimeout(timer));
  }

  /** Replaces actors above the memory limit; forgets crash streaks of healthy stages. Call periodically. */
  checkHealth(now = Date.now()): void {
    for (const [stage, slots] of this.#slots) {
      for (const slot of slots) {
        if (slot.draining) continue;
        const rss = slot.actor.rssMb();
        if (this.#opts.memoryLimitMb > 0 && rss !== undefined && rss > this.#opts.memoryLimitMb) {
          this.#opts.logger.warn("actor over its memory limit; replacing it", {
            stage,
            pid: slot.actor.pid,
            rssMb: rss,
          });
          this.#drain(slot);
          this.#spawn(stage);
        } else if (now - slot.startedAt > 60_000) {
          this.#crashes.delete(stage);
        }
      }
    }
  }

  /** Drains every actor and waits until all have exited. */
  async stopAll(): Promise<void> {
    this.#stopped = true;
    for (const t of this.#restartTimers) clearTimeout(t);
    const all = [...this.#slots.values()].flat();
    for (const slot of all) if (!slot.draining) this.#drain(slot);
    await Promise.all(all.map((s) => s.actor.exited));
  }
}
