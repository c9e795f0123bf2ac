/**
 * Deno processes for integration tests: the Deno binary of the `deno` npm package, and the
 * Deno entries (actors/main-deno.ts, supervisor/main-deno.ts) as child processes, resolved
 * once they print their ready line (`{"type":"ready",…}` on stdout).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Env } from "../../core/config.ts";

/** The repository root: Deno runs the TypeScript sources there, not dist/. */
export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/**
 * The native binary (not the package's `bin.cjs`, a Node wrapper that would take our
 * signals): its postinstall puts it in `node_modules/deno`, else the platform package has it.
 */
export function denoBinary(): string {
  if (process.env.DENO_BIN) return process.env.DENO_BIN;
  const require = createRequire(import.meta.url);
  const exe = process.platform === "win32" ? "deno.exe" : "deno";
  const platform =
    process.platform === "linux"
      ? `linux-${process.arch}-glibc`
      : `${process.platform}-${process.arch}`;
  for (const pkg of ["deno", `@deno/${platform}`]) {
    try {
      const path = join(dirname(require.resolve(`${pkg}/package.json`)), exe);
      if (existsSync(path)) return path;
    } catch {
      // not installed
    }
  }
  throw new Error("no Deno binary: run `npm ci` (the deno package) or set DENO_BIN");
}

export interface DenoProcessOptions {
  /** Where its log (stderr) goes. @default "inherit" */
  stderr?: "inherit" | "pipe" | "ignore";
  /** How long it may take to be ready (the first run compiles the sources). @default 90000 */
  readyTimeoutMs?: number;
}

/**
 * Runs `deno run -A <entry> <args…>` from the repository root with exactly `env` added to
 * this process's environment; resolves with the child once its ready line is printed.
 */
export function startDenoProcess(
  entry: string,
  args: string[],
  env: Env,
  opts: DenoProcessOptions = {},
): Promise<ChildProcess> {
  const child = spawn(denoBinary(), ["run", "-A", join(ROOT, entry), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", opts.stderr ?? "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${entry} was not ready after ${opts.readyTimeoutMs ?? 90_000} ms`));
    }, opts.readyTimeoutMs ?? 90_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const ready = out.split("\n").find((line) => {
        try {
          return (JSON.parse(line) as { type?: unknown }).type === "ready";
        } catch {
          return false;
        }
      });
      if (ready) {
        readyMessages.set(child, JSON.parse(ready) as Record<string, unknown>);
        clearTimeout(timer);
        child.stdout!.off("data", onData);
        child.stdout!.resume();
        resolve(child);
      }
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(`${entry} ${args.join(" ")} exited (${code ?? signal}) before it was ready`),
      );
    });
  });
}

const readyMessages = new WeakMap<ChildProcess, Record<string, unknown>>();

/** The ready line a Deno child printed (`{"type":"ready", …}`), parsed. */
export function readyMessageOf(child: ChildProcess): Record<string, unknown> | undefined {
  return readyMessages.get(child);
}

/** Whether a pid belongs to a Deno process (Linux: the binary behind /proc/<pid>/exe). */
export function isDenoProcess(pid: number): boolean {
  try {
    return /\/deno(\.exe)?$/.test(readlinkSync(`/proc/${pid}/exe`));
  } catch {
    return false;
  }
}
