/**
 * Typed page-fetch errors. `FetchRefusedError` is a policy decision (an address that is not
 * public, a scheme, a redirect limit, content of another type (not HTML) or too large): never
 * retryable. `FetchFailedError` is the web failing (DNS, connection, timeout, an HTTP error):
 * retryable where another attempt may succeed.
 */
import { SeoFarmError } from "../errors.ts";

/** The address ranges the fetcher refuses to connect to (see address-guard.ts). */
export type RefusedAddress =
  | "loopback"
  | "private"
  | "link-local"
  | "unique-local"
  | "cgnat"
  | "unspecified"
  | "multicast"
  | "broadcast"
  | "reserved"
  | "documentation";

/** Why a fetch was refused: an address range, or something about the URL or the answer. */
export type FetchRefusalReason =
  | RefusedAddress
  | "scheme"
  | "credentials"
  | "redirect-limit"
  | "content-type"
  | "too-large";

/** The fetcher would not fetch (or keep) this. Not retryable. */
export class FetchRefusedError extends SeoFarmError {
  override readonly code = "FETCH_REFUSED" as const;
  readonly reason: FetchRefusalReason;
  /** The URL refused (for a redirect, its target). */
  readonly url: string;
  /** The address that was refused, when the reason is an address class. */
  readonly address: string | undefined;

  constructor(
    reason: FetchRefusalReason,
    url: string,
    message: string,
    opts: { address?: string; cause?: unknown } = {},
  ) {
    super("FETCH_REFUSED", `refused ${url}: ${message}`, { cause: opts.cause, retryable: false });
    this.reason = reason;
    this.url = url;
    this.address = opts.address;
  }
}

/** Why a fetch failed. */
export type FetchFailureKind = "dns" | "connection" | "timeout" | "http-status" | "redirect";

/** The page could not be fetched. `retryable` for timeouts, connection errors, 429 and 5xx. */
export class FetchFailedError extends SeoFarmError {
  override readonly code = "FETCH_FAILED" as const;
  readonly kind: FetchFailureKind;
  readonly url: string;
  /** HTTP status, for `http-status`. */
  readonly status: number | undefined;

  constructor(
    kind: FetchFailureKind,
    url: string,
    message: string,
    opts: { status?: number; retryable: boolean; cause?: unknown },
  ) {
    super("FETCH_FAILED", `could not fetch ${url}: ${message}`, {
      cause: opts.cause,
      retryable: opts.retryable,
    });
    this.kind = kind;
    this.url = url;
    this.status = opts.status;
  }
}
