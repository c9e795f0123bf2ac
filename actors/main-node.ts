import { readFile } from "node:fs/promises";
import { createNodePageFetcher } from "../core/fetch/node-page-fetcher.ts";
/**
 * `seo-farm actor --stage S[,S…]`: one actor process on Node. Connects, serves the stages,
 * and on SIGTERM stops pulling, finishes what it holds and exits 0 (see run-actor.ts).
 */

import { parseArgs } from "node:util";
import { nodeHost } from "../core/host/node-host.ts";
import { loadPipelineFiles } from "./node-pipeline-files.ts";
import { ACTOR_FLAGS, ACTOR_USAGE, runActor } from "./run-actor.ts";

export { ACTOR_USAGE };

export async function runActorCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: ACTOR_FLAGS });
  return await runActor(values, {
    host: nodeHost(),
    loadPipelineFiles,
    createPageFetcher: (opts) => createNodePageFetcher(opts),
    readTextFile: (path: string) => readFile(path, "utf8"),
  });
}
