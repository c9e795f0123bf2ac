/**
 * `seo-farm cache invalidate …`: drops cached LLM answers and stage memos by prompt
 * version, keyword, provider or model. Keys are laid out for this (see core/llm/cache-keys.ts).
 */
import { parseArgs } from "node:util";
import { LlmCache } from "../core/llm/cache.ts";
import { llmCacheFilter, stageMemoFilter } from "../core/llm/cache-keys.ts";
import { connectNats } from "../core/nats/node-connect.ts";
import { loadConfig } from "./shared-node.ts";

export const CACHE_USAGE = `Usage: seo-farm cache invalidate [options]

Drops entries of the LLM cache (bucket seo-llm-cache). Give at least one option:
  --prompt-version <v>   LLM answers and stage memos made with this prompt version
                         (shown per stage as promptVersions in the workflow state)
  --keyword <text>       stage memos of this keyword (its next workflow re-runs its stages;
                         identical LLM requests are still answered from the cache — use
                         "cache": "refresh" on the request to ask the LLM again)
  --provider <name>      LLM answers of this provider (openai, anthropic)
  --model <name>         LLM answers of this model (with or without --provider)
  --all                  everything
  -h, --help             show this help`;

export async function runCacheCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "prompt-version": { type: "string" },
      keyword: { type: "string" },
      provider: { type: "string" },
      model: { type: "string" },
      all: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(CACHE_USAGE);
    return 0;
  }
  const filters: string[] = [];
  if (values.all) filters.push("llm.>", "out.>");
  const pv = values["prompt-version"];
  if (pv)
    filters.push(
      llmCacheFilter({ promptVersion: pv }),
      await stageMemoFilter({ promptVersion: pv }),
    );
  if (values.keyword)
    filters.push(await stageMemoFilter({ keyword: values.keyword.trim().replace(/\s+/g, " ") }));
  if (values.provider || values.model) {
    filters.push(
      llmCacheFilter({
        ...(values.provider ? { provider: values.provider } : {}),
        ...(values.model ? { model: values.model } : {}),
      }),
    );
  }
  if (positionals[0] !== "invalidate" || filters.length === 0) {
    console.error(CACHE_USAGE);
    return 2;
  }
  const config = loadConfig();
  const nc = await connectNats(config.natsUrl, { name: "seo-farm-cache", reconnectForever: false });
  try {
    const cache = await LlmCache.open(nc);
    let total = 0;
    for (const filter of filters) {
      const n = await cache.invalidate(filter);
      console.log(`${filter}: ${n} entr${n === 1 ? "y" : "ies"} removed`);
      total += n;
    }
    console.log(`${total} removed`);
  } finally {
    await nc.close();
  }
  return 0;
}
