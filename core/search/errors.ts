/**
 * Typed search errors. Every provider maps its backend's failures onto these codes, so a
 * caller decides once: `retryable` (429, 5xx, timeouts, connection errors) or not (a wrong
 * key, an exhausted plan, a query the backend rejects, a response that is not what the
 * backend's API promises).
 */
import { type ErrorCode, SeoFarmError } from "../errors.ts";
import { redactSecrets } from "../secrets.ts";

export type SearchErrorCode = Extract<ErrorCode, `SEARCH_${string}`>;

export interface SearchErrorOptions {
  /** The provider's name (`searxng`, `brave`, `dataforseo`). */
  provider: string;
  /** HTTP status of the backend's answer, if there was one. */
  status?: number;
  /** How long the backend asked us to wait (`Retry-After`), if it did. */
  retryAfterMs?: number;
  cause?: unknown;
}

/** The base of every search failure; `code` says which. */
export class SearchError extends SeoFarmError {
  override readonly code: SearchErrorCode;
  readonly provider: string;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(
    code: SearchErrorCode,
    message: string,
    opts: SearchErrorOptions & { retryable: boolean },
  ) {
    // A backend may echo a key back in an error body; the message never carries it.
    super(code, redactSecrets(`${opts.provider}: ${message}`), {
      cause: opts.cause,
      retryable: opts.retryable,
    });
    this.code = code;
    this.provider = opts.provider;
    this.status = opts.status;
    this.retryAfterMs = opts.retryAfterMs;
  }
}

/** The backend failed (5xx, connection refused or reset); retryable unless said otherwise. */
export class SearchFailedError extends SearchError {
  constructor(message: string, opts: SearchErrorOptions & { retryable?: boolean }) {
    super("SEARCH_FAILED", message, { ...opts, retryable: opts.retryable ?? true });
  }
}

/** The backend did not answer within the timeout. Retryable. */
export class SearchTimeoutError extends SearchError {
  constructor(timeoutMs: number, opts: SearchErrorOptions) {
    super("SEARCH_TIMEOUT", `no answer within ${timeoutMs} ms`, { ...opts, retryable: true });
  }
}

/** The credentials were refused (401/403). Not retryable: fix the key. */
export class SearchUnauthorizedError extends SearchError {
  constructor(message: string, opts: SearchErrorOptions) {
    super("SEARCH_UNAUTHORIZED", message, { ...opts, retryable: false });
  }
}

/** The account's plan or balance is used up (402). Not retryable until someone pays. */
export class SearchQuotaExceededError extends SearchError {
  constructor(message: string, opts: SearchErrorOptions) {
    super("SEARCH_QUOTA_EXCEEDED", message, { ...opts, retryable: false });
  }
}

/** Too many requests (429 or the backend's own rate-limit code). Retryable, after `retryAfterMs`. */
export class SearchRateLimitedError extends SearchError {
  constructor(message: string, opts: SearchErrorOptions) {
    super("SEARCH_RATE_LIMITED", message, { ...opts, retryable: true });
  }
}

/** The backend rejected the query (other 4xx, a validation code). Not retryable. */
export class SearchBadRequestError extends SearchError {
  constructor(message: string, opts: SearchErrorOptions) {
    super("SEARCH_BAD_REQUEST", message, { ...opts, retryable: false });
  }
}

/**
 * The backend answered 2xx with something that is not its API's shape (not JSON, a missing
 * `results` array, a proxy's HTML page). Not retryable: usually a wrong base URL or a
 * SearXNG instance without the JSON format enabled.
 */
export class SearchInvalidResponseError extends SearchError {
  constructor(message: string, opts: SearchErrorOptions) {
    super("SEARCH_INVALID_RESPONSE", message, { ...opts, retryable: false });
  }
}
