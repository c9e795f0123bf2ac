/**
 * Maps what the official SDKs throw to an LlmError that says whether to retry. Both SDKs
 * (openai, @anthropic-ai/sdk) share the same error shapes: `APIError` with `status` and
 * `headers`, and connection, timeout and abort errors without a status.
 */
import { LlmError } from "../../errors.ts";
import { redactSecrets } from "../../secrets.ts";
import { parseRetryAfter } from "../retry.ts";

interface SdkApiError {
  status?: number;
  headers?: { get(name: string): string | null };
  message: string;
  name: string;
}

/** The SDK error's shape with its message redacted (the original stays as `cause`). */
function redactedError(err: unknown): SdkApiError {
  const e = (err ?? {}) as SdkApiError;
  const message = redactSecrets(err instanceof Error ? err.message : String(e.message ?? err));
  return {
    ...(e.status !== undefined ? { status: e.status } : {}),
    ...(e.headers ? { headers: e.headers } : {}),
    message,
    name: e?.constructor?.name ?? e?.name ?? "",
  };
}

/** Statuses worth another try: timeouts, conflicts, rate limits, server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

export function toLlmError(err: unknown, provider: string, model: string): LlmError {
  if (err instanceof LlmError) return err;
  // A provider may echo the key it was sent (a proxy, a 401): never carry it onwards.
  const e = redactedError(err);
  const name = e.name;
  if (name === "APIConnectionTimeoutError") {
    return new LlmError(`${provider} ${model}: request timed out`, { retryable: true, cause: err });
  }
  if (name === "APIUserAbortError") {
    return new LlmError(`${provider} ${model}: aborted`, { retryable: true, cause: err });
  }
  if (name === "APIConnectionError") {
    return new LlmError(`${provider} ${model}: connection failed: ${e.message}`, {
      retryable: true,
      cause: err,
    });
  }
  if (typeof e?.status === "number") {
    const retryAfterMs = parseRetryAfter(e.headers);
    return new LlmError(`${provider} ${model}: HTTP ${e.status}: ${e.message}`, {
      status: e.status,
      retryable: isRetryableStatus(e.status),
      cause: err,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  return new LlmError(`${provider} ${model}: ${e.message}`, {
    retryable: true,
    cause: err,
  });
}

/** Reads a number header, or undefined. */
export function numberHeader(
  headers: { get(name: string): string | null },
  name: string,
): number | undefined {
  const v = headers.get(name);
  if (v === null || v.trim() === "") return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** OpenAI's reset durations look like "1s", "6m0s", "250ms". */
export function parseDuration(v: string | null): number | undefined {
  if (!v) return undefined;
  let total = 0;
  let matched = false;
  for (const m of v.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    matched = true;
    const n = Number(m[1]);
    total +=
      m[2] === "ms" ? n : m[2] === "s" ? n * 1000 : m[2] === "m" ? n * 60_000 : n * 3_600_000;
  }
  return matched ? total : undefined;
}

/** SDK request options every provider sends: the timeout, the caller's signal, and headers
 * that name the task, stage and workflow (for proxies' logs and the emulator). */
export function requestOptions(
  req: { task: string; stage: string; workflowId: string; signal?: AbortSignal },
  timeoutMs: number,
): { timeout: number; headers: Record<string, string>; signal?: AbortSignal } {
  return {
    timeout: timeoutMs,
    headers: {
      "X-Seo-Farm-Task": req.task,
      "X-Seo-Farm-Stage": req.stage,
      "X-Seo-Farm-Workflow": req.workflowId,
    },
    ...(req.signal ? { signal: req.signal } : {}),
  };
}
