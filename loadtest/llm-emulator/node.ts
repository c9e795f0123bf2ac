/** Node entry: serves the runtime-free emulator app on `@hono/node-server`. */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createEmulatorApp, type EmulatorHandle } from "./app.ts";
import { DEFAULT_HOST, type EmulatorOptions } from "./options.ts";

export interface StartEmulatorOptions extends EmulatorOptions {
  /** TCP port; 0 picks a free one. @default 0 */
  port?: number;
  /** Address to bind. @default "127.0.0.1" */
  host?: string;
}

export interface RunningEmulator {
  /** The OpenAI-style base URL, e.g. `http://127.0.0.1:8790/v1`. */
  url: string;
  port: number;
  host: string;
  handle: EmulatorHandle;
  /** Stops listening and ends open connections (pending answers are abandoned). */
  close(): Promise<void>;
}

/** Starts the emulator on a TCP port; resolves once it listens. */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const { port = 0, host = DEFAULT_HOST, ...emulatorOptions } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new RangeError(`port must be an integer from 0 to 65535 (got ${port})`);
  }
  const { app, handle } = createEmulatorApp(emulatorOptions);
  const server = serve({ fetch: app.fetch, hostname: host, port });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const bound = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${bound}/v1`,
    port: bound,
    host,
    handle,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive and streaming connections would hold close() open; end them. Their
        // requests see an abort and clear their timers.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      return closing;
    },
  };
}
