/**
 * The one HTTP exchange every search provider makes: a request with a timeout and the
 * caller's signal, the status mapped onto typed `SearchError`s, the body read with a cap and
 * parsed as JSON. Providers only build the request and validate the JSON's shape.
 */
import { BodyTooLargeError, deadline, raceAbort, readCapped, retryAfterMs } from "../fetch/body.ts";
import {
  SearchBadRequestError,
  SearchFailedError,
  SearchInvalidResponseError,
  SearchQuotaExceededError,
  SearchRateLimitedError,
  SearchTimeoutError,
  SearchUnauthorizedError,
} from "./errors.ts";

/** Timeout of one search request. @see SearchHttpOptions.timeoutMs */
export const DEFAULT_SEARCH_TIMEOUT_MS = 15_000;
/** Largest search API answer read; a SERP is tens of kilobytes. */
export const MAX_SEARCH_RESPONSE_BYTES = 5 * 1024 * 1024;

/** What a provider passes to `requestSearchJson`. */
export interface SearchHttpOptions {
  /** Provider name, for error messages. */
  provider: string;
  fetch: typeof fetch;
  timeoutMs: number;
  signal: AbortSignal | undefined;
}

/** A short, plain-text reason from an error body: its JSON message field, or its text. */
export function errorDetailOf(text: string): string {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const error = body.error as Record<string, unknown> | string | undefined;
    const candidates = [
      typeof error === "object" && error ? error.detail : undefined,
      typeof error === "object" && error ? error.message : undefined,
      typeof error === "string" ? error : undefined,
      body.status_message,
      body.message,
      body.detail,
    ];
    const found = candidates.find((c): c is string => typeof c === "string" && c.trim() !== "");
    if (found) return found.trim().slice(0, 300);
  } catch {
    // not JSON: use the text
  }
  return text
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 300);
}

/** Maps a non-2xx status onto the matching typed error. */
export function searchErrorForStatus(
  status: number,
  detail: string,
  opts: { provider: string; retryAfterMs?: number },
): Error {
  const base = {
    provider: opts.provider,
    status,
    ...(opts.retryAfterMs === undefined ? {} : { retryAfterMs: opts.retryAfterMs }),
  };
  const why = detail ? `: ${detail}` : "";
  if (status === 401 || status === 403) {
    return new SearchUnauthorizedError(`HTTP ${status}, the credentials were refused${why}`, base);
  }
  if (status === 402) return new SearchQuotaExceededError(`HTTP 402, payment required${why}`, base);
  if (status === 429) return new SearchRateLimitedError(`HTTP 429, rate limited${why}`, base);
  if (status === 408 || status >= 500) {
    return new SearchFailedError(`HTTP ${status}${why}`, base);
  }
  return new SearchBadRequestError(`HTTP ${status}, the request was rejected${why}`, base);
}

/**
 * Sends the request and returns the parsed JSON of a 2xx answer. Rejects with the caller's
 * abort reason, a `SearchTimeoutError`, a `SearchFailedError` (connection), the status's
 * typed error, or a `SearchInvalidResponseError` when the body is not JSON.
 */
export async function requestSearchJson(
  url: string,
  init: RequestInit,
  opts: SearchHttpOptions,
): Promise<unknown> {
  const limit = deadline(opts.timeoutMs, opts.signal);
  const signal = limit.signal;
  const provider = opts.provider;
  const aborted = (err: unknown): Error => {
    if (opts.signal?.aborted) return opts.signal.reason as Error;
    if (limit.timedOut()) return new SearchTimeoutError(opts.timeoutMs, { provider, cause: err });
    return new SearchFailedError(`request failed: ${(err as Error).message ?? String(err)}`, {
      provider,
      cause: err,
    });
  };
  let res: Response;
  let bytes: Uint8Array;
  try {
    try {
      res = await raceAbort(opts.fetch(url, { ...init, signal, redirect: "follow" }), signal);
    } catch (err) {
      throw aborted(err);
    }
    try {
      bytes = await readCapped(res.body, MAX_SEARCH_RESPONSE_BYTES, signal);
    } catch (err) {
      if (err instanceof BodyTooLargeError) {
        throw new SearchInvalidResponseError(
          `the answer is larger than ${MAX_SEARCH_RESPONSE_BYTES} bytes`,
          { provider, status: res.status },
        );
      }
      throw aborted(err);
    }
  } finally {
    limit.clear();
  }
  const text = new TextDecoder().decode(bytes);
  if (!res.ok) {
    const wait = retryAfterMs(res.headers.get("retry-after"));
    throw searchErrorForStatus(res.status, errorDetailOf(text), {
      provider,
      ...(wait === undefined ? {} : { retryAfterMs: wait }),
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const type = res.headers.get("content-type") ?? "no content type";
    throw new SearchInvalidResponseError(
      `the answer is not JSON (HTTP ${res.status}, ${type}): ${JSON.stringify(text.slice(0, 120))}`,
      { provider, status: res.status, cause: err },
    );
  }
}
