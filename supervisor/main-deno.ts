/**
 * `seo-farm supervisor` on Deno: `deno task supervisor [--dry-run] [--production]`. The same
 * flags, configuration, scaling, SD file and adoption as the Node command
 * (run-supervisor.ts); actors are spawned with `Deno.Command` (deno-spawner.ts), as Deno
 * actors, or as Node actors with SUPERVISOR_ACTOR_RUNTIME=node. The ready message is one
 * JSON line on stdout, `{"type":"ready"}`.
 */
// Deno implements node:util's parseArgs; its own (@std/cli) is on JSR, which we do not use.
import { parseArgs } from "node:util";
import { loadPipelineFiles } from "../actors/deno-pipeline-files.ts";
import { SeoFarmError } from "../core/errors.ts";
import { denoHost } from "../core/host/deno-host.ts";
import { runDenoMain } from "../core/host/deno-main.ts";
import { DenoActorSpawner } from "./deno-spawner.ts";
import { runSupervisor, SUPERVISOR_FLAGS } from "./run-supervisor.ts";

export async function runSupervisorCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: SUPERVISOR_FLAGS });
  const host = denoHost();
  const runtime = host.env.SUPERVISOR_ACTOR_RUNTIME?.trim() || "deno";
  if (runtime !== "deno" && runtime !== "node") {
    throw new SeoFarmError(
      "INVALID_CONFIG",
      `SUPERVISOR_ACTOR_RUNTIME must be "deno" or "node" (got "${runtime}")`,
    );
  }
  return await runSupervisor(values, {
    host,
    spawner: ({ maxOldSpaceMb }) => new DenoActorSpawner({ env: host.env, maxOldSpaceMb, runtime }),
    loadPipelineFiles,
  });
}

if (import.meta.main) await runDenoMain("supervisor", runSupervisorCommand);
