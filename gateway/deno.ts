/**
 * `deno task gateway`: the gateway on Deno — the same runtime-free app (`gateway-setup.ts`)
 * on `Deno.serve`, NATS over TCP, the dashboard from the build in `dist/web/` (run
 * `npm run build` first). Prints `{"type":"ready","url":…}` on stdout once it listens;
 * SIGINT/SIGTERM close it.
 */
import { getConnInfo } from "hono/deno";
import { parseConfig } from "../core/config.ts";
import { denoHost } from "../core/host/deno-host.ts";
import { runDenoMain } from "../core/host/deno-main.ts";
import { createLogger } from "../core/log.ts";
import { parseTelemetryConfig } from "../core/telemetry/config.ts";
import { installPrometheusRegistry } from "../core/telemetry/prometheus-registry.ts";
import { loadStaticAssets } from "./asset-loader.ts";
import { prepareGateway } from "./gateway-setup.ts";

/** The dashboard build, next to the sources Deno runs. */
const DASHBOARD_DIR = new URL("../dist/web/", import.meta.url);

export async function runGatewayCommand(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(
      "Usage: deno task gateway\n\nThe HTTP gateway on Deno; the same environment as `seo-farm gateway` (see the README).",
    );
    return 0;
  }
  const host = denoHost();
  const config = parseConfig(host.env, host.pathDelimiter);
  const logger = createLogger({
    level: config.logLevel,
    base: { component: "gateway", pid: host.pid, runtime: "deno" },
  });
  const nc = await host.connect(config.natsUrl, { name: "seo-farm-gateway" });
  const registry = installPrometheusRegistry({
    serviceName: "seo-farm-gateway",
    instanceId: `${host.hostname}:${host.pid}`,
    memory: host.memory,
  });
  const assets = await loadStaticAssets(async (file) => {
    try {
      return await Deno.readFile(new URL(file, DASHBOARD_DIR));
    } catch (err) {
      if (err instanceof Deno.errors.NotFound) return undefined;
      throw err;
    }
  });
  const gateway = await prepareGateway({
    nc,
    config,
    logger,
    readTextFile: (path) => Deno.readTextFile(path),
    registry,
    metricsToken: parseTelemetryConfig(host.env).metricsToken,
    assets,
    clientAddress: (c) => getConnInfo(c).remote.address,
  });
  const listening = Promise.withResolvers<Deno.NetAddr>();
  const server = Deno.serve(
    {
      hostname: gateway.bindHost,
      port: config.port,
      onListen: (addr) => listening.resolve(addr as Deno.NetAddr),
    },
    (req, info) => gateway.app.fetch(req, info),
  );
  const addr = await listening.promise;
  const shown = addr.hostname.includes(":") ? `[${addr.hostname}]` : addr.hostname;
  const url = `http://${shown}:${addr.port}`;
  logger.info("gateway listening", { url, auth: gateway.authEnabled });
  console.error(`gateway listening on ${url} (${gateway.securityNote})`);
  host.notifyReady({ type: "ready", url, port: addr.port });
  await host.shutdownSignal({ watchdogMs: 20_000 });
  await server.shutdown();
  await nc.drain();
  await registry.shutdown();
  return 0;
}

if (import.meta.main) await runDenoMain("gateway", runGatewayCommand);
