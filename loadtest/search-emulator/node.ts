/** Node entry: serves the runtime-free search emulator app on `@hono/node-server`. */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createSearchEmulatorApp, type SearchEmulatorHandle } from "./app.ts";
import { DEFAULT_SEARCH_EMULATOR_HOST, type SearchEmulatorOptions } from "./options.ts";

export interface StartSearchEmulatorOptions extends SearchEmulatorOptions {
  /** TCP port; 0 picks a free one. @default 0 */
  port?: number;
  /** Address to bind. @default "127.0.0.1" */
  host?: string;
}

export interface RunningSearchEmulator {
  /** The base URL, e.g. `http://127.0.0.1:8791`: SEARXNG_URL, BRAVE_SEARCH_URL, DATAFORSEO_URL. */
  url: string;
  /** Its origin, for FETCH_ALLOW_ORIGINS (the same as `url`). */
  origin: string;
  port: number;
  host: string;
  handle: SearchEmulatorHandle;
  /** Stops listening and ends open connections. */
  close(): Promise<void>;
}

/** Starts the search emulator on a TCP port; resolves once it listens. */
export async function startSearchEmulator(
  options: StartSearchEmulatorOptions = {},
): Promise<RunningSearchEmulator> {
  const { port = 0, host = DEFAULT_SEARCH_EMULATOR_HOST, ...emulatorOptions } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new RangeError(`port must be an integer from 0 to 65535 (got ${port})`);
  }
  const { app, handle } = createSearchEmulatorApp(emulatorOptions);
  const server = serve({ fetch: app.fetch, hostname: host, port });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const bound = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
  const url = `http://${urlHost}:${bound}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    origin: url,
    port: bound,
    host,
    handle,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      return closing;
    },
  };
}
