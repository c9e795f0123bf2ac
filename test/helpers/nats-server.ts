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
  process: ChildProcess;
  stop(): Promise<void>;
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
  const child = spawn(bin, ["-c", confPath], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr?.on("data", (d: Buffer) => {
    log += d.toString();
    if (opts.debug) process.stderr.write(d);
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
        resolve();
      }
    };
    child.stderr?.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`nats-server exited with ${code}:\n${log}`));
    });
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(storeDir, { recursive: true, force: true });
  };
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    process: child,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
