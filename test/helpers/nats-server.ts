/**
 * Starts a real nats-server for a test: JetStream on, a random free port, a temp store dir.
 * Torn down with `await server.stop()` (or `await using`). Like nats.js `nst/src/launcher.ts`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface NatsServerOptions {
  /** Extra lines for the server's config file (e.g. a websocket block). */
  config?: string;
  /** Print the server's log to stderr. @default false */
  debug?: boolean;
  /** Enable JetStream. @default true */
  jetstream?: boolean;
}

export interface TestNatsServer extends AsyncDisposable {
  url: string;
  port: number;
  storeDir: string;
  /** The running server process (a new one after `restart`). */
  process: ChildProcess;
  stop(): Promise<void>;
  /**
   * Stops the server (SIGKILL unless told otherwise), waits `downMs`, and starts it again on
   * the same port and store dir; resolves once it is ready.
   */
  restart(opts?: { downMs?: number; signal?: NodeJS.Signals }): Promise<void>;
}

export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function startNatsServer(opts: NatsServerOptions = {}): Promise<TestNatsServer> {
  const bin = process.env.NATS_SERVER_BIN ?? "nats-server";
  const storeDir = mkdtempSync(join(tmpdir(), "seo-farm-nats-"));
  const port = await freePort();
  const confPath = join(storeDir, "nats.conf");
  writeFileSync(
    confPath,
    [
      `listen: 127.0.0.1:${port}`,
      opts.jetstream === false ? "" : `jetstream { store_dir: "${join(storeDir, "js")}" }`,
      opts.config ?? "",
    ].join("\n"),
  );
  let child = await launchNatsServer(bin, confPath, opts.debug === true);
  const stop = async (): Promise<void> => {
    await haltNatsServer(child, "SIGTERM");
    rmSync(storeDir, { recursive: true, force: true });
  };
  const server: TestNatsServer = {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    process: child,
    stop,
    async restart(restartOpts = {}) {
      await haltNatsServer(child, restartOpts.signal ?? "SIGKILL");
      if (restartOpts.downMs) await new Promise((r) => setTimeout(r, restartOpts.downMs));
      child = await launchNatsServer(bin, confPath, opts.debug === true);
      server.process = child;
    },
    [Symbol.asyncDispose]: stop,
  };
  return server;
}

/** Stops a server process (`signal`, then SIGKILL after 5 s); resolves once it has exited. */
export async function haltNatsServer(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill(signal);
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Starts nats-server on a config file; resolves once it logs "Server is ready". */
export async function launchNatsServer(
  bin: string,
  confPath: string,
  debug: boolean,
): Promise<ChildProcess> {
  const child = spawn(bin, ["-c", confPath], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr?.on("data", (d: Buffer) => {
    log += d.toString();
    if (debug) process.stderr.write(d);
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`nats-server did not start in 10s:\n${log}`)),
      10_000,
    );
    const check = (): void => {
      if (log.includes("Server is ready")) {
        clearTimeout(timer);
        child.stderr?.off("data", check);
        child.off("exit", early);
        resolve();
      }
    };
    const early = (code: number | null): void => {
      clearTimeout(timer);
      reject(new Error(`nats-server exited with ${code}:\n${log}`));
    };
    child.stderr?.on("data", check);
    child.once("exit", early);
  });
  return child;
}
