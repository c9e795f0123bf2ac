/**
 * Node side of tracing: starts `@opentelemetry/sdk-node` when the standard `OTEL_*`
 * variables ask for traces (an OTLP endpoint, or `OTEL_TRACES_EXPORTER`), and nothing
 * otherwise: the SDK is imported only then, so an untraced process pays neither its memory
 * nor its start-up. Metrics stay with the Prometheus registry; the SDK exports no metrics
 * and no logs.
 */
import process from "node:process";

export interface NodeTracing {
  /** Exports what is buffered and stops. */
  shutdown(): Promise<void>;
}

/** Whether the environment asks for traces (OTEL_SDK_DISABLED=true wins). */
export function tracingRequested(env: Record<string, string | undefined>): boolean {
  if ((env.OTEL_SDK_DISABLED ?? "").toLowerCase() === "true") return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? "").trim();
  if (exporters) return !exporters.split(",").every((e) => e.trim() === "none");
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/** Starts tracing for this process if the environment asks for it. */
export async function startNodeTracing(serviceName: string): Promise<NodeTracing | undefined> {
  if (!tracingRequested(process.env)) return undefined;
  const { NodeSDK } = await import("@opentelemetry/sdk-node");
  const sdk = new NodeSDK({
    // OTEL_SERVICE_NAME, when set, names the service instead.
    ...(process.env.OTEL_SERVICE_NAME ? {} : { serviceName }),
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
