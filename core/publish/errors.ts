/**
 * Why a publish failed, as a `PublishError` with a stable `code`. `retryable` is decided
 * here, once: a network error, a timeout, 408, 429 and 5xx may pass on another attempt;
 * any other 4xx (wrong password, a post WordPress refuses) will not, so the pipeline
 * dead-letters it with the reason instead of trying again.
 */
import { type ErrorCode, SeoFarmError } from "../errors.ts";

export type PublishErrorCode = Extract<ErrorCode, `PUBLISH_${string}`>;

/** Codes that may succeed on another attempt. */
const RETRYABLE: ReadonlySet<PublishErrorCode> = new Set([
  "PUBLISH_RATE_LIMITED",
  "PUBLISH_UNAVAILABLE",
  "PUBLISH_TIMEOUT",
  "PUBLISH_INVALID_RESPONSE",
]);

export interface PublishErrorOptions {
  /** @default whether the code is one of the retryable ones */
  retryable?: boolean;
  /** The HTTP status the target answered, if it answered. */
  status?: number;
  /** The target's own error code (WordPress: `incorrect_password`, `rest_invalid_param`). */
  remoteCode?: string;
  /** How long the target asked us to wait (`Retry-After`), if it did. */
  retryAfterMs?: number;
  cause?: unknown;
}

export class PublishError extends SeoFarmError {
  declare readonly code: PublishErrorCode;
  readonly status: number | undefined;
  readonly remoteCode: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(code: PublishErrorCode, message: string, opts: PublishErrorOptions = {}) {
    super(code, message, { cause: opts.cause, retryable: opts.retryable ?? RETRYABLE.has(code) });
    this.status = opts.status;
    this.remoteCode = opts.remoteCode;
    this.retryAfterMs = opts.retryAfterMs;
  }
}

/**
 * The code of an HTTP error status: 401/403 unauthorized, 408 timeout, 429 rate-limited,
 * 5xx unavailable, any other status rejected.
 */
export function publishCodeForStatus(status: number): PublishErrorCode {
  if (status === 401 || status === 403) return "PUBLISH_UNAUTHORIZED";
  if (status === 408) return "PUBLISH_TIMEOUT";
  if (status === 429) return "PUBLISH_RATE_LIMITED";
  if (status >= 500) return "PUBLISH_UNAVAILABLE";
  return "PUBLISH_REJECTED";
}
