/**
 * The supervisor's reaction time: from the moment a stage's lag crosses the scale-up
 * threshold to the new actor's first fetch (its announcement in `seo-actors`, written as its
 * consumer loops start). Real actor processes, a real supervisor, the emulator holding each
 * research call for a second so that lag builds.
 */
import { jetstream } from "@nats-io/jetstream";
import { headers, type NatsConnection } from "@nats-io/nats-core";
import { ActorsRegistry } from "../../core/actors-registry.ts";
import { encode } from "../../core/codec.ts";
import { createLogger } from "../../core/log.ts";
import { openJetStreamManager } from "../../core/topology.ts";
import { lagOf } from "../../supervisor/lag.ts";
import { NodeActorSpawner } from "../../supervisor/node-spawner.ts";
import { parsePolicy } from "../../supervisor/policy.ts";
import { ProcessManager } from "../../supervisor/process-manager.ts";
import { Supervisor } from "../../supervisor/supervisor.ts";
import { median } from "./stats.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runScaleBench(
  nc: NatsConnection,
  env: NodeJS.ProcessEnv,
  rounds: number,
): Promise<{ reactionsMs: number[]; medianMs: number; pollMs: number }> {
  const pollMs = 250;
  const policy = parsePolicy({
    maxPerStage: 3,
    cooldownMs: 500,
    scaleDownWindowMs: 1_000,
    scaleUpLag: 5,
  });
  const logger = createLogger({ level: "error" });
  const manager = new ProcessManager(new NodeActorSpawner({ env, stdio: "ignore" }), {
    graceMs: 10_000,
    logger,
  });
  const supervisor = new Supervisor({
    nc,
    stages: ["intake", "research", "outline", "draft", "optimise", "review", "assemble"],
    policy,
    target: manager,
    owner: "bench",
    pollMs,
    logger,
  });
  const registry = await ActorsRegistry.open(nc);
  const jsm = await openJetStreamManager(nc);
  const js = jetstream(nc);
  const researchIds = async () =>
    new Set((await registry.list()).filter((a) => a.stages.includes("research")).map((a) => a.id));
  await supervisor.start();
  const reactionsMs: number[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      // Settle at one research actor.
      while ((await researchIds()).size !== 1 || manager.count("research") !== 1) await sleep(100);
      const before = await researchIds();
      const h = headers();
      h.set("Content-Type", "application/msgpack");
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          js.publish(
            "seo.submit",
            encode({ keyword: `scale round ${round} keyword ${i}`, cache: "bypass" }),
            {
              headers: h,
            },
          ),
        ),
      );
      let crossedAt: number | undefined;
      let reactedAt: number | undefined;
      while (reactedAt === undefined) {
        const now = performance.now();
        if (crossedAt === undefined && (await lagOf(jsm, "research")) > policy.scaleUpLag)
          crossedAt = now;
        if (crossedAt !== undefined) {
          const ids = await researchIds();
          if ([...ids].some((id) => !before.has(id))) reactedAt = performance.now();
        }
        await sleep(10);
      }
      reactionsMs.push(reactedAt - crossedAt!);
      // Let the burst drain and the stage scale back down before the next round.
      while ((await lagOf(jsm, "research")) > 0) await sleep(100);
    }
  } finally {
    await supervisor.stop();
    await manager.stopAll();
  }
  return { reactionsMs, medianMs: median(reactionsMs), pollMs };
}
