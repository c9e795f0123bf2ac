/**
 * The supervisor loop: every poll, the leader reads each stage's lag, asks the policy, and
 * scales its actor processes; every decision is one log line with its reason. Two
 * supervisors may run: a lease in `seo-leases` lets exactly one act, and the standby takes
 * over within the lease time after the leader dies. Actors keep working while none runs.
 */
import type { JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { type Lease, type LeaseKeeper, LeaseStore } from "../core/leases.ts";
import type { Logger } from "../core/log.ts";
import { openJetStreamManager } from "../core/topology.ts";
import { stageLags } from "./lag.ts";
import {
  type LagSample,
  type ScaleDecision,
  type ScalingPolicy,
  scaleDecisions,
} from "./policy.ts";

export const LEADER_LEASE_KEY = "supervisor.leader";

/** What the supervisor scales: the process manager, or a dry-run stand-in. */
export interface ScaleTarget {
  /** Refreshes what `count` answers, before each decision round. */
  prepare?(): Promise<void>;
  /** Called once on becoming the leader, before the first decision (e.g. to adopt orphans). */
  onLead?(): Promise<void>;
  count(stage: string): number;
  scaleTo(stage: string, wanted: number): void;
  checkHealth?(): void;
}

export interface SupervisorOptions {
  nc: NatsConnection;
  /** Stages to keep actors for, `intake` included. */
  stages: string[];
  policy: ScalingPolicy;
  target: ScaleTarget;
  /** This supervisor's name in the lease. */
  owner: string;
  /** How often lag is read. @default 2000 */
  pollMs?: number;
  /** Leader lease time: how soon a standby takes over. @default 10000 */
  leaseTtlMs?: number;
  /** Log decisions without acting. @default false */
  dryRun?: boolean;
  logger: Logger;
  /** Called with every decision (tests, metrics). */
  onDecision?: (d: ScaleDecision & { dryRun: boolean }) => void;
  /** Called with every poll's lags, when leading. */
  onLags?: (lags: Record<string, number>) => void;
  now?: () => number;
}

export class Supervisor {
  readonly #opts: Required<Omit<SupervisorOptions, "onDecision" | "onLags">> &
    Pick<SupervisorOptions, "onDecision" | "onLags">;
  readonly #samples = new Map<string, LagSample[]>();
  readonly #lastScaledAt = new Map<string, number>();
  #jsm: JetStreamManager | undefined;
  #leases: LeaseStore | undefined;
  #lease: Lease | undefined;
  #keeper: LeaseKeeper | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running = false;
  #tick: Promise<void> = Promise.resolve();

  constructor(opts: SupervisorOptions) {
    this.#opts = { pollMs: 2_000, leaseTtlMs: 10_000, dryRun: false, now: Date.now, ...opts };
  }

  get isLeader(): boolean {
    return this.#lease !== undefined;
  }

  async start(): Promise<void> {
    this.#jsm = await openJetStreamManager(this.#opts.nc);
    this.#leases = await LeaseStore.open(this.#opts.nc);
    this.#running = true;
    await this.#poll();
  }

  async #poll(): Promise<void> {
    if (!this.#running) return;
    this.#tick = this.#pollOnce().catch((err: unknown) => {
      this.#opts.logger.warn("supervisor poll failed", { error: String(err) });
    });
    await this.#tick;
    if (this.#running) this.#timer = setTimeout(() => void this.#poll(), this.#opts.pollMs);
  }

  async #pollOnce(): Promise<void> {
    const { logger, owner, leaseTtlMs } = this.#opts;
    if (!this.#lease) {
      const lease = await this.#leases!.tryAcquire(LEADER_LEASE_KEY, owner, leaseTtlMs);
      if (!lease) return;
      this.#lease = lease;
      this.#keeper = this.#leases!.keepRenewed(lease, {
        ttlMs: leaseTtlMs,
        onLost: () => {
          logger.warn("lost the leader lease; standing by", { owner });
          this.#lease = undefined;
        },
      });
      logger.info("leading", { owner, previous: lease.previousOwner });
      await this.#opts.target.onLead?.();
    }
    await this.tick();
  }

  /** One decision round (exposed for tests). */
  async tick(): Promise<ScaleDecision[]> {
    const { stages, policy, target, logger, dryRun } = this.#opts;
    const now = this.#opts.now();
    await target.prepare?.();
    const lags = await stageLags(this.#jsm!, stages);
    this.#opts.onLags?.(lags);
    const keepSince =
      now - Math.max(policy.scaleDownWindowMs, policy.cooldownMs) - 2 * this.#opts.pollMs;
    const observations = stages.map((stage) => {
      const samples = [
        ...(this.#samples.get(stage) ?? []),
        { at: now, lag: lags[stage] ?? 0 },
      ].filter((s) => s.at >= keepSince);
      this.#samples.set(stage, samples);
      const last = this.#lastScaledAt.get(stage);
      return {
        stage,
        actors: target.count(stage),
        samples,
        ...(last !== undefined ? { lastScaledAt: last } : {}),
      };
    });
    const decisions = scaleDecisions(observations, policy, now);
    for (const d of decisions) {
      logger.info("scaling decision", {
        stage: d.stage,
        from: d.from,
        to: d.to,
        reason: d.reason,
        dryRun,
        // The round's clock, which the cooldown is measured on (the line's own time is later).
        decidedAt: now,
      });
      this.#opts.onDecision?.({ ...d, dryRun });
      this.#lastScaledAt.set(d.stage, now);
      if (!dryRun) target.scaleTo(d.stage, d.to);
    }
    if (!dryRun) target.checkHealth?.();
    return decisions;
  }

  /** Stops polling and gives up the lease (the caller drains the actors). */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
    // A round stuck on a NATS call must not hold the shutdown: wait for it a little, no more.
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([this.#tick, new Promise<void>((r) => (timer = setTimeout(r, 5_000)))]);
    clearTimeout(timer);
    const lease = this.#keeper ? await this.#keeper.stop() : this.#lease;
    if (lease) await this.#leases?.release(lease).catch(() => {});
    this.#lease = undefined;
  }
}
