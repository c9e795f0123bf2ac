/**
 * `seo-farm emulator`: the LLM emulator as a standalone server. Node only (flags, signals);
 * the lead wires `runEmulatorCommand` into the CLI.
 */
import process from "node:process";
import { parseArgs } from "node:util";
import { describeLatency, EMULATOR_PROFILES, type LatencyMs, PROFILE_NAMES } from "./latency.ts";
import { startEmulator } from "./node.ts";
import {
  DEFAULT_HOST,
  DEFAULT_PORT,
  DEFAULT_PROFILE,
  DEFAULT_SEED,
  DEFAULT_TIME_SCALE,
  type EmulatorOptions,
  parseEmulatorOptions,
} from "./options.ts";

export const EMULATOR_USAGE = `Usage: seo-farm emulator [options]

Runs the LLM emulator: an OpenAI- (POST /v1/chat/completions) and Anthropic-compatible
(POST /v1/messages) server that writes deterministic sample answers for seo-farm's tasks
(research, outline, draft, optimise, review) in English and Czech. Point OPENAI_BASE_URL at
the URL it prints; any API key works. Control API: /_emulator/stats, /_emulator/requests,
POST /_emulator/config, POST /_emulator/reset.

Options:
  --port N              port to listen on; 0 picks a free one (default ${DEFAULT_PORT})
  --host ADDR           address to bind (default ${DEFAULT_HOST})
  --profile NAME        ${PROFILE_NAMES.join(" | ")} (default ${DEFAULT_PROFILE})
                          zero: no delay; fast: 20–60 ms; realistic: 10–20 s;
                          long-tail: log-normal around 6 s, some 30 s+, 2 % errors
  --latency-ms SPEC     response time instead of the profile's: "50" (fixed) or
                          "100-200" (uniform), in milliseconds
  --time-scale X        multiply every latency by X, e.g. 0.01 (default ${DEFAULT_TIME_SCALE})
  --error-rate R        share of requests (0–1) answered with an injected error
                          (default: the profile's)
  --error-status CODE   HTTP status of injected errors (default 500)
  --seed N              seed of the latency and error sequence (default ${DEFAULT_SEED})
  -h, --help            show this help`;

/** "50" → 50, "100-200" → {min: 100, max: 200}. */
export function parseLatencyFlag(value: string): LatencyMs {
  const fixed = /^\s*(\d+(?:\.\d+)?)\s*$/.exec(value);
  if (fixed) return Number(fixed[1]);
  const range = /^\s*(\d+(?:\.\d+)?)\s*[-–]\s*(\d+(?:\.\d+)?)\s*$/.exec(value);
  if (range) return { min: Number(range[1]), max: Number(range[2]) };
  throw new RangeError(
    `--latency-ms must be "N" or "MIN-MAX" in milliseconds (got ${JSON.stringify(value)})`,
  );
}

function numberFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n)) {
    throw new RangeError(`${flag} must be a number (got ${JSON.stringify(value)})`);
  }
  return n;
}

/** Runs the emulator until SIGINT or SIGTERM. `argv` are the arguments after the command. */
export async function runEmulatorCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      profile: { type: "string" },
      "latency-ms": { type: "string" },
      "time-scale": { type: "string" },
      "error-rate": { type: "string" },
      "error-status": { type: "string" },
      seed: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(EMULATOR_USAGE);
    return;
  }
  const options: EmulatorOptions = {};
  if (values.profile !== undefined) options.profile = values.profile;
  if (values["latency-ms"] !== undefined)
    options.latencyMs = parseLatencyFlag(values["latency-ms"]);
  const timeScale = numberFlag(values["time-scale"], "--time-scale");
  if (timeScale !== undefined) options.timeScale = timeScale;
  const errorRate = numberFlag(values["error-rate"], "--error-rate");
  if (errorRate !== undefined) options.errorRate = errorRate;
  const errorStatus = numberFlag(values["error-status"], "--error-status");
  if (errorStatus !== undefined) options.errorStatus = errorStatus;
  const seed = numberFlag(values.seed, "--seed");
  if (seed !== undefined) options.seed = seed;
  const port = numberFlag(values.port, "--port") ?? DEFAULT_PORT;
  // Validate everything before binding the port, so a typo fails fast with the flag's name.
  const config = parseEmulatorOptions(options);

  const host = values.host ?? DEFAULT_HOST;
  const emulator = await startEmulator({ ...options, port, host }).catch((err: unknown) => {
    if ((err as { code?: string }).code === "EADDRINUSE") {
      throw new RangeError(
        `--port ${port}: the port is in use on ${host} (another emulator? use --port 0 for any free port)`,
      );
    }
    throw err;
  });
  const latency =
    config.latencyMs === EMULATOR_PROFILES[config.profile].latencyMs
      ? describeLatency(config.latencyMs)
      : `${describeLatency(config.latencyMs)} (set)`;
  const scale = config.timeScale === 1 ? "" : ` ×${config.timeScale}`;
  console.log(
    `LLM emulator listening on ${emulator.url} (profile ${config.profile}: latency ${latency}${scale}, error rate ${config.errorRate * 100} %) — Ctrl-C to stop`,
  );
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
  console.log(`LLM emulator stopped (${signal})`);
}
