/** `up`'s local nats-server: found on the default port, or started as a child process. */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { connect as tcpConnect } from "node:net";

export function isPortAnswering(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

export interface LocalNatsServer {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `nats-server -js` on 127.0.0.1:<port> with its store under `storeDir`. */
export async function startLocalNatsServer(
  port: number,
  storeDir: string,
): Promise<LocalNatsServer> {
  mkdirSync(storeDir, { recursive: true });
  const bin = process.env.NATS_SERVER_BIN ?? "nats-server";
  const child = spawn(bin, ["-js", "-a", "127.0.0.1", "-p", String(port), "-sd", storeDir], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`nats-server did not start in 10 s:\n${log}`)),
      10_000,
    );
    child.once("error", (err) => {
      clearTimeout(timer);
      reject(
        new Error(
          `cannot run ${bin} (${err.message}). Install it (Debian/Ubuntu: apt-get install nats-server), set NATS_SERVER_BIN, or set NATS_URL to a running server`,
        ),
      );
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`nats-server exited with code ${code}:\n${log}`));
    });
    child.stderr?.on("data", (d: Buffer) => {
      log += d.toString();
      if (log.includes("Server is ready")) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  child.removeAllListeners("exit");
  return {
    url: `nats://127.0.0.1:${port}`,
    child,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
