/**
 * Structured logs: one JSON line per event on stderr, with `workflowId`, `stage` and
 * `traceId` where known. Never pass secrets in fields; registered ones are redacted anyway.
 */
import type { LogLevel } from "./config.ts";
import { redactSecrets } from "./secrets.ts";

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  /** @default "info" */
  level?: LogLevel;
  /** Fields added to every line (component, pid, …). */
  base?: Record<string, unknown>;
  /** Where lines go. @default console.error */
  write?: (line: string) => void;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const min = ORDER[opts.level ?? "info"];
  const base = opts.base ?? {};
  const write = opts.write ?? ((line: string) => console.error(line));
  const emit = (level: LogLevel, msg: string, fields?: Record<string, unknown>): void => {
    if (ORDER[level] < min) return;
    write(
      redactSecrets(
        JSON.stringify({ time: new Date().toISOString(), level, msg, ...base, ...fields }),
      ),
    );
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
    child: (fields) => createLogger({ ...opts, base: { ...base, ...fields } }),
  };
}
