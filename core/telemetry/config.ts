/**
 * Telemetry settings from the environment, apart from the rest of the config so a process
 * can read them before anything else starts. Tracing itself is configured by the standard
 * `OTEL_*` variables, which the OpenTelemetry SDK reads.
 */
import { SeoFarmError } from "../errors.ts";
import { registerSecrets } from "../secrets.ts";

export const DEFAULT_METRICS_HOST = "127.0.0.1";

export interface TelemetryConfig {
  /**
   * Port of the `/metrics` server of actor and supervisor processes: 0 picks a free one
   * (announced in `seo-actors`), `off` serves none. The gateway serves `/metrics` on its
   * API port instead. @default 0
   */
  metricsPort: number | null;
  /** Bind address of that server. @default "127.0.0.1" */
  metricsHost: string;
  /** When set, `/metrics` wants `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
  /**
   * Where the supervisor writes Prometheus file-based service discovery targets (JSON) of
   * every process announced in `seo-actors`; unset writes none.
   */
  prometheusSdFile: string | undefined;
}

export function parseTelemetryConfig(env: Record<string, string | undefined>): TelemetryConfig {
  const rawPort = env.METRICS_PORT?.trim() || "0";
  let metricsPort: number | null;
  if (["off", "none", "false", "-1"].includes(rawPort.toLowerCase())) metricsPort = null;
  else {
    metricsPort = Number(rawPort);
    if (!Number.isInteger(metricsPort) || metricsPort < 0 || metricsPort > 65_535) {
      throw new SeoFarmError(
        "INVALID_CONFIG",
        `METRICS_PORT must be a port from 0 to 65535 or "off" (got "${rawPort}")`,
      );
    }
  }
  registerSecrets(env.METRICS_TOKEN?.trim());
  return {
    metricsPort,
    metricsHost: env.METRICS_HOST?.trim() || DEFAULT_METRICS_HOST,
    metricsToken: env.METRICS_TOKEN?.trim() || undefined,
    prometheusSdFile: env.PROMETHEUS_SD_FILE?.trim() || undefined,
  };
}
