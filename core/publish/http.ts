/**
 * One HTTP exchange of a publisher, with its deadline: the request and the reading of the
 * answer both end at `timeoutMs`. What can go wrong becomes a `PublishError` here, so the
 * publishers agree on codes: no answer is `PUBLISH_UNAVAILABLE`, a late one
 * `PUBLISH_TIMEOUT`, an error status `publishCodeForStatus`'s code with the target's own
 * message (WordPress's `{code, message}` body). The caller's signal aborting is not an
 * error of the target: it rejects with the signal's reason.
 */
import { linkSignals } from "../abort-link.ts";
import { parseRetryAfter } from "../llm/retry.ts";
import { PublishError, publishCodeForStatus } from "./errors.ts";

/** Deadline of each HTTP request of a publisher, ms. */
export const DEFAULT_PUBLISH_TIMEOUT_MS = 30_000;

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface HttpExchange {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Deadline of the request and of reading its answer, ms. */
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  fetch: FetchLike;
  /**
   * Writes use "manual": a redirected POST comes back as a GET (fetch's rule for 301/302),
   * which would read where it meant to write.
   * @default "follow"
   */
  redirect?: RequestRedirect;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The URL that answered (after redirects). */
  url: string;
}

/** Most characters of an error body quoted in a message. */
const QUOTE_CHARS = 300;

export async function exchange(url: string, x: HttpExchange): Promise<HttpAnswer> {
  const timeout = AbortSignal.timeout(x.timeoutMs);
  // Not AbortSignal.any, which a listener left on it keeps for ever (core/abort-link.ts).
  const link = linkSignals(x.signal, timeout);
  const signal = link.signal;
  const method = x.method ?? "GET";
  try {
    const res = await x.fetch(url, {
      method,
      headers: x.headers ?? {},
      ...(x.body === undefined ? {} : { body: x.body }),
      redirect: x.redirect ?? "follow",
      signal,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, url: res.url || url };
  } catch (err) {
    if (x.signal?.aborted) throw x.signal.reason;
    if (timeout.aborted) {
      throw new PublishError(
        "PUBLISH_TIMEOUT",
        `${method} ${url} did not answer within ${x.timeoutMs} ms`,
        { cause: err },
      );
    }
    throw new PublishError("PUBLISH_UNAVAILABLE", `${method} ${url} failed: ${describe(err)}`, {
      cause: err,
    });
  } finally {
    link.release();
  }
}

/** "connect ECONNREFUSED 127.0.0.1:9" rather than undici's bare "fetch failed". */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause;
  if (cause instanceof Error && cause.message) return `${err.message} (${cause.message})`;
  return err.message;
}

/**
 * The `PublishError` of a non-2xx answer. A WordPress-style body (`{code, message,
 * data: {status}}`) gives the message and `remoteCode`; any other body is quoted, short.
 */
export function errorOfAnswer(what: string, answer: HttpAnswer): PublishError {
  const { status } = answer;
  let remoteCode: string | undefined;
  let detail = "";
  const body = parseJson(answer.text);
  if (isRecord(body) && typeof body.message === "string") {
    detail = plainText(body.message);
    if (typeof body.code === "string") remoteCode = body.code;
  } else {
    detail = plainText(answer.text);
  }
  if (detail.length > QUOTE_CHARS) detail = `${detail.slice(0, QUOTE_CHARS)}…`;
  const retryAfterMs = parseRetryAfter(answer.headers);
  let message = `${what} answered ${status}${remoteCode ? ` ${remoteCode}` : ""}`;
  if (detail) message += `: ${detail}`;
  if (status >= 300 && status < 400) {
    const location = answer.headers.get("location");
    message += `: redirected to ${location ?? "(no Location)"}; configure the URL it redirects to`;
  }
  return new PublishError(publishCodeForStatus(status), message, {
    status,
    ...(remoteCode === undefined ? {} : { remoteCode }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Error messages may carry HTML (WordPress's `<strong>Error:</strong> …`). */
function plainText(s: string): string {
  return s
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** `Basic <base64 of user:password>`, UTF-8 (btoa alone takes Latin-1 only). */
export function basicAuth(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return `Basic ${btoa(binary)}`;
}
