/** `seo-farm ps`: the actor processes that announce themselves in `seo-actors`, by stage. */
import { parseArgs } from "node:util";
import { ActorsRegistry } from "../core/actors-registry.ts";
import { connectNats } from "../core/nats/node-connect.ts";
import { loadConfig } from "./shared-node.ts";

export const PS_USAGE = `Usage: seo-farm ps [--json]

Lists the live actor processes per stage with host, pid, memory, uptime and in-flight
messages, as they announce themselves in the seo-actors bucket (every 5 s; gone ${"≈"}30 s after
they die).`;

function uptime(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
}

export async function runPsCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    console.log(PS_USAGE);
    return 0;
  }
  const config = loadConfig();
  const nc = await connectNats(config.natsUrl, { name: "seo-farm-ps", reconnectForever: false });
  try {
    const actors = await (await ActorsRegistry.open(nc)).list(config.actorsTtlS * 1000);
    if (values.json) {
      console.log(JSON.stringify(actors, null, 2));
      return 0;
    }
    const now = Date.now();
    const rows = actors.flatMap((a) => a.stages.map((stage) => ({ stage, a })));
    rows.sort((x, y) => x.stage.localeCompare(y.stage) || x.a.startedAt - y.a.startedAt);
    console.log(
      `${"STAGE".padEnd(12)} ${"HOST".padEnd(16)} ${"PID".padStart(7)} ${"RSS".padStart(7)} ${"UP".padStart(7)} ${"IN-FLIGHT".padStart(9)}`,
    );
    for (const { stage, a } of rows) {
      console.log(
        `${stage.padEnd(12)} ${(a.host ?? "?").slice(0, 16).padEnd(16)} ${String(a.pid ?? "?").padStart(7)} ${(a.rssMb !== undefined ? `${a.rssMb}M` : "?").padStart(7)} ${uptime(now - a.startedAt).padStart(7)} ${String(a.inFlight).padStart(9)}`,
      );
    }
    console.log(`${actors.length} actor process${actors.length === 1 ? "" : "es"}`);
    return 0;
  } finally {
    await nc.close();
  }
}
