/**
 * `seo-farm search-emulator`: the search emulator as a standalone server. Node only (flags,
 * signals).
 */
import process from "node:process";
import { parseArgs } from "node:util";
import { startSearchEmulator } from "./node.ts";
import { DEFAULT_SEARCH_EMULATOR_HOST, DEFAULT_SEARCH_EMULATOR_PORT } from "./options.ts";

export const SEARCH_EMULATOR_USAGE = `Usage: seo-farm search-emulator [options]

Runs the search emulator: SearXNG (GET /search?format=json), Brave Search
(GET /res/v1/web/search) and DataForSEO (POST /v3/serp/google/organic/live/advanced)
answers for any query, in Czech or English, linking to result pages it serves itself
(/pages/<lang>/<slug>.html), plus a fictional site with sitemaps (/site/sitemap.xml),
/redirect?to=<url> for SSRF tests and a control API (/_emulator/stats, /_emulator/faults,
POST /_emulator/reset). Hand-written pages for "trail running shoes" (en) and
"běžecké boty" (cs); generated ones for any other keyword.

Point seo-farm at the URL it prints, e.g.
  SEARCH_PROVIDER=searxng SEARXNG_URL=<url> FETCH_ALLOW_ORIGINS=<url>

Options:
  --port N        port to listen on; 0 picks a free one (default ${DEFAULT_SEARCH_EMULATOR_PORT})
  --host ADDR     address to bind (default ${DEFAULT_SEARCH_EMULATOR_HOST})
  --base-url URL  the origin result links point to (default: each request's own origin)
  -h, --help      show this help`;

/** Runs the search emulator until SIGINT or SIGTERM. `argv` are the arguments after the command. */
export async function runSearchEmulatorCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "base-url": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(SEARCH_EMULATOR_USAGE);
    return;
  }
  const rawPort = values.port ?? String(DEFAULT_SEARCH_EMULATOR_PORT);
  const port = Number(rawPort);
  if (rawPort.trim() === "" || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new RangeError(
      `--port must be an integer from 0 to 65535 (got ${JSON.stringify(rawPort)})`,
    );
  }
  const host = values.host ?? DEFAULT_SEARCH_EMULATOR_HOST;
  const emulator = await startSearchEmulator({
    port,
    host,
    ...(values["base-url"] ? { baseUrl: values["base-url"] } : {}),
  }).catch((err: unknown) => {
    if ((err as { code?: string }).code === "EADDRINUSE") {
      throw new RangeError(
        `--port ${port}: the port is in use on ${host} (another emulator? use --port 0 for any free port)`,
      );
    }
    throw err;
  });
  console.log(`search emulator listening on ${emulator.url} — Ctrl-C to stop`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const on = (sig: NodeJS.Signals) => {
      process.off("SIGINT", on);
      process.off("SIGTERM", on);
      resolve(sig);
    };
    process.on("SIGINT", on);
    process.on("SIGTERM", on);
  });
  await emulator.close();
  console.log(`search emulator stopped (${signal})`);
}
