/**
 * `seo-farm actor` on Deno: `deno task actor --stage S[,S…]` (or `--all`). The same flags,
 * configuration and drain as the Node command (run-actor.ts); the ready message is one JSON
 * line on stdout, `{"type":"ready","stages":[…]}`.
 */
// Deno implements node:util's parseArgs; its own (@std/cli) is on JSR, which we do not use.
import { parseArgs } from "node:util";
import { denoResolve } from "../core/fetch/deno-resolve.ts";
import { createPageFetcher } from "../core/fetch/page-fetcher.ts";
import { denoHost } from "../core/host/deno-host.ts";
import { runDenoMain } from "../core/host/deno-main.ts";
import { loadPipelineFiles } from "./deno-pipeline-files.ts";
import { ACTOR_FLAGS, runActor } from "./run-actor.ts";

export async function runActorCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: ACTOR_FLAGS });
  return await runActor(values, {
    host: denoHost(),
    loadPipelineFiles,
    createPageFetcher: (opts) => createPageFetcher({ ...opts, resolve: denoResolve }),
    readTextFile: (path: string) => Deno.readTextFile(path),
  });
}

if (import.meta.main) await runDenoMain("actor", runActorCommand);
