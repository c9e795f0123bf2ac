/**
 * Tracing through the OpenTelemetry API, free of any runtime: one workflow is one trace.
 * The gateway's request span is the parent of the workflow span (started by intake), which
 * is the parent of one span per stage; LLM calls and cache lookups nest under their stage.
 * W3C trace context crosses NATS in message headers (`traceparent`, `tracestate`).
 *
 * With no SDK installed every call here is a no-op on a non-recording span: tracing costs
 * next to nothing until an entry starts one (`node-tracing.ts`; Deno has its own).
 */
import {
  type Attributes,
  type Context,
  context,
  INVALID_SPAN_CONTEXT,
  ProxyTracerProvider,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  type TextMapSetter,
  trace,
} from "@opentelemetry/api";
import { redactSecrets } from "../secrets.ts";

export { SpanKind };

/** The headers shape of NATS messages (and anything alike). */
interface HeaderLike {
  get(key: string): string;
  set(key: string, value: string): void;
  keys(): string[];
}

const natsSetter: TextMapSetter<HeaderLike> = {
  set: (carrier, key, value) => carrier.set(key, value),
};
const natsGetter: TextMapGetter<HeaderLike | undefined> = {
  // NATS answers "" for a missing header; the propagator wants undefined.
  get: (carrier, key) => carrier?.get(key) || undefined,
  keys: (carrier) => carrier?.keys() ?? [],
};

/** The API's own no-op provider: what the global provider delegates to until an SDK registers. */
const NOOP_PROVIDER = new ProxyTracerProvider().getDelegate();
const NO_SPAN = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/** Whether no tracing SDK is registered (checked per call: one may register after start). */
export function tracingOff(): boolean {
  const p = trace.getTracerProvider();
  return (p instanceof ProxyTracerProvider ? p.getDelegate() : p) === NOOP_PROVIDER;
}

export function tracer() {
  return trace.getTracer("seo-farm");
}

/** Writes the trace context of `ctx` (default: the active one) into message headers. */
export function injectTraceContext(headers: HeaderLike, ctx: Context = context.active()): void {
  propagation.inject(ctx, headers, natsSetter);
}

/** The context a message's headers carry, on top of the active one. */
export function extractTraceContext(headers: HeaderLike | undefined): Context {
  return propagation.extract(context.active(), headers, natsGetter);
}

/** The trace id of the active span, for log lines; undefined when nothing records. */
export function activeTraceId(): string | undefined {
  const sc = trace.getActiveSpan()?.spanContext();
  return sc && trace.isSpanContextValid(sc) ? sc.traceId : undefined;
}

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** The parent context. @default the active one */
  parent?: Context;
}

/**
 * Runs `fn` inside a new active span and ends it; an error marks the span failed (with the
 * exception recorded) and is rethrown.
 */
export async function inSpan<T>(
  name: string,
  opts: SpanOptions,
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  // With no SDK registered every span is a no-op: skip making one and the context switch
  // (a few percent of an actor's CPU at engine speed). Headers still carry a client's
  // traceparent on, as the stages copy it.
  if (tracingOff()) return await fn(NO_SPAN);
  const parent = opts.parent ?? context.active();
  return await tracer().startActiveSpan(
    name,
    {
      kind: opts.kind ?? SpanKind.INTERNAL,
      ...(opts.attributes ? { attributes: opts.attributes } : {}),
    },
    parent,
    async (span) => {
      try {
        return await fn(span);
      } catch (err) {
        const message = redactSecrets(err instanceof Error ? err.message : String(err));
        span.recordException({
          name: err instanceof Error ? err.name : "Error",
          message,
          ...(err instanceof Error && err.stack ? { stack: redactSecrets(err.stack) } : {}),
        });
        span.setStatus({ code: SpanStatusCode.ERROR, message });
        throw err;
      } finally {
        span.end();
      }
    },
  );
}
